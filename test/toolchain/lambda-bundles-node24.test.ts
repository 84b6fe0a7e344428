/**
 * The deployed code runs on Lambda's nodejs24.x, while the machines that build it may have an older
 * Node. These tests bundle every handler as `npm run build` does and load and invoke each bundle in
 * a separate Node 24 process (the runtime the project pins through npm), with a configuration that
 * reaches no AWS service: a bundle that cannot load, or a handler that cannot even answer with its
 * configuration error, fails here instead of in the account.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandler, HANDLERS } from '../../scripts/handler-bundles.js';
import type { HandlerName } from '../../scripts/handler-bundles.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The Node binary the `node` npm package pins (package.json); npm scripts put it first on PATH. */
const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');

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

/** Imports a bundle and calls its handler with the event in argv[2]; prints what happened as JSON. */
const INVOKE_BUNDLE = `
const { handler } = await import(process.argv[1]);
const outcome = { node: process.versions.node, handlerType: typeof handler };
try {
  const answer = await handler(JSON.parse(process.argv[2]), { functionName: 'smoke', awsRequestId: 'smoke-1', getRemainingTimeInMillis: () => 10000 });
  outcome.answer = answer ?? null;
} catch (error) {
  outcome.error = error instanceof Error ? error.message : String(error);
}
process.stdout.write(JSON.stringify(outcome));
`;

interface SmokeOutcome {
  node: string;
  handlerType: string;
  answer?: { statusCode?: number; isAuthorized?: boolean } | null;
  error?: string;
}

function runBundle(file: string, event: unknown): SmokeOutcome {
  const output = execFileSync(PINNED_NODE, ['--input-type=module', '-e', INVOKE_BUNDLE, file, JSON.stringify(event)], {
    // No LiteLLM URL, database or secret settings: the handler must fail on its configuration,
    // before any network call, and say which setting is missing.
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lastLine = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as SmokeOutcome;
}

describe('The Lambda bundles on Node 24', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'bundles-'));
  });
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('It should run the test suite itself on the pinned Node 24, not the machine Node', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    it(`It should load ${name} and answer an invocation it cannot serve`, async () => {
      // Prepare
      const { file } = await bundleHandler(ROOT, name, outDir);

      // Act
      const outcome = runBundle(file, SMOKE_EVENTS[name] ?? {});

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
