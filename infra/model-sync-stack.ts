import { Annotations, Aws, CfnRule, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { DEPLOY_BUDGETS } from '../functions/commons/setup/budgets.js';
import { RESOURCE_VARIABLES } from '../lib/settings/deploy-names.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import type { ModelSyncConfig } from './config/index.js';
import { LitellmKey } from './constructs/litellm-key.js';
import { SyncAlarms } from './constructs/sync-alarms.js';
import { SyncApi } from './constructs/sync-api.js';
import { SyncDashboard } from './constructs/sync-dashboard.js';
import { SyncDatabase } from './constructs/sync-database.js';
import { SyncEventBus } from './constructs/sync-event-bus.js';
import { SyncFunction } from './constructs/sync-function.js';
import type { SyncFunctionProps } from './constructs/sync-function.js';
import { SyncSchedule } from './constructs/sync-schedule.js';
import { FUNCTION_SETTINGS, functionEnvironments, importFunctionNetwork, RESERVED_CONCURRENCY } from './function-settings.js';
import type { FunctionBudget } from './function-settings.js';
import { addStackOutputs } from './stack-outputs.js';

/** The handler of the GET routes: it reads run history and status and never the LiteLLM key. */
const READ_API_ENTRY = 'sync-read-api.ts';

/** Settings of the model sync stack. */
export interface ModelSyncStackProps extends StackProps {
  /** Validated context settings (see `parseConfig`). */
  readonly config: ModelSyncConfig;
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

    const environments = functionEnvironments(config, {
      clusterArn: this.database.clusterArn,
      databaseName: this.database.databaseName,
      litellmKeySecretArn: litellmKey.secret.secretArn,
      eventBusReference: this.eventBus.busReference,
    });
    const network = config.vpcAttachment === undefined ? {} : importFunctionNetwork(this, config.vpcAttachment);
    const makeFunction = (
      functionId: string,
      budget: FunctionBudget,
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
          ...environments.database,
          [RESOURCE_VARIABLES.databaseSecretArn]: databaseSecret.secretArn,
          ...options.environment,
          ...(options.publishesEvents ? environments.events : {}),
          [SETTINGS.dbResumeBudgetMs.variable]: String(budget.resumeBudgetMs),
          [RESOURCE_VARIABLES.instance]: config.instanceName,
        },
      });
      this.database.grantDataApiAccess(fn, databaseSecret);
      if (options.readsLitellmKey) litellmKey.secret.grantRead(fn);
      if (options.publishesEvents) this.eventBus.grantPut(fn);
      return fn;
    };

    this.scheduledFunction = makeFunction('ScheduledSyncFunction', FUNCTION_SETTINGS.scheduled, {
      entryFile: 'scheduled-sync-and-background-runs.ts',
      description: 'model sync on a schedule, and background runs of POST /sync (Prefer: respond-async)',
      reservedConcurrentExecutions: RESERVED_CONCURRENCY.scheduled,
      environment: environments.litellm,
      readsLitellmKey: true,
      publishesEvents: true,
    });
    this.apiFunction = makeFunction('SyncApiFunction', FUNCTION_SETTINGS.api, {
      entryFile: 'sync-api.ts',
      description: 'model sync HTTP API, POST /sync and POST /sync/force',
      reservedConcurrentExecutions: RESERVED_CONCURRENCY.start,
      environment: { ...environments.litellm, ...environments.scopes },
      readsLitellmKey: true,
      publishesEvents: true,
    });
    this.readApiFunction = makeFunction('SyncReadApiFunction', FUNCTION_SETTINGS.api, {
      entryFile: READ_API_ENTRY,
      description: 'model sync HTTP API, GET /sync/runs, /sync/runs/{runId}, /sync/status',
      environment: { ...environments.scopes, ...environments.schedule, ...environments.read },
      readsLitellmKey: false,
      publishesEvents: false,
    });
    this.deployFunction = makeFunction('DeploySyncFunction', FUNCTION_SETTINGS.deploy, {
      entryFile: 'deploy-sync.ts',
      description: config.deploySync ? 'model sync at deploy time, migrations then a first sync' : 'model sync at deploy time, migrations only',
      environment: { ...environments.litellm, ...environments.deploy },
      // With deploySync=false it only migrates: no LiteLLM key, no events.
      readsLitellmKey: config.deploySync,
      publishesEvents: config.deploySync,
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
    this.apiFunction.addEnvironment(RESOURCE_VARIABLES.backgroundRunFunctionName, this.scheduledFunction.functionName);
    // The unqualified function only (grantInvoke would add `:*`, every version and alias).
    this.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.scheduledFunction.functionArn] }),
    );

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

    // Runs on the first deploy and whenever the deploy-time handler changes. Only a failed
    // migration fails it: the handler records, logs and returns a failed first sync, so a LiteLLM
    // outage can neither fail a deploy nor the rollback that would re-run the old handler.
    new triggers.Trigger(this, 'DeploySync', {
      handler: this.deployFunction,
      // Must outlast the function (see functions/commons/setup/budgets.ts for the arithmetic).
      timeout: Duration.seconds(DEPLOY_BUDGETS.triggerTimeoutSeconds),
      // After the alarms and their metric filters: a failed first sync must already be alarmed.
      executeAfter: [this.database, this.alarms],
      executeOnHandlerChange: true,
    });

    this.dashboard = new SyncDashboard(this, 'Dashboard', {
      instanceName: config.instanceName,
      // Dashboards are global to the account: the region keeps two regions' copies apart.
      dashboardName: `${config.instanceName}-sync-${this.region}`,
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
}
