/**
 * Reads and validates the stack's settings from CDK context (`-c key=value` or `cdk.json`).
 *
 * Values given with `-c` always arrive as strings ("false", "30"); values from `cdk.json` keep
 * their JSON type. Every reader accepts both. All problems are collected and reported together,
 * each naming its context key, so one failed synth tells the operator everything to fix. Each
 * group of settings has its own file in this folder; this one lists the keys and assembles them.
 */

import { isPlainHttpUrl } from '../../lib/setting-values.js';
import { DEFAULT_JWT_SCOPES } from '../../lib/settings/deploy-names.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import { ONE_AUTHORIZER_MESSAGE, readJwt, readLitemaasAuth } from './auth.js';
import { readSecretArn } from './arns.js';
import { ContextConfigError, InvalidValue, readBoolean, readContextSetting, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import { readDatabaseMode, readExistingDatabase } from './database.js';
import { readEventBus } from './events.js';
import { readPassedSettings } from './passed-settings.js';
import { checkHttpUrl, FAKE_LITELLM_URL, readVpcAttachment } from './network.js';
import { DEFAULT_FRESHNESS_ALARM_MULTIPLIER, DEFAULT_SYNC_INTERVAL_MINUTES, readEmail, readFreshnessMultiplier, readSyncInterval } from './schedule.js';
import type { ModelSyncConfig } from './types.js';

export type { ContextReader } from './context-reader.js';
export type { DatabaseMode, ExistingDatabaseConfig, JwtConfig, JwtScopes, LitemaasAuthConfig, ModelSyncConfig, VpcAttachmentConfig } from './types.js';
export { ContextConfigError, DEFAULT_FRESHNESS_ALARM_MULTIPLIER, DEFAULT_JWT_SCOPES, DEFAULT_SYNC_INTERVAL_MINUTES, FAKE_LITELLM_URL, ONE_AUTHORIZER_MESSAGE };

const DEFAULT_INSTANCE_NAME = 'LiteMaaSModelSync';

/** The context keys of the stack's own settings, which no function reads. */
const STACK_CONTEXT_KEYS = [
  'instanceName',
  'database',
  'litellmApiKeySecretArn',
  'existingClusterArn',
  'existingClusterIdentifier',
  'existingDatabaseSecretArn',
  'databaseSecretKmsKeyArn',
  'databaseName',
  'jwtIssuer',
  'jwtAudience',
  'litemaasJwtSecretArn',
  'alarmEmail',
  'freshnessAlarmMultiplier',
  'vpcId',
  'subnetIds',
  'securityGroupIds',
  'runtimeDatabaseSecretArn',
  'reservedConcurrency',
  'eventBusName',
  'eventBusArn',
] as const;

/** Every context key the stack reads, for documentation and tests: its own and the settings rows'. */
export const CONTEXT_KEYS: readonly string[] = [
  ...STACK_CONTEXT_KEYS,
  ...Object.values(SETTINGS).flatMap((row) => ('contextKey' in row ? [row.contextKey] : [])),
];

/** Keys that were renamed or removed: naming them fails the synth with what to use instead. */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
  jwtScope: 'jwtScope was replaced by jwtScopeRead, jwtScopeStart and jwtScopeForce (defaults model-sync/read, model-sync/start, model-sync/force)',
};

/**
 * Parses all settings.
 *
 * @example
 * const config = parseConfig((key) => app.node.tryGetContext(key));
 */
export function parseConfig(read: ContextReader): ModelSyncConfig {
  const problems: string[] = [];
  // A key in context would end up in cdk.out and shell history; refuse it without echoing it.
  for (const key of ['litellmApiKey', 'litellmMasterKey', 'apiKey']) {
    if (read(key) !== undefined) {
      problems.push(`${key} is not a context setting: never pass the LiteLLM key in context; put it in the LiteLLM key secret (see the LitellmKeySecretCommand output)`);
    }
  }
  for (const [key, message] of Object.entries(RETIRED_KEYS)) {
    if (read(key) !== undefined) problems.push(message);
  }
  const collect = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof InvalidValue) {
        problems.push(error.message);
        return undefined;
      }
      throw error;
    }
  };

  const syncIntervalMinutes = collect(() => readSyncInterval(read)) ?? DEFAULT_SYNC_INTERVAL_MINUTES;
  const autoSync = collect(() => readContextSetting(read, SETTINGS.autoSync)) ?? SETTINGS.autoSync.default;
  const litellmUrlKey = SETTINGS.litellmUrl.contextKey;
  const litellmUrlText = readText(read, litellmUrlKey);
  const litellmUrl = litellmUrlText === undefined ? undefined : collect(() => checkHttpUrl(litellmUrlKey, litellmUrlText));
  const litellmApiKeySecretArn = collect(() => readSecretArn(read, 'litellmApiKeySecretArn'));
  const instanceName = collect(() => readInstanceName(read)) ?? DEFAULT_INSTANCE_NAME;
  const database = collect(() => readDatabaseMode(read));
  const existingDatabase = database === undefined ? undefined : collect(() => readExistingDatabase(read, database));
  const jwt = collect(() => readJwt(read));
  const litemaasAuth = collect(() => readLitemaasAuth(read));
  const alarmEmail = collect(() => readEmail(read, 'alarmEmail'));
  const vpcAttachment = collect(() => readVpcAttachment(read));
  const passedSettings = readPassedSettings(read, collect);
  const runtimeDatabaseSecretArn = collect(() => readSecretArn(read, 'runtimeDatabaseSecretArn'));
  const reservedConcurrency = collect(() => readBoolean(read, 'reservedConcurrency')) ?? false;
  const deploySync = collect(() => readContextSetting(read, SETTINGS.deploySync)) ?? SETTINGS.deploySync.default;
  const freshnessAlarmMultiplier = collect(() => readFreshnessMultiplier(read, syncIntervalMinutes)) ?? DEFAULT_FRESHNESS_ALARM_MULTIPLIER;
  const allowInsecureLitellm = collect(() => readContextSetting(read, SETTINGS.allowInsecureLitellm)) ?? SETTINGS.allowInsecureLitellm.default;
  if (litellmUrl !== undefined && isPlainHttpUrl(litellmUrl) && vpcAttachment === undefined && !allowInsecureLitellm) {
    problems.push(
      'litellmUrl is http://: the LiteLLM master key would cross the network in clear. Use https, run the functions in a VPC (vpcId, subnetIds, securityGroupIds), or accept the risk with allowInsecureLitellm=true',
    );
  }
  const eventBus = collect(() => readEventBus(read));
  const showCallerArns = collect(() => readContextSetting(read, SETTINGS.showCallerArns)) ?? SETTINGS.showCallerArns.default;

  if (problems.length > 0 || database === undefined) throw new ContextConfigError(problems);
  return {
    instanceName,
    database,
    syncIntervalMinutes,
    autoSync,
    litellmUrl: litellmUrl ?? FAKE_LITELLM_URL,
    litellmUrlIsFake: litellmUrlText === undefined,
    litellmApiKeySecretArn,
    existingDatabase,
    jwt,
    litemaasAuth,
    alarmEmail,
    vpcAttachment,
    ...passedSettings,
    ...(runtimeDatabaseSecretArn === undefined ? {} : { runtimeDatabaseSecretArn }),
    reservedConcurrency,
    deploySync,
    freshnessAlarmMultiplier,
    allowInsecureLitellm,
    showCallerArns,
    eventBus,
  };
}

/** A CloudFormation stack name: it becomes the stack's name and prefixes what operators look up. */
function readInstanceName(read: ContextReader): string | undefined {
  const text = readText(read, 'instanceName');
  if (text === undefined) return undefined;
  // 64, not CloudFormation's 128: generated physical names (e.g. alarm names) start with it.
  if (!/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(text)) {
    throw new InvalidValue(`instanceName must start with a letter and hold only letters, digits and hyphens, at most 64 (got "${text}")`);
  }
  return text;
}
