import { describe, expect, it } from 'vitest';
import { ContextConfigError, FAKE_LITELLM_URL, parseConfig } from '../../infra/config/index.js';

/** A reader over a plain object, like `node.tryGetContext`; the database mode has no default, so `new` unless given. */
const from = (context: Record<string, unknown>) => (key: string) => ({ database: 'new', ...context })[key];

const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-AbCdEf';

describe('parseConfig', () => {
  it('It should use the documented defaults when nothing is given', () => {
    // Act
    const config = parseConfig(from({}));

    // Assess
    expect(config).toEqual({
      instanceName: 'LiteMaaSModelSync',
      database: 'new',
      syncIntervalMinutes: 60,
      autoSync: true,
      litellmUrl: FAKE_LITELLM_URL,
      litellmUrlIsFake: true,
      litellmApiKeySecretArn: undefined,
      existingDatabase: undefined,
      jwt: undefined,
      alarmEmail: undefined,
      vpcAttachment: undefined,
      maxRetireFraction: undefined,
      reservedConcurrency: false,
      deploySync: true,
      freshnessAlarmMultiplier: 3,
      allowInsecureLitellm: false,
      showCallerArns: false,
    });
  });

  it('It should parse strings from -c the same as JSON values from cdk.json', () => {
    // Prepare
    const asStrings = { syncIntervalMinutes: '30', autoSync: 'false', maxRetireFraction: '0.25', subnetIds: 'subnet-0123abcd, subnet-0123abce' };
    const asJson = { syncIntervalMinutes: 30, autoSync: false, maxRetireFraction: 0.25, subnetIds: ['subnet-0123abcd', 'subnet-0123abce'] };
    const common = { vpcId: 'vpc-0123abcd', securityGroupIds: 'sg-0123abcd' };

    // Act
    const fromStrings = parseConfig(from({ ...asStrings, ...common }));
    const fromJson = parseConfig(from({ ...asJson, ...common }));

    // Assess
    expect(fromStrings).toEqual(fromJson);
    expect(fromStrings).toMatchObject({ syncIntervalMinutes: 30, autoSync: false, maxRetireFraction: 0.25 });
    expect(fromStrings.vpcAttachment).toEqual({ vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd', 'subnet-0123abce'], securityGroupIds: ['sg-0123abcd'] });
  });

  it.each(['0', '1441', '1.5', 'abc', '-5', '60m', 'true'])('It should refuse syncIntervalMinutes=%s with the documented message', (value) => {
    expect(() => parseConfig(from({ syncIntervalMinutes: value }))).toThrow('syncIntervalMinutes must be an integer from 1 to 1440');
  });

  it.each([['1', 1], ['1440', 1440], [' 90 ', 90]])('It should accept syncIntervalMinutes=%s', (value, expected) => {
    expect(parseConfig(from({ syncIntervalMinutes: value })).syncIntervalMinutes).toBe(expected);
  });

  it('It should accept autoSync in any case and refuse anything but true or false', () => {
    expect(parseConfig(from({ autoSync: 'FALSE' })).autoSync).toBe(false);
    expect(() => parseConfig(from({ autoSync: 'no' }))).toThrow('autoSync must be true or false');
  });

  it('It should accept http, https and loopback LiteLLM URLs and drop a trailing slash', () => {
    expect(parseConfig(from({ litellmUrl: 'http://127.0.0.1:4000/', allowInsecureLitellm: true }))).toMatchObject({ litellmUrl: 'http://127.0.0.1:4000', litellmUrlIsFake: false });
    expect(parseConfig(from({ litellmUrl: 'http://localhost:4000', allowInsecureLitellm: 'true' })).litellmUrl).toBe('http://localhost:4000');
    expect(parseConfig(from({ litellmUrl: 'https://litellm.example.com' })).litellmUrl).toBe('https://litellm.example.com');
  });

  it.each(['ftp://litellm.example.com', 'litellm.example.com', 'not a url'])('It should refuse litellmUrl=%s', (value) => {
    expect(() => parseConfig(from({ litellmUrl: value }))).toThrow('litellmUrl must be an http or https URL');
  });

  it('It should refuse a litellmUrl with credentials without echoing them', () => {
    // Act
    const parse = () => parseConfig(from({ litellmUrl: 'https://user:s3cr3t-value@litellm.example.com' }));

    // Assess
    expect(parse).toThrow('litellmUrl must not contain credentials');
    expect(parse).not.toThrow(/s3cr3t-value/);
  });

  it('It should refuse a LiteLLM key passed as context without echoing it', () => {
    const parse = () => parseConfig(from({ litellmApiKey: 'sk-sentinel-123' }));
    expect(parse).toThrow('never pass the LiteLLM key in context');
    expect(parse).not.toThrow(/sk-sentinel-123/);
  });

  it('It should accept a complete existing database by ARN or by identifier', () => {
    expect(parseConfig(from({ database: 'existing', existingClusterArn: CLUSTER_ARN, existingDatabaseSecretArn: SECRET_ARN, databaseName: 'litemaas' })).existingDatabase).toEqual({
      clusterArn: CLUSTER_ARN,
      clusterIdentifier: undefined,
      secretArn: SECRET_ARN,
      databaseName: 'litemaas',
    });
    expect(parseConfig(from({ database: 'existing', existingClusterIdentifier: 'litemaas', existingDatabaseSecretArn: SECRET_ARN, databaseName: 'litemaas' })).existingDatabase).toMatchObject({
      clusterIdentifier: 'litemaas',
    });
  });

  it('It should name every missing key of an incomplete existing database', () => {
    expect(() => parseConfig(from({ database: 'existing', existingClusterArn: CLUSTER_ARN }))).toThrow('missing: existingDatabaseSecretArn, databaseName');
    expect(() => parseConfig(from({ database: 'existing', databaseName: 'litemaas' }))).toThrow(
      'missing: existingClusterArn (or existingClusterIdentifier), existingDatabaseSecretArn',
    );
  });

  it('It should refuse both a cluster ARN and an identifier', () => {
    expect(() =>
      parseConfig(from({ database: 'existing', existingClusterArn: CLUSTER_ARN, existingClusterIdentifier: 'litemaas', existingDatabaseSecretArn: SECRET_ARN, databaseName: 'litemaas' })),
    ).toThrow('give only one of them');
  });

  it('It should refuse ARNs of the wrong service', () => {
    expect(() => parseConfig(from({ litellmApiKeySecretArn: CLUSTER_ARN }))).toThrow('litellmApiKeySecretArn must be the complete ARN of a Secrets Manager secret');
    expect(() => parseConfig(from({ database: 'existing', existingClusterArn: SECRET_ARN, existingDatabaseSecretArn: SECRET_ARN, databaseName: 'x' }))).toThrow(
      'existingClusterArn must be an Aurora cluster ARN',
    );
  });

  it('It should read JWT settings with a comma-separated audience and the three default scopes', () => {
    expect(parseConfig(from({ jwtIssuer: 'https://issuer.example.com', jwtAudience: 'a, b' })).jwt).toEqual({
      issuer: 'https://issuer.example.com',
      audience: ['a', 'b'],
      scopes: { read: 'model-sync/read', start: 'model-sync/start', force: 'model-sync/force' },
    });
  });

  it('It should take each scope from context and refuse a force scope shared with another kind', () => {
    const jwt = { jwtIssuer: 'https://issuer.example.com', jwtAudience: 'a' };
    expect(parseConfig(from({ ...jwt, jwtScopeRead: 'r', jwtScopeStart: 's', jwtScopeForce: 'f' })).jwt?.scopes).toEqual({ read: 'r', start: 's', force: 'f' });
    expect(() => parseConfig(from({ ...jwt, jwtScopeForce: 'model-sync/start' }))).toThrow('jwtScopeForce must differ from jwtScopeStart and jwtScopeRead (got "model-sync/start")');
    expect(() => parseConfig(from({ ...jwt, jwtScopeRead: 'two words' }))).toThrow('jwtScopeRead must be one scope without spaces');
  });

  it('It should refuse the retired jwtScope key and say what replaced it', () => {
    expect(() => parseConfig(from({ jwtIssuer: 'https://issuer.example.com', jwtAudience: 'a', jwtScope: 'x' }))).toThrow(
      'jwtScope was replaced by jwtScopeRead, jwtScopeStart and jwtScopeForce',
    );
  });

  it('It should refuse half a JWT configuration', () => {
    expect(() => parseConfig(from({ jwtIssuer: 'https://issuer.example.com' }))).toThrow('JWT mode needs both jwtIssuer and jwtAudience; missing: jwtAudience');
    expect(() => parseConfig(from({ jwtScopeStart: 'sync/run' }))).toThrow('jwtScopeStart need jwtIssuer and jwtAudience');
    expect(() => parseConfig(from({ jwtIssuer: 'http://issuer.example.com', jwtAudience: 'a' }))).toThrow('jwtIssuer must be an https URL');
  });

  it('It should refuse an incomplete or malformed VPC attachment', () => {
    expect(() => parseConfig(from({ vpcId: 'vpc-0123abcd' }))).toThrow('missing: subnetIds, securityGroupIds');
    expect(() => parseConfig(from({ vpcId: 'vpc-0123abcd', subnetIds: 'subnet-1', securityGroupIds: 'sg-0123abcd' }))).toThrow('subnetIds must be subnet ids');
  });

  it.each(['-0.1', '1.5', 'half'])('It should refuse maxRetireFraction=%s', (value) => {
    expect(() => parseConfig(from({ maxRetireFraction: value }))).toThrow('maxRetireFraction must be a number from 0 to 1');
  });

  it('It should refuse a malformed alarmEmail', () => {
    expect(() => parseConfig(from({ alarmEmail: 'ops' }))).toThrow('alarmEmail must be an e-mail address');
  });

  it('It should report every problem at once', () => {
    // Act
    let error: unknown;
    try {
      parseConfig(from({ syncIntervalMinutes: '0', autoSync: 'maybe', maxRetireFraction: '3' }));
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ContextConfigError);
    expect((error as ContextConfigError).problems).toHaveLength(3);
  });
});

describe('parseConfig: settings that keep a deploy safe', () => {
  const raw = (context: Record<string, unknown>) => (key: string) => context[key];

  it('It should refuse a synth without an explicit database mode, saying where to set it', () => {
    expect(() => parseConfig(raw({}))).toThrow('database is not set: add "database": "new"');
    expect(() => parseConfig(raw({ database: 'shared' }))).toThrow('database must be new, existing or postgres (got "shared")');
  });

  it('It should refuse existing-cluster keys with database=new, where they would be ignored', () => {
    expect(() => parseConfig(raw({ database: 'new', existingClusterArn: CLUSTER_ARN }))).toThrow(
      'database=new creates its own cluster; existingClusterArn only apply with database=existing',
    );
  });

  it('It should require the existing cluster keys with database=existing', () => {
    expect(() => parseConfig(raw({ database: 'existing' }))).toThrow('missing: existingClusterArn (or existingClusterIdentifier), existingDatabaseSecretArn, databaseName');
  });

  it('It should accept a KMS key for the existing secret and refuse anything else', () => {
    const existing = { database: 'existing', existingClusterArn: CLUSTER_ARN, existingDatabaseSecretArn: SECRET_ARN, databaseName: 'litemaas' };
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(parseConfig(raw({ ...existing, databaseSecretKmsKeyArn: keyArn })).existingDatabase?.secretKmsKeyArn).toBe(keyArn);
    expect(() => parseConfig(raw({ ...existing, databaseSecretKmsKeyArn: SECRET_ARN }))).toThrow('databaseSecretKmsKeyArn must be the ARN of a KMS key');
  });

  it.each(['1abc', 'has space', 'under_score', 'x'.repeat(65)])('It should refuse instanceName=%s', (value) => {
    expect(() => parseConfig(from({ instanceName: value }))).toThrow('instanceName must start with a letter');
  });

  it('It should read instanceName, reservedConcurrency, deploySync and freshnessAlarmMultiplier', () => {
    expect(parseConfig(from({ instanceName: 'LiteMaaSModelSync-dev', reservedConcurrency: 'true', deploySync: 'false', freshnessAlarmMultiplier: '5' }))).toMatchObject({
      instanceName: 'LiteMaaSModelSync-dev',
      reservedConcurrency: true,
      deploySync: false,
      freshnessAlarmMultiplier: 5,
    });
  });

  it.each(['1', '101', '2.5', 'x'])('It should refuse freshnessAlarmMultiplier=%s', (value) => {
    expect(() => parseConfig(from({ freshnessAlarmMultiplier: value }))).toThrow('freshnessAlarmMultiplier must be an integer from 2 to 100');
  });

  it('It should refuse a freshness window longer than CloudWatch can evaluate (7 days)', () => {
    expect(() => parseConfig(from({ syncIntervalMinutes: '1440', freshnessAlarmMultiplier: '8' }))).toThrow('must be at most 7 days');
    expect(parseConfig(from({ syncIntervalMinutes: '1440', freshnessAlarmMultiplier: '7' })).freshnessAlarmMultiplier).toBe(7);
  });

  it('It should refuse an http:// LiteLLM URL outside a VPC unless allowInsecureLitellm=true', () => {
    const vpc = { vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' };
    expect(() => parseConfig(from({ litellmUrl: 'http://litellm.example.com' }))).toThrow('litellmUrl is http://: the LiteLLM master key would cross the network in clear');
    expect(parseConfig(from({ litellmUrl: 'http://litellm.example.com', allowInsecureLitellm: 'true' })).allowInsecureLitellm).toBe(true);
    expect(parseConfig(from({ litellmUrl: 'http://10.0.0.5:4000', ...vpc })).litellmUrl).toBe('http://10.0.0.5:4000');
  });

  it.each(['http://8.8.8.8:4000', 'http://134744072:4000', 'http://[2001:4860:4860::8888]:4000', 'HTTP://52.95.110.1'])(
    'It should refuse %s inside a VPC too: a public address leaves the VPC, unless allowInsecureLitellm=true',
    (litellmUrl) => {
      const vpc = { vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' };
      expect(() => parseConfig(from({ litellmUrl, ...vpc }))).toThrow('litellmUrl is http:// to a public IP address');
      expect(parseConfig(from({ litellmUrl, ...vpc, allowInsecureLitellm: 'true' })).allowInsecureLitellm).toBe(true);
    },
  );

  it.each(['http://10.0.0.5:4000', 'http://172.31.2.3', 'http://192.168.1.9', 'http://100.64.0.7', 'http://127.0.0.1:4000', 'http://[fd00::5]:4000', 'http://litellm.internal:4000'])(
    'It should accept %s inside a VPC (a private address or a name the VPC resolves)',
    (litellmUrl) => {
      const vpc = { vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' };
      expect(parseConfig(from({ litellmUrl, ...vpc })).litellmUrl).toBe(litellmUrl.replace(/\/+$/, ''));
    },
  );
});
