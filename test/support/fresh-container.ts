/**
 * A setup file of every test file (vitest.config.ts): files share reused workers, in any order
 * (`--sequence.shuffle.files` puts them in a random one), and each must start as if it had its
 * worker to itself; a handler's file, as in a new Lambda container. What a file would inherit
 * otherwise, and how each is undone:
 *
 * - The project's modules, for the handlers' files (test/functions, and api-bad-input, which calls
 *   the API handlers): a reused worker keeps them loaded from one file to the next, so a handler's
 *   per-container state (what `buildOnce` built from the last file's environment, such as a
 *   LiteLLM URL whose stand-in has stopped; the background run's Lambda client; the Powertools
 *   Logger and Metrics and their cold-start flags) would answer for the next file. Reset here,
 *   before the file's own imports, so that its static imports load afresh too. Only for those
 *   files: the others keep what they loaded (aws-cdk-lib, a synthesized template), which is why
 *   workers are reused at all.
 * - The Powertools Parameters providers, for the same files: `getSecret` keeps its provider, its
 *   Secrets Manager client and the values it read (for minutes) inside the package, which vitest
 *   loads once per worker; another file's LiteLLM key under the same ARN would answer without a
 *   read. Emptied.
 * - The environment: the harnesses and some tests set variables (e.g. database-users.test.ts's
 *   `DB_WRITER_SECRET_ARN`, after which a deploy-time function tries to create database users).
 *   Put back after the file as it found it.
 * - The AWS SDK clients a file mocked: `mockClient` stubs the class's `send`, for every instance,
 *   until restored; a client the next file does not mock must be real (data-api-client.test.ts).
 *   Restored after the file, so files need not restore their own.
 * - Fake timers and `vi.spyOn` spies (captured output): the files put them back after each test;
 *   restored here too, so that a file that does not cannot slow or silence the next one.
 */
import { DEFAULT_PROVIDERS } from '@aws-lambda-powertools/parameters/base';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, expect, vi } from 'vitest';

/** Every AWS SDK client the functions create (functions/, lib/). */
const SDK_CLIENTS = [EventBridgeClient, LambdaClient, RDSDataClient, SecretsManagerClient];

/** The files that call the handlers themselves, and so start as in a new container. */
const HANDLER_FILES = /\/test\/(?:functions\/|reliability\/api-bad-input\.test\.ts$)/;

const testFile = expect.getState().testPath;
// Without the file's path every handler file would silently keep the last file's modules.
if (testFile === undefined) throw new Error('fresh-container.ts: vitest gave no test file path to the setup file');
if (HANDLER_FILES.test(testFile)) {
  vi.resetModules();
  for (const name of Object.keys(DEFAULT_PROVIDERS)) delete DEFAULT_PROVIDERS[name];
}
const environment = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  for (const client of SDK_CLIENTS) (client.prototype.send as { restore?: () => void }).restore?.();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
