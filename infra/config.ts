/**
 * Reads and validates the stack's settings from CDK context (`-c key=value` or `cdk.json`).
 *
 * Values given with `-c` always arrive as strings ("false", "30"); values from `cdk.json` keep
 * their JSON type. Every reader accepts both. All problems are collected and reported together,
 * each naming its context key, so one failed synth tells the operator everything to fix.
 */

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
}

/** JWT authorization for the HTTP API instead of IAM (SigV4). */
export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string[];
  /** A scope every route requires; none when undefined. */
  readonly scope?: string;
}

/** Existing network the functions run in, when LiteLLM is only reachable inside a VPC. */
export interface VpcAttachmentConfig {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** The validated settings of one deployment. */
export interface ModelSyncConfig {
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
  /** @default - alarms go to the SNS topic without a subscription */
  readonly alarmEmail?: string;
  /** @default - the functions run outside any VPC */
  readonly vpcAttachment?: VpcAttachmentConfig;
  /** Largest share of available models one run may retire. @default - the functions' own default (0.5) */
  readonly maxRetireFraction?: number;
  /** An existing EventBridge bus for the change events, by name or ARN. @default - a new bus */
  readonly eventBus?: { readonly name?: string; readonly arn?: string };
}

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

/** Every context key the stack reads, for documentation and tests. */
export const CONTEXT_KEYS = [
  'syncIntervalMinutes',
  'autoSync',
  'litellmUrl',
  'litellmApiKeySecretArn',
  'existingClusterArn',
  'existingClusterIdentifier',
  'existingDatabaseSecretArn',
  'databaseName',
  'jwtIssuer',
  'jwtAudience',
  'jwtScope',
  'alarmEmail',
  'vpcId',
  'subnetIds',
  'securityGroupIds',
  'maxRetireFraction',
  'eventBusName',
  'eventBusArn',
] as const;

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
  const existingDatabase = collect(() => readExistingDatabase(read));
  const jwt = collect(() => readJwt(read));
  const alarmEmail = collect(() => readEmail(read, 'alarmEmail'));
  const vpcAttachment = collect(() => readVpcAttachment(read));
  const maxRetireFraction = collect(() => readFraction(read, 'maxRetireFraction'));
  const eventBus = collect(() => readEventBus(read));

  if (problems.length > 0) throw new ContextConfigError(problems);
  return {
    syncIntervalMinutes,
    autoSync,
    litellmUrl: litellmUrl ?? FAKE_LITELLM_URL,
    litellmUrlIsFake: litellmUrlText === undefined,
    litellmApiKeySecretArn,
    existingDatabase,
    jwt,
    alarmEmail,
    vpcAttachment,
    maxRetireFraction,
    eventBus,
  };
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

/** The cluster, its secret and the database name come as a complete set, or not at all. */
function readExistingDatabase(read: ContextReader): ExistingDatabaseConfig | undefined {
  const clusterArn = readClusterArn(read, 'existingClusterArn');
  const clusterIdentifier = readText(read, 'existingClusterIdentifier');
  const secretArn = readSecretArn(read, 'existingDatabaseSecretArn');
  const databaseName = readText(read, 'databaseName');
  if (clusterArn === undefined && clusterIdentifier === undefined && secretArn === undefined && databaseName === undefined) {
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
  return { clusterArn, clusterIdentifier, secretArn, databaseName };
}

/** JWT mode needs both issuer and audience; a scope alone means nothing. */
function readJwt(read: ContextReader): JwtConfig | undefined {
  const issuer = readText(read, 'jwtIssuer');
  const audience = readList(read, 'jwtAudience');
  const scope = readText(read, 'jwtScope');
  if (issuer === undefined && audience === undefined) {
    if (scope !== undefined) throw new InvalidValue('jwtScope needs jwtIssuer and jwtAudience (JWT mode); without them every route uses IAM');
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
  if (scope !== undefined && /\s/.test(scope)) {
    throw new InvalidValue(`jwtScope must be one scope without spaces (got "${scope}")`);
  }
  return { issuer, audience, scope };
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
