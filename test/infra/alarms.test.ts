import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LITELLM_URL, NEW_DATABASE, logicalId, resourcesOf, templateFor } from './synth-stack.js';

const DEFAULT = { ...NEW_DATABASE, litellmUrl: LITELLM_URL, alarmEmail: 'ops@example.com' };

type Alarm = Record<string, unknown>;

function alarmsOf(context: Record<string, unknown>): Record<string, Alarm> {
  return Object.fromEntries(Object.entries(resourcesOf(templateFor(context), 'AWS::CloudWatch::Alarm')).map(([id, alarm]) => [id, alarm.Properties ?? {}]));
}

function alarmNamed(context: Record<string, unknown>, prefix: string): Alarm {
  const template = templateFor(context);
  return resourcesOf(template, 'AWS::CloudWatch::Alarm')[logicalId(template, 'AWS::CloudWatch::Alarm', prefix)]?.Properties ?? {};
}

describe('alarms that arrive', () => {
  it('It should let CloudWatch publish to the topic, only from this account and only for these alarms, and keep TLS-only', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const topic = { Ref: logicalId(template, 'AWS::SNS::Topic', 'AlarmsTopic') };
    const alarmArns = Object.keys(alarmsOf(DEFAULT)).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }));

    // Assess: a topic policy replaces SNS's default one; without the Allow nothing could publish.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'AllowTheseAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': Match.arrayEquals(alarmArns) } },
          },
        ]),
      },
    });
    for (const alarm of Object.values(alarmsOf(DEFAULT))) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topic });
  });

  it('It should not watch API Gateway 5xx, which counts the designed 503 of a resuming database', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const accessLogs = logicalId(template, 'AWS::Logs::LogGroup', 'ApiAccessLogs');

    // Assess
    expect(Object.values(alarmsOf(DEFAULT)).filter((alarm) => alarm.Namespace === 'AWS/ApiGateway')).toEqual([]);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: accessLogs },
      FilterPattern: '{ ($.status = "5*") && (($.status != "503") || ($.integrationStatus != "200")) }',
      MetricTransformations: [{ MetricName: 'ApiServerErrors', MetricNamespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync', MetricValue: '1' }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: { Format: Match.stringLikeRegexp('"integrationStatus":"\\$context.integrationStatus"') } });
    expect(alarmNamed(DEFAULT, 'AlarmsApiServerErrors')).toMatchObject({ MetricName: 'ApiServerErrors', Namespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync', Threshold: 1 });
  });

  it('It should keep the dead-letter alarm on while any message waits, even when SQS stops reporting an idle queue', () => {
    expect(alarmNamed(DEFAULT, 'AlarmsDeadLetterMessages')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'ignore',
    });
  });

  it('It should alarm when no sync succeeded for 3 intervals, counting missing data as failing', () => {
    expect(alarmNamed(DEFAULT, 'AlarmsSyncNotFresh')).toMatchObject({
      Namespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync',
      MetricName: 'SyncSucceeded',
      Statistic: 'Sum',
      Period: 3 * 3600,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it.each([
    [{ syncIntervalMinutes: '15', freshnessAlarmMultiplier: '4' }, { Period: 3600, EvaluationPeriods: 1 }],
    [{ syncIntervalMinutes: '1440' }, { Period: 3600, EvaluationPeriods: 72, DatapointsToAlarm: 72 }],
  ])('It should size the freshness window from the interval and the multiplier (%j)', (context, expected) => {
    expect(alarmNamed({ ...DEFAULT, ...context }, 'AlarmsSyncNotFresh')).toMatchObject(expected);
  });

  it('It should have no freshness alarm while the schedule is disabled', () => {
    expect(Object.keys(alarmsOf({ ...DEFAULT, autoSync: 'false' })).filter((id) => id.startsWith('AlarmsSyncNotFresh'))).toEqual([]);
  });

  it('It should alarm on every ERROR line of the deploy-time function, since a failed first sync no longer fails the deploy', () => {
    // Prepare
    const template = templateFor(DEFAULT);
    const deployLogs = logicalId(template, 'AWS::Logs::LogGroup', 'DeploySyncFunctionLogs');

    // Assess
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: deployLogs },
      FilterPattern: '{ $.level = "ERROR" }',
      MetricTransformations: [{ MetricName: 'DeploySyncErrors', MetricNamespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync', MetricValue: '1' }],
    });
    expect(alarmNamed(DEFAULT, 'AlarmsDeploySyncFailed')).toMatchObject({ MetricName: 'DeploySyncErrors', Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  it('It should count run outcomes per instance from the EMF lines of every function that syncs', () => {
    // Prepare
    const template = templateFor({ ...DEFAULT, instanceName: 'LiteMaaSModelSync-dev' });
    const syncLogs = ['ScheduledSyncFunctionLogs', 'SyncApiFunctionLogs', 'DeploySyncFunctionLogs'].map((prefix) => ({ Ref: logicalId(template, 'AWS::Logs::LogGroup', prefix) }));
    const filters = Object.values(resourcesOf(template, 'AWS::Logs::MetricFilter')).map((filter) => filter.Properties ?? {});

    // Assess: a copy's alarms never count another copy's runs (the functions' own metrics are shared).
    for (const metric of ['SyncSucceeded', 'SyncFailed']) {
      const counting = filters.filter((filter) => filter.FilterPattern === `{ $.${metric} = 1 }`);
      expect(counting.map((filter) => filter.LogGroupName)).toEqual(syncLogs);
      for (const filter of counting) {
        expect(filter.MetricTransformations).toEqual([{ MetricName: metric, MetricNamespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync-dev', MetricValue: '1' }]);
      }
    }
    expect(alarmNamed({ ...DEFAULT, instanceName: 'LiteMaaSModelSync-dev' }, 'AlarmsSyncFailed')).toMatchObject({
      Namespace: 'LiteMaaS/ModelSync/LiteMaaSModelSync-dev',
      MetricName: 'SyncFailed',
      Threshold: 1,
    });
  });

  it('It should count errors of both API functions, filling a silent one with zero', () => {
    // Act
    const metrics = alarmNamed(DEFAULT, 'AlarmsApiFunctionErrors').Metrics as { Expression?: string; MetricStat?: { Metric: { Dimensions: unknown } } }[];

    // Assess
    expect(metrics.find((metric) => metric.Expression !== undefined)?.Expression).toBe('FILL(m0, 0) + FILL(m1, 0)');
    expect(JSON.stringify(metrics)).toMatch(/SyncApiFunction.*SyncReadApiFunction/);
  });
});
