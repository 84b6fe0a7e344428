import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config/index.js';
import { actionsOf, buildStack, DEFAULT_CONTEXT, logicalId, resourcesOf, statementsOf, syncFunctions, templateFor } from './synth-stack.js';
import type { PolicyStatement } from './synth-stack.js';

const DEFAULT = DEFAULT_CONTEXT;
/** The functions that run syncs; the read function (GET routes) neither syncs nor publishes. */
const SYNCING = /^(ScheduledSync|SyncApi|DeploySync)Function/;
const EXISTING_BUS_ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/platform';

// The first synth bundles nothing but still takes seconds (more on a busy machine): done once, up front.
beforeAll(() => {
  templateFor(DEFAULT);
}, 120_000);

function statementsWith(context: Record<string, unknown>, action: string): { policy: string; statement: PolicyStatement }[] {
  const policies = resourcesOf(templateFor(context), 'AWS::IAM::Policy');
  return Object.entries(policies).flatMap(([policy, resource]) =>
    statementsOf<PolicyStatement>(resource).filter((statement) =>
      actionsOf(statement).includes(action),
    ).map((statement) => ({ policy, statement })),
  );
}

function environmentOf(context: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(syncFunctions(templateFor(context))).map(([id, properties]) => [
      id,
      (properties.Environment as { Variables: Record<string, unknown> }).Variables,
    ]),
  );
}

describe('the change-event bus', () => {
  it('It should create a bus and grant events:PutEvents on that bus only, to each sync function', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const busId = logicalId(template, 'AWS::Events::EventBus', 'ChangeEvents');

    // Act
    const grants = statementsWith(DEFAULT, 'events:PutEvents');

    // Assess
    expect(grants.map(({ policy }) => policy.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'DeploySyncFunctionRoleDefaultPolicy',
      'ScheduledSyncFunctionRoleDefaultPolicy',
      'SyncApiFunctionRoleDefaultPolicy',
    ]);
    for (const { statement } of grants) {
      expect(statement).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [busId, 'Arn'] } });
    }
    for (const [id, variables] of Object.entries(environmentOf(DEFAULT))) {
      if (SYNCING.test(id)) expect(variables.EVENT_BUS_NAME).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
      else expect(variables.EVENT_BUS_NAME, id).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'LiteMaaSModelSync-changes' });
    template.hasOutput('EventBusName', { Value: { Ref: busId } });
  });

  it('It should use an existing bus given by ARN, create none, and grant on that ARN only', () => {
    // Prepare
    const context = { ...DEFAULT, eventBusArn: EXISTING_BUS_ARN };

    // Act
    const template = templateFor(context);

    // Assess
    expect(Object.keys(resourcesOf(template, 'AWS::Events::EventBus'))).toEqual([]);
    expect(statementsWith(context, 'events:PutEvents').map(({ statement }) => statement.Resource)).toEqual([EXISTING_BUS_ARN, EXISTING_BUS_ARN, EXISTING_BUS_ARN]);
    for (const [id, variables] of Object.entries(environmentOf(context))) {
      if (SYNCING.test(id)) expect(variables.EVENT_BUS_NAME).toBe(EXISTING_BUS_ARN);
    }
  });

  it('It should use an existing bus given by name', () => {
    // Act
    const grants = statementsWith({ ...DEFAULT, eventBusName: 'platform' }, 'events:PutEvents');

    // Assess
    expect(grants).toHaveLength(3);
    expect(JSON.stringify(grants[0]?.statement.Resource)).toContain(':event-bus/platform');
  });

  it('It should refuse both a bus name and a bus ARN, and a malformed ARN', () => {
    const read = (values: Record<string, string>) => (key: string) => values[key];
    expect(() => parseConfig(read({ eventBusName: 'a', eventBusArn: EXISTING_BUS_ARN }))).toThrow(/give only one of them/);
    expect(() => parseConfig(read({ eventBusArn: 'arn:aws:sns:eu-west-1:123456789012:topic' }))).toThrow(/eventBusArn must be an EventBridge bus ARN/);
  });
});

describe('the status route, the schedule settings and the async sync', () => {
  it('It should tell the read function the schedule, and let the start API invoke the scheduled function (unqualified) only', () => {
    // Prepare
    const context = { ...DEFAULT, syncIntervalMinutes: 15, autoSync: false };
    const template = templateFor(context);
    const scheduledId = logicalId(template, 'AWS::Lambda::Function', 'ScheduledSyncFunction');
    const apiId = logicalId(template, 'AWS::Lambda::Function', 'SyncApiFunction');
    const readId = logicalId(template, 'AWS::Lambda::Function', 'SyncReadApiFunction');

    // Act
    const environment = environmentOf(context);
    const invokes = statementsWith(context, 'lambda:InvokeFunction').filter(({ policy }) => !policy.startsWith('AWSCDK'));

    // Assess
    expect(environment[readId]).toMatchObject({ SYNC_SCHEDULE_ENABLED: 'false', SYNC_INTERVAL_MINUTES: '15' });
    expect(environment[readId]?.ASYNC_SYNC_FUNCTION_NAME).toBeUndefined();
    expect(environment[apiId]?.ASYNC_SYNC_FUNCTION_NAME).toEqual({ Ref: scheduledId });
    expect(invokes.map(({ policy }) => policy.replace(/[0-9A-F]{8}$/, ''))).toEqual(['SyncApiFunctionRoleDefaultPolicy']);
    expect(invokes.map(({ statement }) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [scheduledId, 'Arn'] }]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /sync/status', AuthorizationType: 'AWS_IAM' });
  });
});

describe('the dashboard', () => {
  it('It should show runs, duration, models, freshness, events, API answers and latency, function errors and throttles, and the DLQ', () => {
    // Prepare
    const template = templateFor(DEFAULT);

    // Act
    const [dashboard] = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);

    // Assess
    for (const metric of [
      'SyncSucceeded', 'SyncFailed', 'SyncSkipped', 'SyncDuration', 'ModelsAdded', 'ModelsUpdated', 'ModelsRetired',
      'ModelsRestored', 'ModelsPaused', 'EventsPublished', 'EventsFailed', '4xx', '5xx', 'Latency', 'IntegrationLatency',
      'Errors', 'Throttles', 'ApproximateNumberOfMessagesVisible', 'Freshness',
    ]) {
      expect(body, metric).toContain(metric);
    }
    // Only this copy's runs: the functions emit its instance name as a dimension.
    const unescaped = body.replace(/\\"/g, '"');
    expect(unescaped).toContain('"SyncFailed","instance","LiteMaaSModelSync","service","model-sync"');
    expect(unescaped).not.toMatch(/"LiteMaaS\/ModelSync","\w+","service"/);
    for (const variables of Object.values(environmentOf(DEFAULT))) {
      expect(variables).toMatchObject({ MODEL_SYNC_INSTANCE: 'LiteMaaSModelSync' });
    }
    const output = template.findOutputs('DashboardUrl');
    expect(JSON.stringify(output)).toContain('#dashboards:name=');
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: { 'Fn::Join': ['', ['LiteMaaSModelSync-sync-', { Ref: 'AWS::Region' }]] },
    });
    expect(() => buildStack(DEFAULT).app.synth()).not.toThrow();
  });
});
