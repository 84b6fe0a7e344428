import { describe, expect, it } from 'vitest';
import { createNameFilter, splitNamePatterns } from '../../lib/catalog/name-patterns.js';
import { ConfigError } from '../../lib/errors.js';

describe('model-name globs', () => {
  it.each([
    ['gpt-*', 'gpt-4o', true],
    ['gpt-*', 'openai/gpt-4o', false], // the whole name must match
    ['*gpt*', 'openai/gpt-4o', true],
    ['RedHatAI/*', 'RedHatAI/gpt-oss-120b', true],
    ['*', 'a/b/c', true], // * spans slashes
    ['gpt-4?', 'gpt-4o', true],
    ['gpt-4?', 'gpt-4', false], // ? is exactly one character
    ['gpt-4?', 'gpt-4oo', false],
    ['model-?', 'model-é', true], // one character, not one UTF-16 unit
    ['llama-3.1-*', 'llama-301-8b', false], // . and other regex characters are literal
    ['a+b(c)[d]{e}|^$\\', 'a+b(c)[d]{e}|^$\\', true],
  ])('It should say whether %s matches %s: %s', (pattern, name, expected) => {
    expect(createNameFilter([pattern], [])(name)).toBe(expected);
  });

  it('It should publish every name without include patterns, and exclude wins over include', () => {
    const filter = createNameFilter(['gpt-*'], ['*-mini']);
    expect(['gpt-4o', 'gpt-4o-mini', 'claude'].map(filter)).toEqual([true, false, false]);
    expect(createNameFilter([], ['claude*'])('gpt-4o')).toBe(true);
  });

  it('It should refuse an empty pattern and an empty list item, naming the setting', () => {
    expect(() => createNameFilter(['gpt-*', ''], [])).toThrow(ConfigError);
    expect(() => splitNamePatterns('a,,b', 'SYNC_INCLUDE')).toThrow(/SYNC_INCLUDE has an empty item \(item 2 of "a,,b"\)/);
    expect(splitNamePatterns(' a , b/* ', 'X')).toEqual(['a', 'b/*']);
  });
});
