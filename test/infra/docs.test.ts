import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, parseConfig } from '../../infra/config.js';

describe('the context keys', () => {
  it('should be exactly the settings parseConfig reads', () => {
    // Prepare
    const read = new Set<string>();

    // Act
    parseConfig((key) => {
      read.add(key);
      return undefined;
    });

    // Assess: besides the settings, only the keys it refuses (a LiteLLM key passed as context)
    const settings = [...read].filter((key) => !['litellmApiKey', 'litellmMasterKey', 'apiKey'].includes(key));
    expect(settings.sort()).toEqual([...CONTEXT_KEYS].sort());
  });

  it('should each have a row in the deploy guide of the README', () => {
    const guide = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const key of CONTEXT_KEYS) {
      expect(guide).toContain(`| \`${key}\` |`);
    }
  });
});
