/**
 * Reads and validates the stack's settings from CDK context (`-c key=value` or `cdk.json`).
 *
 * Values given with `-c` always arrive as strings ("false", "30"); values from `cdk.json` keep
 * their JSON type. Every reader accepts both. All problems are collected and reported together,
 * each naming its context key, so one failed synth tells the operator everything to fix.
 */

import { splitNamePatterns } from '../lib/catalog/name-patterns.js';
import { ConfigError } from '../lib/errors.js';

/** Reads one context value; `node.tryGetContext` fits. */
export type ContextReader = (key: string) => unknown;

/** An existing Aurora cluster (e.g. the one LiteMaaS already uses), imported instead of created. */
export interface ExistingDatabaseConfig {
  /** The cluster ARN, when given as `existingClusterArn`. */
  readonly clusterArn?: string;
  /** The cluster identifier, when given as `existingClusterIdentifier` (same account and region). */
  readonly clusterIdentifier?: string;
  /** Complete ARN of the Secrets Manager secret the Data API signs in with. */
  readonly secretArn: string;
  /** The PostgreSQL database holding the LiteMaaS `models` table. */
  readonly databaseName: string;
  /** A customer managed KMS key encrypting the secret. @default - the secret uses the AWS managed key */
  readonly secretKmsKeyArn?: string;
}

/** The OAuth scopes a JWT must carry, one per kind of access. */
export interface JwtScopes {
  /** `GET /sync/runs`, `GET /sync/runs/{runId}`, `GET /sync/status`. @default 'model-sync/read' */
  readonly read: string;
  /** `POST /sync`. @default 'model-sync/start' */
  readonly start: string;
  /** `POST /sync/force` (may retire more than the guard allows). @default 'model-sync/force' */
  readonly force: string;
}

/** JWT authorization for the HTTP API instead of IAM (SigV4). */
export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string[];
  readonly scopes: JwtScopes;
}

/**
 * LiteMaaS token authorization instead of IAM: a Lambda authorizer verifies the HS256 access
 * tokens LiteMaaS signs for its users and lets its admins through (functions/litemaas-authorizer.ts).
 */
export interface LitemaasAuthConfig {
  /** Complete ARN of the secret holding LiteMaaS's `JWT_SECRET`. */
  readonly jwtSecretArn: string;
}

/** Existing network the functions run in, when LiteLLM is only reachable inside a VPC. */
export interface VpcAttachmentConfig {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** The validated settings of one deployment. */
export interface ModelSyncConfig {
  /** The stack name; it also prefixes descriptions and names operators look up. @default 'LiteMaaSModelSync' */
  readonly instanceName: string;
  /** Whether this stack creates its database or uses an existing one. Required: no default. */
  readonly database: DatabaseMode;
  /** Minutes between scheduled syncs. @default 60 */
  readonly syncIntervalMinutes: number;
  /** Whether the schedule rule is enabled. @default true */
  readonly autoSync: boolean;
  /** Base URL of the LiteLLM proxy. @default FAKE_LITELLM_URL (synth only; deploy refuses it) */
  readonly litellmUrl: string;
  /** True when `litellmUrl` was not given and the fake default is in use. */
  readonly litellmUrlIsFake: boolean;
  /** An existing secret holding the LiteLLM master key. @default - a new secret with a placeholder */
  readonly litellmApiKeySecretArn?: string;
  /** @default - a new Aurora Serverless v2 cluster */
  readonly existingDatabase?: ExistingDatabaseConfig;
  /** @default - IAM (SigV4) authorization on every route */
  readonly jwt?: JwtConfig;
  /** @default - IAM (SigV4) authorization on every route; never together with `jwt` */
  readonly litemaasAuth?: LitemaasAuthConfig;
  /** @default - alarms go to the SNS topic without a subscription */
  readonly alarmEmail?: string;
  /** @default - the functions run outside any VPC */
  readonly vpcAttachment?: VpcAttachmentConfig;
  /** Largest share of available models one run may retire. @default - the functions' own default (0.5) */
  readonly maxRetireFraction?: number;
  /** Publish team-only (BYOK) models too (`SYNC_INCLUDE_TEAM_MODELS`). @default - false */
  readonly includeTeamModels?: boolean;
  /** Publish only model names matching one of these globs (`SYNC_INCLUDE`). @default - every name */
  readonly includeModels?: string[];
  /** Never publish names matching one of these globs; wins over includeModels (`SYNC_EXCLUDE`). @default - none */
  readonly excludeModels?: string[];
  /** Insert new models with restricted_access = true (`SYNC_NEW_MODELS_RESTRICTED`). @default - false */
  readonly newModelsRestricted?: boolean;
  /** Retire a model only after this many successive runs missed it (`SYNC_RETIRE_AFTER_MISSED_RUNS`). @default - 1 */
  readonly retireAfterMissedRuns?: number;
  /**
   * A secret of a database user limited to the sync's tables, for the scheduled and API functions;
   * the deploy-time function keeps the main secret (it migrates). @default - every function uses the main secret
   */
  readonly runtimeDatabaseSecretArn?: string;
  /** Reserve concurrency (scheduled 1, start API 5). @default false - unreserved, fits any account quota */
  readonly reservedConcurrency: boolean;
  /** Whether the deploy-time function syncs after the migrations. @default true */
  readonly deploySync: boolean;
  /** The freshness alarm fires after this many intervals without a successful sync. @default 3 */
  readonly freshnessAlarmMultiplier: number;
  /** Allows an `http://` LiteLLM URL outside a VPC (the key then crosses the network in clear). @default false */
  readonly allowInsecureLitellm: boolean;
  /** An existing EventBridge bus for the change events, by name or ARN. @default - a new bus */
  readonly eventBus?: { readonly name?: string; readonly arn?: string };
}

/** `new`: this stack creates an Aurora cluster; `existing`: it uses the one the `existing*` keys name. */
export type DatabaseMode = 'new' | 'existing';

/** Thrown when context values are invalid; the message lists every problem. */
export class ContextConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid CDK context:\n- ${problems.join('\n- ')}`);
    this.name = 'ContextConfigError';
  }
}

/**
 * The URL used when `litellmUrl` is not given. `.invalid` is a reserved top-level domain that never
 * resolves, so the value cannot reach anything by accident.
 */
export const FAKE_LITELLM_URL = 'https://litellm-url-not-set.invalid';

export const DEFAULT_SYNC_INTERVAL_MINUTES = 60;
export const DEFAULT_INSTANCE_NAME = 'LiteMaaSModelSync';
export const DEFAULT_FRESHNESS_ALARM_MULTIPLIER = 3;
export const DEFAULT_JWT_SCOPES: JwtScopes = { read: 'model-sync/read', start: 'model-sync/start', force: 'model-sync/force' };
/** CloudWatch evaluates an alarm over at most 7 days. */
const MAX_FRESHNESS_WINDOW_MINUTES = 7 * 24 * 60;

/** Every context key the stack reads, for documentation and tests. */
export const CONTEXT_KEYS = [
  'instanceName',
  'database',
  'syncIntervalMinutes',
  'autoSync',
  'litellmUrl',
  'litellmApiKeySecretArn',
  'existingClusterArn',
  'existingClusterIdentifier',
  'existingDatabaseSecretArn',
  'databaseSecretKmsKeyArn',
  'databaseName',
  'jwtIssuer',
  'jwtAudience',
  'litemaasJwtSecretArn',
  'jwtScopeRead',
  'jwtScopeStart',
  'jwtScopeForce',
  'alarmEmail',
  'freshnessAlarmMultiplier',
  'vpcId',
  'subnetIds',
  'securityGroupIds',
  'maxRetireFraction',
  'includeTeamModels',
  'includeModels',
  'excludeModels',
  'newModelsRestricted',
  'retireAfterMissedRuns',
  'runtimeDatabaseSecretArn',
  'reservedConcurrency',
  'deploySync',
  'allowInsecureLitellm',
  'eventBusName',
  'eventBusArn',
] as const;

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
  const autoSync = collect(() => readBoolean(read, 'autoSync')) ?? true;
  const litellmUrlText = readText(read, 'litellmUrl');
  const litellmUrl = litellmUrlText === undefined ? undefined : collect(() => checkHttpUrl('litellmUrl', litellmUrlText));
  const litellmApiKeySecretArn = collect(() => readSecretArn(read, 'litellmApiKeySecretArn'));
  const instanceName = collect(() => readInstanceName(read)) ?? DEFAULT_INSTANCE_NAME;
  const database = collect(() => readDatabaseMode(read));
  const existingDatabase = database === undefined ? undefined : collect(() => readExistingDatabase(read, database));
  const jwt = collect(() => readJwt(read));
  const litemaasAuth = collect(() => readLitemaasAuth(read));
  const alarmEmail = collect(() => readEmail(read, 'alarmEmail'));
  const vpcAttachment = collect(() => readVpcAttachment(read));
  const maxRetireFraction = collect(() => readFraction(read, 'maxRetireFraction'));
  const includeTeamModels = collect(() => readBoolean(read, 'includeTeamModels'));
  const includeModels = collect(() => readPatternList(read, 'includeModels'));
  const excludeModels = collect(() => readPatternList(read, 'excludeModels'));
  const newModelsRestricted = collect(() => readBoolean(read, 'newModelsRestricted'));
  const retireAfterMissedRuns = collect(() => readRunCount(read, 'retireAfterMissedRuns'));
  const runtimeDatabaseSecretArn = collect(() => readSecretArn(read, 'runtimeDatabaseSecretArn'));
  const reservedConcurrency = collect(() => readBoolean(read, 'reservedConcurrency')) ?? false;
  const deploySync = collect(() => readBoolean(read, 'deploySync')) ?? true;
  const freshnessAlarmMultiplier = collect(() => readFreshnessMultiplier(read, syncIntervalMinutes)) ?? DEFAULT_FRESHNESS_ALARM_MULTIPLIER;
  const allowInsecureLitellm = collect(() => readBoolean(read, 'allowInsecureLitellm')) ?? false;
  if (litellmUrl?.startsWith('http://') === true && vpcAttachment === undefined && !allowInsecureLitellm) {
    problems.push(
      'litellmUrl is http://: the LiteLLM master key would cross the network in clear. Use https, run the functions in a VPC (vpcId, subnetIds, securityGroupIds), or accept the risk with allowInsecureLitellm=true',
    );
  }
  const eventBus = collect(() => readEventBus(read));

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
    maxRetireFraction,
    includeTeamModels,
    includeModels,
    excludeModels,
    newModelsRestricted,
    retireAfterMissedRuns,
    ...(runtimeDatabaseSecretArn === undefined ? {} : { runtimeDatabaseSecretArn }),
    reservedConcurrency,
    deploySync,
    freshnessAlarmMultiplier,
    allowInsecureLitellm,
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

/**
 * Required, with no default: a deploy that forgot the existing-cluster keys must not quietly
 * plan a new, empty cluster and point every function at it.
 */
function readDatabaseMode(read: ContextReader): DatabaseMode {
  const text = readText(read, 'database');
  if (text === undefined) {
    throw new InvalidValue(
      'database is not set: add "database": "new" (this stack creates an Aurora cluster) or "database": "existing" (use existingClusterArn or existingClusterIdentifier) to the context of cdk.json, or pass -c database=new|existing (see docs/deploy.md, "Choose a database mode")',
    );
  }
  if (text !== 'new' && text !== 'existing') throw new InvalidValue(`database must be new or existing (got "${text}")`);
  return text;
}

/** Whole intervals without a successful sync before the freshness alarm fires; CloudWatch caps the window at 7 days. */
function readFreshnessMultiplier(read: ContextReader, intervalMinutes: number): number | undefined {
  const text = readText(read, 'freshnessAlarmMultiplier');
  if (text === undefined) {
    if (DEFAULT_FRESHNESS_ALARM_MULTIPLIER * intervalMinutes > MAX_FRESHNESS_WINDOW_MINUTES) {
      throw new InvalidValue(`syncIntervalMinutes × freshnessAlarmMultiplier must be at most 7 days (10080 minutes); lower freshnessAlarmMultiplier`);
    }
    return undefined;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 2 || value > 100) {
    throw new InvalidValue(`freshnessAlarmMultiplier must be an integer from 2 to 100 (got "${text}")`);
  }
  if (value * intervalMinutes > MAX_FRESHNESS_WINDOW_MINUTES) {
    throw new InvalidValue(`syncIntervalMinutes × freshnessAlarmMultiplier must be at most 7 days (10080 minutes; got ${value * intervalMinutes})`);
  }
  return value;
}

/** One bad value; `parseConfig` turns these into the list of problems. */
class InvalidValue extends Error {}

/** A context value as trimmed text; unset, null and empty all mean "not given". */
function readText(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidValue(`${key} must be a single value, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A list from a JSON array (cdk.json) or comma-separated text (`-c key=a,b`). */
function readList(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  const items = Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : readText(read, key)?.split(',');
  const cleaned = items?.map((item) => item.trim()).filter((item) => item !== '');
  return cleaned === undefined || cleaned.length === 0 ? undefined : cleaned;
}

/**
 * Model-name globs from a JSON array or comma-separated text. The functions receive them as one
 * comma-separated variable, so an empty item or an item with a comma is refused here, at synth.
 */
function readPatternList(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '' || item.includes(','));
    if (bad >= 0) {
      throw new InvalidValue(`${key} item ${bad + 1} must be a non-empty model-name glob without a comma, e.g. "gpt-*" (got ${JSON.stringify(value[bad])})`);
    }
    return value.map((item) => String(item).trim());
  }
  const text = readText(read, key);
  if (text === undefined) return undefined;
  try {
    return splitNamePatterns(text, key); // the rule the functions apply to the variable
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidValue(error.message);
    throw error;
  }
}

function readRunCount(read: ContextReader, key: string): number | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 1000) {
    throw new InvalidValue(`${key} must be a whole number of runs from 1 to 1000 (got "${text}")`);
  }
  return value;
}

function readSyncInterval(read: ContextReader): number | undefined {
  const text = readText(read, 'syncIntervalMinutes');
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < 1 || value > 1440) {
    throw new InvalidValue(`syncIntervalMinutes must be an integer from 1 to 1440 (got "${text}")`);
  }
  return value;
}

function readBoolean(read: ContextReader, key: string): boolean | undefined {
  const text = readText(read, key)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InvalidValue(`${key} must be true or false (got "${text}")`);
}

function readFraction(read: ContextReader, key: string): number | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidValue(`${key} must be a number from 0 to 1 (got "${text}")`);
  }
  return value;
}

/**
 * Accepts http and https URLs, loopback included (a LiteLLM reachable through a VPC attachment may
 * well be plain http). Credentials in the URL are refused: they would land in the template.
 */
function checkHttpUrl(key: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidValue(`${key} must be an http or https URL, e.g. https://litellm.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidValue(`${key} must be an http or https URL, e.g. https://litellm.example.com`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidValue(`${key} must not contain credentials; put the key in the LiteLLM key secret instead`);
  }
  return text.replace(/\/+$/, '');
}

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/;

function readSecretArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'secretsmanager' || !match[4]?.startsWith('secret:')) {
    throw new InvalidValue(
      `${key} must be the complete ARN of a Secrets Manager secret, e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf`,
    );
  }
  return text;
}

function readClusterArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'rds' || !/^cluster:[a-zA-Z][a-zA-Z0-9-]*$/.test(match[4] ?? '')) {
    throw new InvalidValue(`${key} must be an Aurora cluster ARN, e.g. arn:aws:rds:eu-west-1:123456789012:cluster:litemaas`);
  }
  return text;
}

/**
 * With `database=existing`, the cluster, its secret and the database name come as a complete set;
 * with `database=new`, none of the `existing*` keys may be given (they would be silently ignored).
 */
function readExistingDatabase(read: ContextReader, mode: DatabaseMode): ExistingDatabaseConfig | undefined {
  const clusterArn = readClusterArn(read, 'existingClusterArn');
  const clusterIdentifier = readText(read, 'existingClusterIdentifier');
  const secretArn = readSecretArn(read, 'existingDatabaseSecretArn');
  const secretKmsKeyArn = readKmsKeyArn(read, 'databaseSecretKmsKeyArn');
  const databaseName = readText(read, 'databaseName');
  if (mode === 'new') {
    const given = [
      clusterArn === undefined ? undefined : 'existingClusterArn',
      clusterIdentifier === undefined ? undefined : 'existingClusterIdentifier',
      secretArn === undefined ? undefined : 'existingDatabaseSecretArn',
      secretKmsKeyArn === undefined ? undefined : 'databaseSecretKmsKeyArn',
    ].filter((key): key is string => key !== undefined);
    if (given.length > 0) throw new InvalidValue(`database=new creates its own cluster; ${given.join(', ')} only apply with database=existing`);
    return undefined;
  }
  if (clusterArn !== undefined && clusterIdentifier !== undefined) {
    throw new InvalidValue('existingClusterArn and existingClusterIdentifier name the same thing: give only one of them');
  }
  const missing = [
    clusterArn === undefined && clusterIdentifier === undefined ? 'existingClusterArn (or existingClusterIdentifier)' : undefined,
    secretArn === undefined ? 'existingDatabaseSecretArn' : undefined,
    databaseName === undefined ? 'databaseName' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0 || secretArn === undefined || databaseName === undefined) {
    throw new InvalidValue(
      `an existing database needs existingClusterArn (or existingClusterIdentifier), existingDatabaseSecretArn and databaseName together; missing: ${missing.join(', ')}`,
    );
  }
  if (clusterIdentifier !== undefined && !/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(clusterIdentifier)) {
    throw new InvalidValue(`existingClusterIdentifier must be an Aurora cluster identifier (letters, digits, hyphens; got "${clusterIdentifier}")`);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_$]{0,62}$/.test(databaseName)) {
    throw new InvalidValue(`databaseName must be a PostgreSQL database name (letters, digits, underscores; got "${databaseName}")`);
  }
  return { clusterArn, clusterIdentifier, secretArn, databaseName, ...(secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn }) };
}

function readKmsKeyArn(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  const match = ARN.exec(text);
  if (match?.[1] !== 'kms' || !/^key\/[0-9a-f-]{36}$|^key\/mrk-[0-9a-f]{32}$/.test(match[4] ?? '')) {
    throw new InvalidValue(`${key} must be the ARN of a KMS key, e.g. arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  }
  return text;
}

/** JWT mode needs both issuer and audience; scopes alone mean nothing. */
function readJwt(read: ContextReader): JwtConfig | undefined {
  const issuer = readText(read, 'jwtIssuer');
  const audience = readList(read, 'jwtAudience');
  const scopeKeys = { read: 'jwtScopeRead', start: 'jwtScopeStart', force: 'jwtScopeForce' } as const;
  const givenScopes = Object.values(scopeKeys).filter((key) => readText(read, key) !== undefined);
  if (issuer === undefined && audience === undefined) {
    if (givenScopes.length > 0) throw new InvalidValue(`${givenScopes.join(', ')} need jwtIssuer and jwtAudience (JWT mode); without them every route uses IAM`);
    return undefined;
  }
  if (issuer === undefined || audience === undefined) {
    throw new InvalidValue(`JWT mode needs both jwtIssuer and jwtAudience; missing: ${issuer === undefined ? 'jwtIssuer' : 'jwtAudience'}`);
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new InvalidValue(`jwtIssuer must be an https URL (the token issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc; got "${issuer}")`);
  }
  const scope = (kind: keyof JwtScopes): string => {
    const text = readText(read, scopeKeys[kind]) ?? DEFAULT_JWT_SCOPES[kind];
    if (/\s/.test(text)) throw new InvalidValue(`${scopeKeys[kind]} must be one scope without spaces (got "${text}")`);
    return text;
  };
  const scopes = { read: scope('read'), start: scope('start'), force: scope('force') };
  // One scope for two kinds would let every starter force: say so rather than deploy it.
  if (scopes.force === scopes.start || scopes.force === scopes.read) {
    throw new InvalidValue(`jwtScopeForce must differ from jwtScopeStart and jwtScopeRead (got "${scopes.force}")`);
  }
  return { issuer, audience, scopes };
}

/** The message when both token modes are configured; each replaces IAM with its own authorizer. */
export const ONE_AUTHORIZER_MESSAGE =
  'litemaasJwtSecretArn (LiteMaaS token mode) and jwtIssuer/jwtAudience/jwtScopeRead/jwtScopeStart/jwtScopeForce (JWT mode) each choose the API\'s authorizer: give only one of them';

/** LiteMaaS token mode: the secret holding LiteMaaS's JWT_SECRET; excludes JWT mode. */
function readLitemaasAuth(read: ContextReader): LitemaasAuthConfig | undefined {
  const jwtSecretArn = readSecretArn(read, 'litemaasJwtSecretArn');
  if (jwtSecretArn === undefined) return undefined;
  if (['jwtIssuer', 'jwtAudience', 'jwtScopeRead', 'jwtScopeStart', 'jwtScopeForce'].some((key) => readText(read, key) !== undefined || Array.isArray(read(key)))) {
    throw new InvalidValue(ONE_AUTHORIZER_MESSAGE);
  }
  return { jwtSecretArn };
}

function readEmail(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw new InvalidValue(`${key} must be an e-mail address (got "${text}")`);
  return text;
}

/** A VPC attachment needs the VPC, at least one subnet and at least one security group. */
function readVpcAttachment(read: ContextReader): VpcAttachmentConfig | undefined {
  const vpcId = readText(read, 'vpcId');
  const subnetIds = readList(read, 'subnetIds');
  const securityGroupIds = readList(read, 'securityGroupIds');
  if (vpcId === undefined && subnetIds === undefined && securityGroupIds === undefined) return undefined;
  const missing = [
    vpcId === undefined ? 'vpcId' : undefined,
    subnetIds === undefined ? 'subnetIds' : undefined,
    securityGroupIds === undefined ? 'securityGroupIds' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0 || vpcId === undefined || subnetIds === undefined || securityGroupIds === undefined) {
    throw new InvalidValue(`a VPC attachment needs vpcId, subnetIds and securityGroupIds together; missing: ${missing.join(', ')}`);
  }
  if (!/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(vpcId)) throw new InvalidValue(`vpcId must be a VPC id like vpc-0123abcd (got "${vpcId}")`);
  const badSubnet = subnetIds.find((id) => !/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
  if (badSubnet !== undefined) throw new InvalidValue(`subnetIds must be subnet ids like subnet-0123abcd (8 or 17 hex digits) (got "${badSubnet}")`);
  const badGroup = securityGroupIds.find((id) => !/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
  if (badGroup !== undefined) throw new InvalidValue(`securityGroupIds must be security group ids like sg-0123abcd (8 or 17 hex digits) (got "${badGroup}")`);
  return { vpcId, subnetIds, securityGroupIds };
}

/** An existing event bus: a name (this account and region) or an ARN, not both. */
function readEventBus(read: ContextReader): ModelSyncConfig['eventBus'] {
  const name = readText(read, 'eventBusName');
  const arn = readText(read, 'eventBusArn');
  if (name !== undefined && arn !== undefined) {
    throw new InvalidValue('eventBusName and eventBusArn name the same thing: give only one of them');
  }
  if (name !== undefined && !/^[A-Za-z0-9._-]{1,256}$/.test(name)) {
    throw new InvalidValue(`eventBusName must be an EventBridge bus name (letters, digits, . _ -; got "${name}")`);
  }
  if (arn !== undefined && !/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._-]{1,256}$/.test(arn)) {
    throw new InvalidValue(`eventBusArn must be an EventBridge bus ARN, e.g. arn:aws:events:eu-west-1:123456789012:event-bus/platform (got "${arn}")`);
  }
  if (name === undefined && arn === undefined) return undefined;
  return name === undefined ? { arn } : { name };
}
