import { Annotations, Aws, CfnRule, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { API_BUDGETS, DEPLOY_BUDGETS, SCHEDULED_BUDGETS } from '../functions/commons/budgets.js';
import type { ModelSyncConfig, VpcAttachmentConfig } from './config/index.js';
import { LitellmKey } from './constructs/litellm-key.js';
import { SyncAlarms } from './constructs/sync-alarms.js';
import { SyncApi } from './constructs/sync-api.js';
import { SyncDashboard } from './constructs/sync-dashboard.js';
import { SyncDatabase } from './constructs/sync-database.js';
import { SyncEventBus } from './constructs/sync-event-bus.js';
import { SyncFunction } from './constructs/sync-function.js';
import type { SyncFunctionProps } from './constructs/sync-function.js';
import { SyncSchedule } from './constructs/sync-schedule.js';
import { addStackOutputs } from './stack-outputs.js';

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

/** The handler of the GET routes: it reads run history and status and never the LiteLLM key. */
export const READ_API_ENTRY = 'sync-read-api.ts';

/**
 * Reserved concurrency with `reservedConcurrency=true`. Off by default: new accounts whose quota
 * is 10–50 refuse any reservation that leaves fewer than 10 unreserved. One run at a time does not
 * depend on it (the sync lock in the database refuses a second run).
 */
const RESERVED_CONCURRENCY = {
  scheduled: 1,
  // Room for a second concurrent POST to reach the sync lock and get its 409, not a throttle.
  start: 5,
} as const;

/** Settings of the model sync stack. */
export interface ModelSyncStackProps extends StackProps {
  /** Validated context settings (see `parseConfig`). */
  readonly config: ModelSyncConfig;
}

/** The catalog policy (contract §7) as the functions read it; settings not given are left out. */
function catalogEnvironment(config: ModelSyncConfig): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['SYNC_INCLUDE_TEAM_MODELS', config.includeTeamModels?.toString()],
    ['SYNC_INCLUDE', config.includeModels?.join(',')],
    ['SYNC_EXCLUDE', config.excludeModels?.join(',')],
    ['SYNC_NEW_MODELS_RESTRICTED', config.newModelsRestricted?.toString()],
    ['SYNC_RETIRE_AFTER_MISSED_RUNS', config.retireAfterMissedRuns?.toString()],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Everything the LiteMaaS model sync needs in one stack: the functions, the schedule, the manual
 * sync API, the database (new or imported), the LiteLLM key secret, a deploy-time run of
 * migrations and a first sync, the change-event bus, alarms and a dashboard.
 */
export class ModelSyncStack extends Stack {
  readonly database: SyncDatabase;
  readonly scheduledFunction: SyncFunction;
  /** Answers the POST routes; the only API function that may read the LiteLLM key. */
  readonly apiFunction: SyncFunction;
  /** Answers the GET routes. */
  readonly readApiFunction: SyncFunction;
  readonly deployFunction: SyncFunction;
  readonly api: SyncApi;
  readonly schedule: SyncSchedule;
  readonly alarms: SyncAlarms;
  /** Where the functions that sync publish change events (docs/events.md). */
  readonly eventBus: SyncEventBus;
  readonly dashboard: SyncDashboard;

  constructor(scope: Construct, id: string, props: ModelSyncStackProps) {
    const { config } = props;
    super(scope, id, { description: `${config.instanceName}: LiteMaaS model sync, keeps the LiteMaaS models table in sync with LiteLLM`, ...props });
    if (config.litellmUrlIsFake) this.refuseDeployWithoutLitellmUrl();

    this.database = new SyncDatabase(this, 'Database', { existing: config.existingDatabase, runtimeSecretArn: config.runtimeDatabaseSecretArn });
    const litellmKey = new LitellmKey(this, 'LitellmKey', { instanceName: config.instanceName, existingSecretArn: config.litellmApiKeySecretArn });
    this.eventBus = new SyncEventBus(this, 'ChangeEvents', {
      instanceName: config.instanceName,
      existingBusName: config.eventBus?.name,
      existingBusArn: config.eventBus?.arn,
    });

    const databaseEnvironment: Record<string, string> = {
      DB_CLUSTER_ARN: this.database.clusterArn,
      DB_NAME: this.database.databaseName,
    };
    const litellmEnvironment: Record<string, string> = {
      LITELLM_API_URL: config.litellmUrl,
      LITELLM_API_KEY_SECRET_ARN: litellmKey.secret.secretArn,
      // infra/config/ refused an http:// URL unless the functions run in a VPC or the operator opted in.
      ...(config.litellmUrl.startsWith('http://') ? { LITELLM_ALLOW_INSECURE: 'true' } : {}),
      ...(config.maxRetireFraction === undefined ? {} : { SYNC_MAX_RETIRE_FRACTION: String(config.maxRetireFraction) }),
      ...catalogEnvironment(config),
    };
    // Change events (docs/events.md): only the functions that sync publish them.
    const eventsEnvironment: Record<string, string> = { EVENT_BUS_NAME: this.eventBus.busReference };
    // What GET /sync/status says about the schedule: the read function has no schedule of its own.
    const scheduleEnvironment: Record<string, string> = {
      SYNC_SCHEDULE_ENABLED: String(config.autoSync),
      SYNC_INTERVAL_MINUTES: String(config.syncIntervalMinutes),
    };
    const scopeEnvironment: Record<string, string> =
      config.jwt === undefined
        ? {}
        : { JWT_SCOPE_READ: config.jwt.scopes.read, JWT_SCOPE_START: config.jwt.scopes.start, JWT_SCOPE_FORCE: config.jwt.scopes.force };
    const network = config.vpcAttachment === undefined ? {} : this.importNetwork(config.vpcAttachment);
    const makeFunction = (
      functionId: string,
      budget: { resumeBudgetMs: number; timeout: Duration },
      options: Pick<SyncFunctionProps, 'entryFile' | 'description' | 'reservedConcurrentExecutions'> & {
        environment: Record<string, string>;
        readsLitellmKey: boolean;
        /** Runs syncs, so publishes their change events: `events:PutEvents` on the bus only. */
        publishesEvents: boolean;
        /** Only the deploy-time function migrates; the others sign in as the runtime user. */
        migrates?: boolean;
      },
    ): SyncFunction => {
      const databaseSecret = options.migrates === true ? this.database.secret : this.database.runtimeSecret;
      const fn = new SyncFunction(this, functionId, {
        entryFile: options.entryFile,
        description: `${config.instanceName}: ${options.description}`,
        reservedConcurrentExecutions: config.reservedConcurrency ? options.reservedConcurrentExecutions : undefined,
        ...network,
        timeout: budget.timeout,
        environment: {
          ...databaseEnvironment,
          DB_SECRET_ARN: databaseSecret.secretArn,
          ...options.environment,
          ...(options.publishesEvents ? eventsEnvironment : {}),
          DB_RESUME_BUDGET_MS: String(budget.resumeBudgetMs),
        },
      });
      this.database.grantDataApiAccess(fn, databaseSecret);
      if (options.readsLitellmKey) litellmKey.secret.grantRead(fn);
      if (options.publishesEvents) this.eventBus.grantPut(fn);
      return fn;
    };

    this.scheduledFunction = makeFunction('ScheduledSyncFunction', FUNCTION_SETTINGS.scheduled, {
      entryFile: 'scheduled-sync.ts',
      description: 'model sync on a schedule',
      reservedConcurrentExecutions: RESERVED_CONCURRENCY.scheduled,
      environment: litellmEnvironment,
      readsLitellmKey: true,
      publishesEvents: true,
    });
    this.apiFunction = makeFunction('SyncApiFunction', FUNCTION_SETTINGS.api, {
      entryFile: 'sync-api.ts',
      description: 'model sync HTTP API, POST /sync and POST /sync/force',
      reservedConcurrentExecutions: RESERVED_CONCURRENCY.start,
      environment: { ...litellmEnvironment, ...scopeEnvironment },
      readsLitellmKey: true,
      publishesEvents: true,
    });
    this.readApiFunction = makeFunction('SyncReadApiFunction', FUNCTION_SETTINGS.api, {
      entryFile: READ_API_ENTRY,
      description: 'model sync HTTP API, GET /sync/runs, /sync/runs/{runId}, /sync/status',
      environment: { ...scopeEnvironment, ...scheduleEnvironment },
      readsLitellmKey: false,
      publishesEvents: false,
    });
    this.deployFunction = makeFunction('DeploySyncFunction', FUNCTION_SETTINGS.deploy, {
      entryFile: 'deploy-sync.ts',
      description: config.deploySync ? 'model sync at deploy time, migrations then a first sync' : 'model sync at deploy time, migrations only',
      environment: { ...litellmEnvironment, ...(config.deploySync ? {} : { DEPLOY_SYNC: 'false' }) },
      readsLitellmKey: true,
      publishesEvents: true,
      migrates: true,
    });

    this.schedule = new SyncSchedule(this, 'Schedule', {
      handler: this.scheduledFunction,
      intervalMinutes: config.syncIntervalMinutes,
      enabled: config.autoSync,
    });
    this.api = new SyncApi(this, 'Api', {
      instanceName: config.instanceName,
      startHandler: this.apiFunction,
      readHandler: this.readApiFunction,
      jwt: config.jwt,
      litemaas: config.litemaasAuth,
    });
    // POST /sync with Prefer: respond-async hands the run to the scheduled function (300 s budget).
    this.apiFunction.addEnvironment('ASYNC_SYNC_FUNCTION_NAME', this.scheduledFunction.functionName);
    // The unqualified function only (grantInvoke would add `:*`, every version and alias).
    this.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.scheduledFunction.functionArn] }),
    );

    // Runs on the first deploy and whenever the deploy-time handler changes. Only a failed
    // migration fails it: the handler records, logs and returns a failed first sync, so a LiteLLM
    // outage can neither fail a deploy nor the rollback that would re-run the old handler.
    new triggers.Trigger(this, 'DeploySync', {
      handler: this.deployFunction,
      // Must outlast the function (see functions/commons/budgets.ts for the arithmetic).
      timeout: Duration.seconds(DEPLOY_BUDGETS.triggerTimeoutSeconds),
      executeAfter: [this.database],
      executeOnHandlerChange: true,
    });

    this.alarms = new SyncAlarms(this, 'Alarms', {
      instanceName: config.instanceName,
      scheduledFunction: this.scheduledFunction,
      apiFunctions: [this.apiFunction, this.readApiFunction],
      apiAccessLogs: this.api.accessLogs,
      syncFunctionLogs: [this.scheduledFunction, this.apiFunction, this.deployFunction].map((fn) => fn.logGroupResource),
      deployFunctionLogs: this.deployFunction.logGroupResource,
      deadLetterQueue: this.schedule.deadLetterQueue,
      // Only a running schedule promises fresh data; with autoSync=false syncs are on demand.
      freshnessWindow: config.autoSync ? Duration.minutes(config.syncIntervalMinutes * config.freshnessAlarmMultiplier) : undefined,
      alarmEmail: config.alarmEmail,
    });

    this.dashboard = new SyncDashboard(this, 'Dashboard', {
      dashboardName: `${config.instanceName}-sync`,
      functions: {
        scheduled: this.scheduledFunction,
        start: this.apiFunction,
        read: this.readApiFunction,
        deploy: this.deployFunction,
      },
      httpApi: this.api.httpApi,
      deadLetterQueue: this.schedule.deadLetterQueue,
      syncIntervalMinutes: config.syncIntervalMinutes,
    });

    addStackOutputs(this, { instanceName: config.instanceName, litellmKey });
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
}
