import { parseArgs } from 'node:util';
import { givenValue, parseLiteLLMUrl, readVariable } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import type { Environment } from '../lib/config.js';
import type { SyncOptions } from '../lib/index.js';

export const USAGE = `Usage: npm run sync -- [options]
       litemaas-model-sync [options]
       litemaas-model-sync status [--database-url URL] [--json]   (see status --help)

Syncs the LiteMaaS "models" table with the models a LiteLLM proxy serves.

Options:
  --litellm-url URL        LiteLLM proxy base URL (default: $LITELLM_API_URL)
  --database-url URL       PostgreSQL URL (default: $DATABASE_URL; when neither is set,
                           an embedded PostgreSQL kept in .data/postgres)
  --dry-run                Show what would change; change and record nothing
  --force-update           Rewrite every model row, even unchanged ones
  --no-mark-unavailable    Do not retire models that LiteLLM no longer lists
  --force                  Override the mass-retirement guard
  --json                   Print only the result as JSON
  --events                 Also print the EventBridge events the run would publish, as JSON
  --help                   Show this help

Environment:
  LITELLM_API_KEY          LiteLLM master key (required; never passed as a flag)
  SYNC_MAX_RETIRE_FRACTION Largest share of available models one run may retire (default 0.5)
  LITELLM_TIMEOUT_MS       Per-attempt timeout for LiteLLM (default 10000)
  LITELLM_MAX_ATTEMPTS     Attempts for LiteLLM, retrying network errors, 429 and 5xx (default 3)

Exit codes: 0 success, 1 the sync failed, 2 bad usage or configuration,
            3 skipped because another sync is running.`;

export interface CliArguments {
  help: boolean;
  json: boolean;
  /** Print the change events of the run (docs/events.md). */
  events: boolean;
  litellmUrl: string;
  litellmApiKey: string;
  /** Undefined: use the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  options: Required<SyncOptions>;
}

/** A PostgreSQL URL, checked without ever echoing it (it usually holds a password). */
function checkDatabaseUrl(value: string, source: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(`${source} must be a PostgreSQL URL: postgres://user:password@host:5432/database.`);
  }
}

/** Parses flags and environment; throws ConfigError with what to set. */
export function parseCliArguments(argv: string[], env: Environment): CliArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'litellm-url': { type: 'string' },
        'database-url': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'force-update': { type: 'boolean', default: false },
        'no-mark-unavailable': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        events: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${reason}. See --help.`);
  }
  const options = {
    dryRun: values['dry-run'],
    forceUpdate: values['force-update'],
    markUnavailable: !values['no-mark-unavailable'],
    force: values.force,
  };
  if (values.help) {
    return { help: true, json: values.json, events: values.events, litellmUrl: '', litellmApiKey: '', databaseUrl: undefined, options };
  }
  const urlFlag = givenValue(values['litellm-url']);
  const litellmUrl = parseLiteLLMUrl(
    urlFlag ?? readVariable(env, 'LITELLM_API_URL'),
    urlFlag === undefined ? 'LITELLM_API_URL (or --litellm-url)' : '--litellm-url',
  );
  const litellmApiKey = readVariable(env, 'LITELLM_API_KEY');
  if (litellmApiKey === undefined) {
    throw new ConfigError('No LiteLLM key: set LITELLM_API_KEY to the proxy master key.');
  }
  const databaseFlag = givenValue(values['database-url']);
  const databaseUrl = databaseFlag ?? readVariable(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl, databaseFlag === undefined ? 'DATABASE_URL' : '--database-url');
  return { help: false, json: values.json, events: values.events, litellmUrl, litellmApiKey, databaseUrl, options };
}
