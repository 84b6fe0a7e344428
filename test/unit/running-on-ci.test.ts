import { describe, expect, it } from 'vitest';
import { runningOnCi } from '../support/ci.js';

describe('the one rule for running on CI', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: '' }, false],
    [{ CI: 'false' }, false],
    [{ CI: 'FALSE' }, false],
    [{}, false],
  ])('It should read %o as on CI: %s', (env, expected) => {
    expect(runningOnCi(env)).toBe(expected);
  });
});
