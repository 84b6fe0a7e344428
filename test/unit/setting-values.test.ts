import { describe, expect, it } from 'vitest';
import { parseLiteLLMUrl, readSetting } from '../../lib/config.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import { hasUrlCredentials } from '../../lib/credentials.js';
import { httpUrlProblem, parseBooleanText, parseBoundedNumber } from '../../lib/setting-values.js';
import { stackProblems } from '../support/stack-problems.js';

describe('setting values: one rule for the CLI, the functions and the stack', () => {
  it.each([
    ['30', { min: 1, max: 1440, integer: true }, 30],
    ['1.5', { min: 1, max: 10, integer: true }, undefined],
    ['3e1', { min: 1, max: 100, integer: true }, undefined], // integers are plain digits
    ['0.25', { min: 0, max: 1 }, 0.25],
    ['2', { min: 0, max: 1 }, undefined],
    ['NaN', { min: 0, max: 1 }, undefined],
    ['Infinity', { min: 0, max: Infinity }, undefined],
  ])('It should read %s within %o as %s', (text, bounds, expected) => {
    expect(parseBoundedNumber(text, bounds)).toBe(expected);
  });

  it('It should read true and false in any case and nothing else as a boolean', () => {
    expect(['true', 'FALSE', 'True', 'yes', '1'].map(parseBooleanText)).toEqual([true, false, true, undefined, undefined]);
  });

  it('It should accept http and https URLs, loopback included, and say what is wrong with others', () => {
    expect(['http://127.0.0.1:4000', 'https://litellm.example.com', 'ftp://host', 'litellm'].map(httpUrlProblem)).toEqual([
      undefined,
      undefined,
      'not-http',
      'not-a-url',
    ]);
  });

  it('It should find credentials in a URL only in its user:password@ part', () => {
    expect(['https://u:p@host', 'https://u@host', 'https://host/?user=a', 'not a url'].map(hasUrlCredentials)).toEqual([true, true, false, false]);
  });

  it('It should refuse a LiteLLM URL with credentials on both sides without echoing them', () => {
    // Prepare
    const url = 'https://admin:hunter2@litellm.example.com';

    // Act
    const cli = (): string => parseLiteLLMUrl(url, 'LITELLM_API_URL');
    const stack = stackProblems({ litellmUrl: url });

    // Assess
    expect(cli).toThrow(/^LITELLM_API_URL must not contain credentials/);
    expect(() => cli()).not.toThrow(/hunter2/);
    expect(stack).toMatch(/litellmUrl must not contain credentials/);
    expect(stack).not.toMatch(/hunter2/);
  });

  it('It should apply the same number and boolean rules to variables and context keys', () => {
    const env = { SYNC_RETIRE_AFTER_MISSED_RUNS: '2.0', SYNC_INCLUDE_TEAM_MODELS: 'yes' };
    expect(() => readSetting(env, SETTINGS.retireAfterMissedRuns)).toThrow(/must be an integer from 1 to 1000/);
    expect(stackProblems({ retireAfterMissedRuns: '2.0' })).toMatch(/retireAfterMissedRuns must be an integer from 1 to 1000 \(got "2.0"\)/);
    expect(() => readSetting(env, SETTINGS.includeTeamModels)).toThrow(/SYNC_INCLUDE_TEAM_MODELS must be true or false \(got "yes"\)/);
    expect(stackProblems({ includeTeamModels: 'YES' })).toMatch(/includeTeamModels must be true or false \(got "yes"\)/);
  });
});
