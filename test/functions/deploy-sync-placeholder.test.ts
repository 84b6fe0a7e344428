import { describe, expect, it } from 'vitest';
import type { DeploySyncOutcome } from '../../functions/deploy-sync.js';
import { LITELLM_KEY_PLACEHOLDER } from '../../functions/commons/secrets/litellm-key-placeholder.js';
import { loadHandler, useFunctionHarness } from '../support/function-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<DeploySyncOutcome>;

// The secret exactly as the stack creates it, before anyone stored the real key.
const harness = useFunctionHarness({ secretString: LITELLM_KEY_PLACEHOLDER });

describe('deploy-time sync before the LiteLLM key is set', () => {
  it('It should apply the migrations, skip the sync and log why', async () => {
    // Prepare
    const handler = await loadHandler<Handler>('deploy-sync');

    // Act
    const outcome = await handler({}, lambdaContext('model-sync-deploy', 120_000));

    // Assess
    expect(outcome).toMatchObject({ migrated: true, synced: false });
    expect(outcome.reason).toContain('placeholder');
    const { rows } = await harness.postgres.client.query<{ found: boolean }>("SELECT to_regclass('models') IS NOT NULL AS found");
    expect(rows[0]?.found).toBe(true);
    expect(harness.litellm.requests).toHaveLength(0);
    expect(await harness.recordedRuns()).toHaveLength(0);
    const warning = harness.output.records().find((record) => String(record.message).includes('placeholder'));
    expect(warning).toMatchObject({ level: 'WARN' });
  });
});
