import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../lib/backoff.js';
import { backoffCeilingMs, DEFAULT_LITELLM_RETRY_POLICY } from '../../lib/litellm/client.js';

describe('the one backoff of the retrying loops', () => {
  it('It should wait for nothing before the first try, then double from the first wait up to the longest', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, { firstMs: 1_000, maxMs: 4_000 }))).toEqual([0, 1_000, 2_000, 4_000, 4_000]);
  });

  it('It should keep doubling when no longest wait is given, as the LiteLLM client does', () => {
    expect([2, 3, 4].map((attempt) => backoffCeilingMs(DEFAULT_LITELLM_RETRY_POLICY, attempt))).toEqual([500, 1_000, 2_000]);
  });
});
