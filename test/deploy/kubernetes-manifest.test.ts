/**
 * deploy/kubernetes/cronjob.yaml, the CLI on a Kubernetes or OpenShift scheduler: every container's
 * arguments and variables are ones the CLI really takes, and each container's command runs through
 * the real CLI (bin) against a real PostgreSQL, with the Secret's values and the in-cluster
 * LiteLLM URL replaced by the test's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { OPTIONS } from '../../cli/arguments.js';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { variablesReadByCode } from '../support/cli-variables.js';
import { readFixture } from '../support/fixtures.js';
import { startTestPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';
import { REPO, runCli } from '../support/run-cli.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
}
interface CronJob {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { schedule: string; concurrencyPolicy?: string; jobTemplate: { spec: { template: { spec: { restartPolicy: string; containers: Container[] } } } } };
}

const MANIFEST = join(REPO, 'deploy', 'kubernetes', 'cronjob.yaml');
const cronJobs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((document) => {
  if (document.errors.length > 0) throw new Error(`deploy/kubernetes/cronjob.yaml does not parse: ${document.errors[0]?.message ?? ''}`);
  return document.toJS() as CronJob;
});
const containers = cronJobs.flatMap((job) => job.spec.jobTemplate.spec.template.spec.containers.map((container) => ({ job: job.metadata.name, container })));

/** The Secret keys LiteMaaS's own manifests put in "backend-secret", and what the test gives for each. */
let secretValues: Record<string, string>;
let postgres: TestPostgres;
let litellm: LiteLLMStandIn;

beforeAll(async () => {
  [postgres, litellm] = await Promise.all([startTestPostgres(), startLiteLLMStandIn({ body: readFixture('model-info-basic.json') })]);
  secretValues = { 'database-url': postgres.connectionString, 'litellm-api-key': 'sk-cronjob-test' };
});
afterAll(async () => {
  await litellm?.close();
  await postgres?.stop();
});

/** A container's environment as the kubelet would set it, with the test's Secret values and LiteLLM. */
function environmentOf(container: Container): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((variable) => {
      const key = variable.valueFrom?.secretKeyRef?.key;
      if (key !== undefined) return [variable.name, secretValues[key] ?? `missing test value for ${key}`];
      // The in-cluster service name cannot resolve here: the stand-in plays it.
      return [variable.name, variable.name === 'LITELLM_API_URL' ? litellm.url : (variable.value ?? '')];
    }),
  );
}

/** The one container of the CronJob named `job`. */
function containerOf(job: string): Container {
  const found = containers.find((entry) => entry.job === job);
  if (found === undefined) throw new Error(`the CronJob ${job} has no container`);
  return found.container;
}

describe('deploy/kubernetes/cronjob.yaml', () => {
  it('It should hold a sync CronJob and a status CronJob that never overlap themselves', () => {
    expect(cronJobs.map((job) => [job.apiVersion, job.kind, job.metadata.name])).toEqual([
      ['batch/v1', 'CronJob', 'litemaas-model-sync'],
      ['batch/v1', 'CronJob', 'litemaas-model-sync-health'],
    ]);
    for (const job of cronJobs) {
      expect(job.spec.concurrencyPolicy).toBe('Forbid');
      expect(job.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    }
  });

  it('It should pass only flags and commands the CLI accepts', () => {
    const flags = new Set(Object.keys(OPTIONS).map((name) => `--${name}`));
    for (const { container } of containers) {
      expect(container.command, 'the image entry point runs the CLI').toBeUndefined();
      const [first, ...rest] = container.args ?? [];
      const positionals = [first, ...rest].filter((arg): arg is string => arg !== undefined && !arg.startsWith('-'));
      expect(positionals.every((arg) => ['runs', 'status'].includes(arg)), container.name).toBe(true);
      for (const arg of (container.args ?? []).filter((value) => value.startsWith('-'))) expect(flags, arg).toContain(arg.split('=')[0]);
    }
  });

  it('It should set only variables the CLI reads, the secrets from LiteMaaS\'s own Secret', () => {
    const read = new Set(variablesReadByCode());
    for (const { container } of containers) {
      for (const variable of container.env ?? []) {
        expect(read, variable.name).toContain(variable.name);
        if (['DATABASE_URL', 'LITELLM_API_KEY'].includes(variable.name)) {
          expect(variable.valueFrom?.secretKeyRef?.name).toBe('backend-secret');
          expect(variable.value).toBeUndefined();
        }
      }
    }
  });

  it('It should sync with the sync container\'s command, then report healthy with the status container\'s', { timeout: 120_000 }, async () => {
    // Prepare
    const sync = containerOf('litemaas-model-sync');
    const health = containerOf('litemaas-model-sync-health');

    // Act
    const synced = await runCli(sync.args ?? [], environmentOf(sync));
    const status = await runCli(health.args ?? [], environmentOf(health));

    // Assess
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ success: true, newModels: 4 });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ lastRun: { status: 'succeeded' }, schedule: { enabled: true, intervalMinutes: 60 } });
  });

  it('It should fail the health Job when the last sync failed', { timeout: 120_000 }, async () => {
    // Prepare: LiteLLM refuses the key, so the sync fails and records it.
    litellm.answer({ status: 401, body: { error: { message: 'Authentication Error' } } });
    const sync = containerOf('litemaas-model-sync');
    const health = containerOf('litemaas-model-sync-health');

    // Act
    const synced = await runCli(sync.args ?? [], environmentOf(sync));
    const status = await runCli(health.args ?? [], environmentOf(health));

    // Assess
    expect(synced.code).toBe(1);
    expect(status.code).toBe(1);
  });
});
