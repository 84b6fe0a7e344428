import { Annotations, Aws, CfnOutput, CfnRule, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { API_BUDGETS, DEPLOY_BUDGETS, SCHEDULED_BUDGETS } from '../functions/commons/budgets.js';
import type { ModelSyncConfig, VpcAttachmentConfig } from './config.js';
import { LitellmKey } from './constructs/litellm-key.js';
import { SyncAlarms } from './constructs/sync-alarms.js';
import { SyncApi } from './constructs/sync-api.js';
import { SyncDashboard } from './constructs/sync-dashboard.js';
import { SyncDatabase } from './constructs/sync-database.js';
import { SyncEventBus } from './constructs/sync-event-bus.js';
import { SyncFunction } from './constructs/sync-function.js';
import type { SyncFunctionProps } from './constructs/sync-function.js';
import { SyncSchedule } from './constructs/sync-schedule.js';

/**
 * How long each function may run and wait for an auto-paused Aurora writer to resume
 * (`DB_RESUME_BUDGET_MS`, per database call). The numbers and their arithmetic live in
 * functions/commons/budgets.ts, which the handlers read too, so the stack and the code cannot
 * disagree; the variable is still set, so an operator sees (and may tune) the budget in the console.
 */
const FUNCTION_SETTINGS = {
  scheduled: { resumeBudgetMs: SCHEDULED_BUDGETS.resume.budgetMs, timeout: Duration.seconds(SCHEDULED_BUDGETS.timeoutSeconds) },
  api: { resumeBudgetMs: API_BUDGETS.resume.budgetMs, timeout: Duration.seconds(API_BUDGETS.timeoutSeconds) },
  deploy: { resumeBudgetMs: DEPLOY_BUDGETS.resume.budgetMs, timeout: Duration.seconds(DEPLOY_BUDGETS.timeoutSeconds) },
} as const;

/** Settings of the model sync stack. */
export interface ModelSyncStackProps extends StackProps {
  /** Validated context settings (see `parseConfig`). */
  readonly config: ModelSyncConfig;
}

/**
 * Everything the LiteMaaS model sync needs in one stack: the three functions, the schedule, the
 * manual sync API, the database (new or imported), the LiteLLM key secret, a deploy-time run of
 * migrations and a first sync, and alarms.
 */
export class ModelSyncStack extends Stack {
  readonly database: SyncDatabase;
  readonly scheduledFunction: SyncFunction;
  readonly apiFunction: SyncFunction;
  readonly deployFunction: SyncFunction;
  readonly api: SyncApi;
  readonly schedule: SyncSchedule;
  readonly eventBus: SyncEventBus;
  readonly dashboard: SyncDashboard;

  constructor(scope: Construct, id: string, props: ModelSyncStackProps) {
    super(scope, id, { description: 'LiteMaaS model sync: keeps the LiteMaaS models table in sync with LiteLLM', ...props });
    const { config } = props;
    if (config.litellmUrlIsFake) this.refuseDeployWithoutLitellmUrl();

    this.database = new SyncDatabase(this, 'Database', { existing: config.existingDatabase });
    const litellmKey = new LitellmKey(this, 'LitellmKey', { existingSecretArn: config.litellmApiKeySecretArn });
    this.eventBus = new SyncEventBus(this, 'ChangeEvents', { existingBusName: config.eventBus?.name, existingBusArn: config.eventBus?.arn });

    const environment: Record<string, string> = {
      LITELLM_API_URL: config.litellmUrl,
      LITELLM_API_KEY_SECRET_ARN: litellmKey.secret.secretArn,
      DB_CLUSTER_ARN: this.database.clusterArn,
      DB_SECRET_ARN: this.database.secret.secretArn,
      DB_NAME: this.database.databaseName,
      ...(config.maxRetireFraction === undefined ? {} : { SYNC_MAX_RETIRE_FRACTION: String(config.maxRetireFraction) }),
      // Change events (docs/events.md) and what GET /sync/status says about the schedule.
      EVENT_BUS_NAME: this.eventBus.busReference,
      SYNC_SCHEDULE_ENABLED: String(config.autoSync),
      SYNC_INTERVAL_MINUTES: String(config.syncIntervalMinutes),
    };
    const network = config.vpcAttachment === undefined ? {} : this.importNetwork(config.vpcAttachment);
    const makeFunction = (
      functionId: string,
      budget: { resumeBudgetMs: number; timeout: Duration },
      options: Pick<SyncFunctionProps, 'entryFile' | 'description' | 'reservedConcurrentExecutions'>,
    ): SyncFunction => {
      const fn = new SyncFunction(this, functionId, {
        ...options,
        ...network,
        timeout: budget.timeout,
        environment: { ...environment, DB_RESUME_BUDGET_MS: String(budget.resumeBudgetMs) },
      });
      this.database.grantDataApiAccess(fn);
      litellmKey.secret.grantRead(fn);
      this.eventBus.grantPut(fn);
      return fn;
    };

    this.scheduledFunction = makeFunction('ScheduledSyncFunction', FUNCTION_SETTINGS.scheduled, {
      entryFile: 'scheduled-sync.ts',
      description: 'LiteMaaS model sync on a schedule',
      // One run at a time; the sync lock would refuse a second one anyway.
      reservedConcurrentExecutions: 1,
    });
    this.apiFunction = makeFunction('SyncApiFunction', FUNCTION_SETTINGS.api, {
      entryFile: 'sync-api.ts',
      description: 'LiteMaaS model sync HTTP API: POST /sync, GET /sync/runs',
      // Room for a second concurrent POST /sync to reach the sync lock and get its 409, not a throttle.
      reservedConcurrentExecutions: 5,
    });
    this.deployFunction = makeFunction('DeploySyncFunction', FUNCTION_SETTINGS.deploy, {
      entryFile: 'deploy-sync.ts',
      description: 'LiteMaaS model sync at deploy time: migrations, then a first sync',
    });

    this.schedule = new SyncSchedule(this, 'Schedule', {
      handler: this.scheduledFunction,
      intervalMinutes: config.syncIntervalMinutes,
      enabled: config.autoSync,
    });
    this.api = new SyncApi(this, 'Api', { handler: this.apiFunction, jwt: config.jwt });
    // POST /sync with Prefer: respond-async hands the run to the scheduled function (300 s budget).
    this.apiFunction.addEnvironment('ASYNC_SYNC_FUNCTION_NAME', this.scheduledFunction.functionName);
    // The unqualified function only (grantInvoke would add `:*`, every version and alias).
    this.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.scheduledFunction.functionArn] }),
    );

    // Runs on the first deploy and whenever the deploy-time handler changes; a thrown error fails
    // the deploy with the handler's message.
    new triggers.Trigger(this, 'DeploySync', {
      handler: this.deployFunction,
      // Must outlast the function (see functions/commons/budgets.ts for the arithmetic).
      timeout: Duration.seconds(DEPLOY_BUDGETS.triggerTimeoutSeconds),
      executeAfter: [this.database],
      executeOnHandlerChange: true,
    });

    const alarms = new SyncAlarms(this, 'Alarms', {
      scheduledFunction: this.scheduledFunction,
      apiFunction: this.apiFunction,
      httpApi: this.api.httpApi,
      deadLetterQueue: this.schedule.deadLetterQueue,
      alarmEmail: config.alarmEmail,
    });

    this.dashboard = new SyncDashboard(this, 'Dashboard', {
      functions: { scheduled: this.scheduledFunction, api: this.apiFunction, deploy: this.deployFunction },
      httpApi: this.api.httpApi,
      deadLetterQueue: this.schedule.deadLetterQueue,
      syncIntervalMinutes: config.syncIntervalMinutes,
    });

    this.addOutputs(litellmKey, alarms);
  }

  /**
   * Synth works without `litellmUrl` (for reviews and CI), but a deploy must not: a warning says so
   * now, and a CloudFormation rule that can never hold stops the deploy before anything changes.
   */
  private refuseDeployWithoutLitellmUrl(): void {
    const message = 'litellmUrl is not set: the template uses the fake URL of a non-existent host and cannot be deployed. Deploy with -c litellmUrl=https://your-litellm-proxy';
    Annotations.of(this).addWarningV2('litemaas-model-sync:litellmUrlNotSet', message);
    new CfnRule(this, 'LitellmUrlRequired', {
      assertions: [{ assert: Fn.conditionEquals(Aws.REGION, 'litellmUrl-is-not-set'), assertDescription: message }],
    });
  }

  /** The functions' network, imported by id: no lookup, so synth needs no credentials. */
  private importNetwork(attachment: VpcAttachmentConfig): Pick<SyncFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
    // Only the VPC id matters: the subnets are passed explicitly, so the zones are never consulted.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'FunctionVpc', { vpcId: attachment.vpcId, availabilityZones: Fn.getAzs() });
    return {
      vpc,
      vpcSubnets: { subnets: attachment.subnetIds.map((id, index) => ec2.Subnet.fromSubnetId(this, `FunctionSubnet${index}`, id)) },
      securityGroups: attachment.securityGroupIds.map((id, index) =>
        ec2.SecurityGroup.fromSecurityGroupId(this, `FunctionSecurityGroup${index}`, id, { mutable: false }),
      ),
    };
  }

  private addOutputs(litellmKey: LitellmKey, alarms: SyncAlarms): void {
    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the sync API (SigV4 or JWT)', value: this.api.url });
    new CfnOutput(this, 'SyncUrl', { description: 'POST here to run a sync', value: `${this.api.url}/sync` });
    new CfnOutput(this, 'RunHistoryUrl', { description: 'GET the recent sync runs', value: `${this.api.url}/sync/runs` });
    new CfnOutput(this, 'ScheduledSyncFunctionName', { value: this.scheduledFunction.functionName });
    new CfnOutput(this, 'SyncApiFunctionName', { value: this.apiFunction.functionName });
    new CfnOutput(this, 'DeploySyncFunctionName', { value: this.deployFunction.functionName });
    new CfnOutput(this, 'DatabaseClusterArn', { value: this.database.clusterArn });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'SyncStatusUrl', { description: 'GET the sync health', value: `${this.api.url}/sync/status` });
    new CfnOutput(this, 'DashboardUrl', { description: 'The CloudWatch dashboard of the sync', value: this.dashboard.url });
    new CfnOutput(this, 'EventBusName', { description: 'Change events go here (source litemaas.model-sync, docs/events.md)', value: this.eventBus.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.eventBus.bus.eventBusArn });
    new CfnOutput(this, 'LitellmKeySecretArn', { value: litellmKey.secret.secretArn });
    if (litellmKey.createdSecretName !== undefined) {
      new CfnOutput(this, 'LitellmKeySecretName', {
        description: 'Put the LiteLLM master key into this secret (it holds a placeholder until then)',
        value: litellmKey.createdSecretName,
      });
      new CfnOutput(this, 'LitellmKeySecretCommand', {
        description: 'Run this with LITELLM_MASTER_KEY set; the next scheduled run or POST /sync then syncs',
        value: `aws secretsmanager put-secret-value --secret-id ${litellmKey.createdSecretName} --secret-string "$LITELLM_MASTER_KEY"`,
      });
    }
  }
}
