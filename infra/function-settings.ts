/**
 * What each sync function is given: its time budget, its reserved concurrency, its environment
 * variables and the network it runs in. The stack (model-sync-stack.ts) wires the functions; this
 * file says what they are told.
 */

import { Duration, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { API_BUDGETS, DEPLOY_BUDGETS, SCHEDULED_BUDGETS } from '../functions/commons/setup/budgets.js';
import { isPlainHttpUrl } from '../lib/setting-values.js';
import { JWT_SCOPE_SETTINGS, RESOURCE_VARIABLES } from '../lib/settings/deploy-names.js';
import { SETTINGS } from '../lib/settings/settings-table.js';
import type { ModelSyncConfig, VpcAttachmentConfig } from './config/index.js';
import { passedEnvironment } from './config/passed-settings.js';
import type { SyncFunctionProps } from './constructs/sync-function.js';

/** How long a function may run and wait for an auto-paused Aurora writer to resume. */
export interface FunctionBudget {
  readonly resumeBudgetMs: number;
  readonly timeout: Duration;
}

/**
 * How long each function may run and wait for an auto-paused Aurora writer to resume
 * (`DB_RESUME_BUDGET_MS`, per database call). The numbers and their arithmetic live in
 * functions/commons/setup/budgets.ts, which the handlers read too, so the stack and the code cannot
 * disagree; the variable is still set, so an operator sees (and may tune) the budget in the console.
 */
export const FUNCTION_SETTINGS = {
  scheduled: { resumeBudgetMs: SCHEDULED_BUDGETS.resume.budgetMs, timeout: Duration.seconds(SCHEDULED_BUDGETS.timeoutSeconds) },
  api: { resumeBudgetMs: API_BUDGETS.resume.budgetMs, timeout: Duration.seconds(API_BUDGETS.timeoutSeconds) },
  deploy: { resumeBudgetMs: DEPLOY_BUDGETS.resume.budgetMs, timeout: Duration.seconds(DEPLOY_BUDGETS.timeoutSeconds) },
} as const satisfies Record<string, FunctionBudget>;

/**
 * Reserved concurrency with `reservedConcurrency=true`. Off by default: new accounts whose quota
 * is 10–50 refuse any reservation that leaves fewer than 10 unreserved. One run at a time does not
 * depend on it (the sync lock in the database refuses a second run).
 */
export const RESERVED_CONCURRENCY = {
  scheduled: 1,
  // Room for a second concurrent POST to reach the sync lock and get its 409, not a throttle.
  start: 5,
} as const;

/** The resources the variables point at. */
export interface EnvironmentTargets {
  readonly clusterArn: string;
  readonly databaseName: string;
  readonly litellmKeySecretArn: string;
  /** The change-event bus's name or ARN. */
  readonly eventBusReference: string;
}

/** The functions' environment variables, in groups; each function takes the groups it needs. */
export interface FunctionEnvironments {
  /** Every function: where the database is. */
  readonly database: Record<string, string>;
  /** The functions that sync: where LiteLLM is, its key and the catalog policy. */
  readonly litellm: Record<string, string>;
  /** Change events (docs/events.md): only the functions that sync publish them. */
  readonly events: Record<string, string>;
  /** What GET /sync/status says about the schedule: the read function has no schedule of its own. */
  readonly schedule: Record<string, string>;
  /** The API functions in JWT mode: which scope each kind of access needs. */
  readonly scopes: Record<string, string>;
  /** The read function: how it shows the run history. */
  readonly read: Record<string, string>;
  /** The deploy-time function: whether it syncs after the migrations. */
  readonly deploy: Record<string, string>;
}

/** The environment variable groups of one deployment. */
export function functionEnvironments(config: ModelSyncConfig, targets: EnvironmentTargets): FunctionEnvironments {
  return {
    database: { [RESOURCE_VARIABLES.clusterArn]: targets.clusterArn, [RESOURCE_VARIABLES.databaseName]: targets.databaseName },
    litellm: {
      [SETTINGS.litellmUrl.variable]: config.litellmUrl,
      [RESOURCE_VARIABLES.litellmKeySecretArn]: targets.litellmKeySecretArn,
      // infra/config/ refused an http:// URL unless the functions run in a VPC or the operator opted in.
      ...(isPlainHttpUrl(config.litellmUrl) ? { [SETTINGS.allowInsecureLitellm.variable]: 'true' } : {}),
      ...passedEnvironment(config, 'syncing'),
    },
    events: { [RESOURCE_VARIABLES.eventBusName]: targets.eventBusReference },
    schedule: {
      [SETTINGS.autoSync.variable]: String(config.autoSync),
      [SETTINGS.syncIntervalMinutes.variable]: String(config.syncIntervalMinutes),
    },
    scopes:
      config.jwt === undefined
        ? {}
        : {
            [JWT_SCOPE_SETTINGS.read.variable]: config.jwt.scopes.read,
            [JWT_SCOPE_SETTINGS.start.variable]: config.jwt.scopes.start,
            [JWT_SCOPE_SETTINGS.force.variable]: config.jwt.scopes.force,
          },
    read: {
      ...passedEnvironment(config, 'read'),
      ...(config.showCallerArns ? { [SETTINGS.showCallerArns.variable]: 'true' } : {}),
    },
    deploy: config.deploySync ? {} : { [SETTINGS.deploySync.variable]: 'false' },
  };
}

/** The functions' network, imported by id: no lookup, so synth needs no credentials. */
export function importFunctionNetwork(scope: Construct, attachment: VpcAttachmentConfig): Pick<SyncFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
  // Only the VPC id matters: the subnets are passed explicitly, so the zones are never consulted.
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'FunctionVpc', { vpcId: attachment.vpcId, availabilityZones: Fn.getAzs() });
  return {
    vpc,
    vpcSubnets: { subnets: attachment.subnetIds.map((id, index) => ec2.Subnet.fromSubnetId(scope, `FunctionSubnet${index}`, id)) },
    securityGroups: attachment.securityGroupIds.map((id, index) =>
      ec2.SecurityGroup.fromSecurityGroupId(scope, `FunctionSecurityGroup${index}`, id, { mutable: false }),
    ),
  };
}
