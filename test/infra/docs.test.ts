import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, parseConfig } from '../../infra/config/index.js';

describe('the context keys', () => {
  it('It should be exactly the settings parseConfig reads', () => {
    // Prepare
    const read = new Set<string>();

    // Act: database=existing, so the existing-cluster keys are read too (it then throws: they are missing)
    expect(() =>
      parseConfig((key) => {
        read.add(key);
        return key === 'database' ? 'existing' : undefined;
      }),
    ).toThrow('an existing database needs');

    // Assess: besides the settings, only the keys it refuses (a LiteLLM key passed as context, a retired key)
    const settings = [...read].filter((key) => !['litellmApiKey', 'litellmMasterKey', 'apiKey', 'jwtScope'].includes(key));
    expect(settings.sort()).toEqual([...CONTEXT_KEYS].sort());
  });

  it('It should each have a row in the settings table of the deploy guide', () => {
    const guide = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    for (const key of CONTEXT_KEYS) {
      expect(guide).toContain(`| \`${key}\` |`);
    }
  });
});
