import { describe, expect, it } from 'vitest';
import { closestName } from '../../cli/closest-name.js';
import { perMillionTokens } from '../../cli/models-command.js';
import { safeJson, withoutControlCharacters } from '../../cli/terminal-text.js';
import { controlCharactersIn } from '../support/control-characters.js';

describe('a per-token cost shown per million tokens', () => {
  it.each([
    ['0.0000025000', '2.5'],
    ['0.0000100000', '10'],
    ['0.0000000001', '0.0001'],
    ['0.0000000000', '0'],
    ['12.5000000000', '12500000'],
    [null, ''],
  ])('It should show %s as %s, exactly', (cost, shown) => {
    expect(perMillionTokens(cost)).toBe(shown);
  });
});

describe('the nearest known name', () => {
  it('It should find a typo and leave a different word alone', () => {
    expect(closestName('dryrun', ['dry-run', 'force'])).toBe('dry-run');
    expect(closestName('stauts', ['sync', 'runs', 'status', 'models'])).toBe('status');
    expect(closestName('frobnicate', ['dry-run', 'force', 'json'])).toBeUndefined();
  });
});

describe('text for a terminal', () => {
  it('It should drop C0 and C1 controls but keep line breaks and tabs', () => {
    expect(withoutControlCharacters('a\u001b[2Jb\u009bc\u0007\td\ne\u007f')).toBe('a[2Jbc\td\ne');
  });

  it('It should write JSON whose text has no control character and whose data is unchanged', () => {
    const value = { name: 'a\u001b\u009b\u007fb' };
    const text = safeJson(value);
    expect(controlCharactersIn(text)).toEqual([]);
    expect(JSON.parse(text)).toEqual(value);
  });
});
