import { describe, expect, it } from 'vitest';
import { ContextConfigError, parseConfig } from '../../infra/config/index.js';
import { buildStack, LITELLM_URL, NEW_DATABASE, syncFunctions, templateFor } from './synth-stack.js';

/** The catalog policy as stack context (contract §7), passed to every function that syncs as SYNC_* variables. */
const from = (context: Record<string, unknown>) => (key: string) => ({ ...NEW_DATABASE, ...context })[key];

/** The schedule the read function reports on GET /sync/status: not a catalog setting. */
const SCHEDULE_VARIABLES = new Set(['SYNC_SCHEDULE_ENABLED', 'SYNC_INTERVAL_MINUTES']);
const catalogVariables = (environment: Record<string, string>): string[] =>
  Object.keys(environment).filter((name) => name.startsWith('SYNC_') && !SCHEDULE_VARIABLES.has(name));

/** The environment of each function, by logical id. */
function environments(context: Record<string, unknown>): [string, Record<string, string>][] {
  return Object.entries(syncFunctions(templateFor({ ...NEW_DATABASE, litellmUrl: LITELLM_URL, ...context }))).map(
    ([id, properties]) => [id, (properties.Environment as { Variables: Record<string, string> }).Variables],
  );
}

describe('the catalog context keys', () => {
  it('should parse -c strings and cdk.json values alike', () => {
    // Prepare
    const asStrings = { includeTeamModels: 'true', includeModels: 'gpt-*, RedHatAI/*', excludeModels: '*-preview', newModelsRestricted: 'TRUE', retireAfterMissedRuns: '3' };
    const asJson = { includeTeamModels: true, includeModels: ['gpt-*', 'RedHatAI/*'], excludeModels: ['*-preview'], newModelsRestricted: true, retireAfterMissedRuns: 3 };

    // Act
    const fromStrings = parseConfig(from(asStrings));
    const fromJson = parseConfig(from(asJson));

    // Assess
    expect(fromStrings).toEqual(fromJson);
    expect(fromJson).toMatchObject({ includeTeamModels: true, includeModels: ['gpt-*', 'RedHatAI/*'], excludeModels: ['*-preview'], newModelsRestricted: true, retireAfterMissedRuns: 3 });
  });

  it('should pass them to every function as the SYNC_* variables', () => {
    // Act
    const variables = environments({ includeTeamModels: true, includeModels: ['gpt-*', 'RedHatAI/*'], excludeModels: '*-preview', newModelsRestricted: true, retireAfterMissedRuns: 2 });

    // Assess: the read-only API function runs no sync and gets none of them
    const [readOnly, syncing] = [variables.filter(([id]) => id.startsWith('SyncReadApi')), variables.filter(([id]) => !id.startsWith('SyncReadApi'))];
    expect(syncing).toHaveLength(3);
    expect(readOnly.map(([, environment]) => catalogVariables(environment))).toEqual([[]]);
    for (const [, environment] of syncing) {
      expect(environment).toMatchObject({
        SYNC_INCLUDE_TEAM_MODELS: 'true',
        SYNC_INCLUDE: 'gpt-*,RedHatAI/*',
        SYNC_EXCLUDE: '*-preview',
        SYNC_NEW_MODELS_RESTRICTED: 'true',
        SYNC_RETIRE_AFTER_MISSED_RUNS: '2',
      });
    }
  });

  it('should set none of them when not given, leaving the functions their defaults', () => {
    for (const [, environment] of environments({})) {
      expect(catalogVariables(environment)).toEqual([]);
    }
  });

  it.each([
    [{ includeModels: 'gpt-*,,x' }, /includeModels has an empty item \(item 2/],
    [{ excludeModels: ['ok', ''] }, /excludeModels item 2 must be a non-empty model-name glob/],
    [{ excludeModels: ['a,b'] }, /excludeModels item 1 .* without a comma/],
    [{ includeTeamModels: 'yes' }, /includeTeamModels must be true or false/],
    [{ retireAfterMissedRuns: 0 }, /retireAfterMissedRuns must be an integer from 1 to 1000/],
  ])('should fail the synth for %j with a message naming the key', (context, message) => {
    expect(() => parseConfig(from(context))).toThrow(ContextConfigError);
    expect(() => buildStack({ ...NEW_DATABASE, litellmUrl: LITELLM_URL, ...context })).toThrow(message);
  });
});
