/**
 * A setup file of the handlers' tests (project `own-workers` in vitest.config.ts), which share
 * reused workers: every test file starts as a fresh Lambda container would, whichever files the
 * worker ran before. What a file would otherwise inherit, found by running the files in one worker
 * without this (19 failures), and how each is undone:
 *
 * - The project's modules: vitest keeps them loaded from one file to the next in a reused worker,
 *   so a handler's per-container state (the configuration and clients `buildOnce` built from the
 *   last file's environment, with a LiteLLM URL whose stand-in has stopped; the Lambda client of a
 *   background run; the Powertools Logger and Metrics with their cold-start flags) would answer for
 *   the next file. Reset before the file's imports, so its static imports load afresh too.
 * - The Powertools Parameters providers: `getSecret` keeps its provider, its Secrets Manager
 *   client and the values it read (5 minutes) in the package, which vitest does not reload; another
 *   file's LiteLLM key (same ARN) would answer without a read. Emptied, as in a new container.
 * - The environment the harness sets (`LITELLM_API_URL`, `EVENT_BUS_NAME`, `DB_RESUME_BUDGET_MS`…):
 *   put back as the file found it.
 * - The AWS SDK clients a file mocks (`mockClient` stubs the class's `send`, for every instance):
 *   restored when a file left one mocked, so that a client the next file does not mock is real.
 * - Fake timers and `vi.spyOn` spies (captured output): restored.
 */
import { DEFAULT_PROVIDERS } from '@aws-lambda-powertools/parameters/base';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, vi } from 'vitest';

/** Every AWS SDK client the functions create (functions/, lib/). */
const SDK_CLIENTS = [EventBridgeClient, LambdaClient, RDSDataClient, SecretsManagerClient];

vi.resetModules();
for (const name of Object.keys(DEFAULT_PROVIDERS)) delete DEFAULT_PROVIDERS[name];
const environment = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  for (const client of SDK_CLIENTS) (client.prototype.send as { restore?: () => void }).restore?.();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
