import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { addModelSyncStack } from '../../infra/model-sync-app.js';
import type { ModelSyncStack } from '../../infra/model-sync-stack.js';

/** Context that skips esbuild bundling, so the tests need neither the handlers built nor Docker. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** A deployable LiteLLM URL, so tests that are not about it see no warning. */
export const LITELLM_URL = 'https://litellm.example.com';

/** The smallest context that synthesizes: the database mode has no default. */
export const NEW_DATABASE = { database: 'new' };

export const EXISTING_CLUSTER_ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:litemaas';
export const EXISTING_DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litemaas-db-AbCdEf';

/** The smallest context that deploys: a new cluster and a LiteLLM URL. */
export const DEFAULT_CONTEXT = { ...NEW_DATABASE, litellmUrl: LITELLM_URL };

/** The same on the cluster LiteMaaS already uses (by ARN). */
export const EXISTING_CONTEXT = {
  ...DEFAULT_CONTEXT,
  database: 'existing',
  existingClusterArn: EXISTING_CLUSTER_ARN,
  existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN,
  databaseName: 'litemaas',
};
/** The functions' VPC attachment, as context gives it. */
export const VPC_ATTACHMENT = { vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd,subnet-0123abce', securityGroupIds: 'sg-0123abcd' };

/** Any PostgreSQL reached from the VPC (`database=postgres`), through an RDS Proxy endpoint. */
export const POSTGRES_CONTEXT = {
  database: 'postgres',
  litellmUrl: 'http://litellm.litemaas.internal:4000',
  ...VPC_ATTACHMENT,
  existingDatabaseSecretArn: EXISTING_DB_SECRET_ARN,
  databaseHost: 'litemaas.proxy-abc123xyz.eu-west-1.rds.amazonaws.com',
};
export const EXISTING_LITELLM_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:litellm-key-XyZ123';

/**
 * Builds the app as `infra/app.ts` does (cdk-nag included), with the given context, but without
 * CDK's built-in CloudFormation validation unless `builtinValidation` says so: loading its engine
 * costs about 4 s of CPU per process, and it adds about 0.3 s to every synth (a warm synth 0.44 →
 * 0.16 s), while cfn-lint lints every configuration anyway. `cfn-lint.test.ts` runs it once, as
 * `cdk synth` does. The template is the same either way.
 */
export function buildStack(context: Record<string, unknown> = {}, { builtinValidation = false } = {}): { app: App; stack: ModelSyncStack } {
  const app = new App({ context: { ...NO_BUNDLING, ...context }, builtinCloudFormationValidation: builtinValidation });
  const stack = addModelSyncStack(app);
  return { app, stack };
}

const templates = new Map<string, Template>();

/** Where this run keeps each synthesized template, for the other workers (test/support/global-run-directories.ts). */
function cachedTemplateFile(key: string): string | undefined {
  const directory = inject('templateCacheDir');
  return directory === undefined ? undefined : join(directory, `${createHash('sha256').update(key).digest('hex')}.json`);
}

/**
 * The synthesized template for a context. A synth takes a second or two, so each context is
 * synthesized once per run: kept in this worker's memory and in the run's cache directory.
 */
export function templateFor(context: Record<string, unknown> = {}): Template {
  const key = JSON.stringify(context);
  let template = templates.get(key);
  if (template !== undefined) return template;
  const file = cachedTemplateFile(key);
  if (file !== undefined && existsSync(file)) {
    template = Template.fromJSON(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  } else {
    template = Template.fromStack(buildStack(context).stack);
    if (file !== undefined) {
      // Written whole, then renamed: another worker never reads half a template.
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(template.toJSON()));
      renameSync(`${file}.${process.pid}`, file);
    }
  }
  templates.set(key, template);
  return template;
}

/** The environment variables of the one sync function whose logical id starts with `prefix`. */
export function environmentOf(template: Template, prefix: string): Record<string, unknown> {
  const matches = Object.entries(syncFunctions(template)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one function named ${prefix}*, found ${matches.length}`);
  return ((matches[0]?.[1].Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {});
}

/** A resource of a synthesized template. */
export interface TemplateResource {
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
}

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, TemplateResource> {
  return template.findResources(type);
}

/**
 * The statements of a synthesized `AWS::IAM::Policy`, typed as the caller reads them. A policy
 * without a document is a broken template: it fails here with its name, not as a TypeError.
 */
export function statementsOf<Statement>(policy: TemplateResource): Statement[] {
  const document = policy.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined;
  if (document?.Statement === undefined) throw new Error(`a policy without statements: ${JSON.stringify(policy)}`);
  return document.Statement;
}

/** A statement of a synthesized IAM policy. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** A statement's actions, as a list whether the template gives one or several. */
export const actionsOf = (statement: Pick<PolicyStatement, 'Action'>): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/** Every statement of every `AWS::IAM::Policy` the stack defines for `context` (CDK's trigger provider has its own inline one). */
export function policyStatements(context: Record<string, unknown>): PolicyStatement[] {
  return Object.values(resourcesOf(templateFor(context), 'AWS::IAM::Policy')).flatMap((policy) => statementsOf<PolicyStatement>(policy));
}

/** The roles a synthesized `AWS::IAM::Policy` is attached to, as `{ Ref: <logical id> }`. */
export function rolesOf(policy: TemplateResource): { Ref: string }[] {
  const roles = policy.Properties?.Roles as { Ref: string }[] | undefined;
  if (roles === undefined) throw new Error(`a policy attached to no role: ${JSON.stringify(policy)}`);
  return roles;
}

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.length}`);
  return ids[0] as string;
}

/** Our four functions (not CDK's own trigger provider), by logical id. */
export function syncFunctions(template: Template): Record<string, Record<string, unknown>> {
  const functions = resourcesOf(template, 'AWS::Lambda::Function');
  const ours = Object.entries(functions).filter(([id]) => /^(ScheduledSync|SyncApi|SyncReadApi|DeploySync)Function/.test(id));
  // Tests loop over these; finding none would make every such loop assert nothing.
  if (ours.length !== 4) throw new Error(`Expected the stack's 4 sync functions, found ${ours.length}`);
  return Object.fromEntries(ours.map(([id, resource]) => [id, resource.Properties ?? {}]));
}
