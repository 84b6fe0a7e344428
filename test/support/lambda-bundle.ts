import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The Node binary the `node` npm package pins (package.json); npm scripts put it first on PATH. */
export const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** Imports a bundle and calls its handler with the event in argv[2]; prints what happened as JSON. */
const INVOKE_BUNDLE = `
const { handler } = await import(process.argv[1]);
const outcome = { node: process.versions.node, handlerType: typeof handler };
const remainingMs = Number(process.argv[3]);
const deadline = Date.now() + remainingMs;
try {
  const answer = await handler(JSON.parse(process.argv[2]), { functionName: 'smoke', awsRequestId: 'smoke-1', getRemainingTimeInMillis: () => deadline - Date.now() });
  outcome.answer = answer ?? null;
} catch (error) {
  outcome.error = error instanceof Error ? error.message : String(error);
}
process.stdout.write('\\n' + JSON.stringify(outcome) + '\\n');
process.exit(0);
`;

/** What one invocation of a bundle gave: its answer or the message of what it threw, and its log. */
export interface BundleOutcome {
  node: string;
  handlerType: string;
  answer?: ({ statusCode?: number; body?: string; isAuthorized?: boolean } & Record<string, unknown>) | null;
  error?: string;
  /** Everything the bundle printed (its JSON log lines: Powertools writes errors to stderr). */
  log: string;
}

/**
 * Invokes a built handler bundle once in a fresh process on the pinned Node 24, as Lambda would
 * (a cold start), with exactly `env` (plus PATH). Asynchronous, so that servers in the test
 * process (PostgreSQL, LiteLLM, Secrets Manager stand-ins) go on answering meanwhile.
 *
 * @example
 * const outcome = await invokeBundle(file, scheduledEvent, { AWS_REGION: 'eu-west-1', ... });
 */
export function invokeBundle(file: string, event: unknown, env: Record<string, string>, remainingMs = 10_000): Promise<BundleOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      PINNED_NODE,
      ['--input-type=module', '-e', INVOKE_BUNDLE, file, JSON.stringify(event), String(remainingMs)],
      { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: remainingMs + 20_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const lines = stdout.trimEnd().split('\n');
        const last = lines.at(-1) ?? '';
        if (error !== null && !last.startsWith('{"node"')) {
          reject(new Error(`the bundle did not run: ${error.message} ${stderr}`));
          return;
        }
        resolve({ ...(JSON.parse(last) as Omit<BundleOutcome, 'log'>), log: [...lines.slice(0, -1), stderr].join('\n') });
      },
    );
  });
}
