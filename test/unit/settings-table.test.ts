import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../cli/arguments.js';
import { CONTEXT_KEYS } from '../../infra/config/index.js';
import { readSetting } from '../../lib/config.js';
import { FUNCTION_VARIABLES } from '../../lib/settings/deploy-names.js';
import { parseSettingText } from '../../lib/settings/setting-rule.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import type { SettingRow } from '../../lib/settings/settings-table.js';
import { resolveSettings } from '../../lib/sync/settings.js';
import { stackProblems } from '../support/stack-problems.js';

const ROWS: [string, SettingRow][] = Object.entries(SETTINGS);

describe('the settings table: one row per setting, applied by the stack, the functions and the CLI', () => {
  it('It should give every setting its own variable, context key and flag', () => {
    const unique = (names: (string | undefined)[]): void => {
      const given = names.filter((name) => name !== undefined);
      expect(new Set(given).size).toBe(given.length);
    };
    unique(ROWS.map(([, row]) => row.variable));
    unique(ROWS.map(([, row]) => row.contextKey));
    unique(ROWS.map(([, row]) => row.cli?.flag));
    expect(new Set(FUNCTION_VARIABLES).size).toBe(FUNCTION_VARIABLES.length);
  });

  it('It should have the stack read every row context key, and the CLI accept every row flag', () => {
    for (const [, row] of ROWS) {
      if (row.contextKey !== undefined) expect(CONTEXT_KEYS).toContain(row.contextKey);
      if (row.cli?.flag !== undefined) expect(Object.keys(OPTIONS)).toContain(row.cli.flag.slice(2));
    }
  });

  it.each(ROWS.filter(([, row]) => row.default !== undefined && row.rule.kind !== 'model-patterns'))(
    'It should hold a default for %s that its own rule accepts',
    (_name, row) => {
      expect(parseSettingText(row.rule, String(row.default), row.variable)).toEqual(row.default);
    },
  );

  it.each(ROWS.filter(([, row]) => row.rule.kind === 'integer' || row.rule.kind === 'number'))(
    'It should refuse a value of %s just outside its bounds with the same words on every side',
    (_name, row) => {
      // Prepare
      if (row.rule.kind !== 'integer' && row.rule.kind !== 'number') throw new Error('a numeric row');
      const above = String(row.rule.max + 1);
      const expected = `must be ${row.rule.kind === 'integer' ? 'an integer' : 'a number'} from ${row.rule.min} to ${row.rule.max} (got "${above}")`;

      // Act
      const variable = (): unknown => readSetting({ [row.variable]: above }, row);

      // Assess
      expect(variable).toThrow(`${row.variable} ${expected}.`);
      if (row.contextKey !== undefined) expect(stackProblems({ [row.contextKey]: above })).toContain(`${row.contextKey} ${expected}`);
    },
  );

  it('It should hold a program that builds the sync service to the same bounds as a person', () => {
    // Prepare
    const base = { database: { execute: () => Promise.resolve([]), transaction: () => Promise.reject(new Error('unused')) }, litellmUrl: 'http://127.0.0.1:9' };

    // Act
    const tooMany = (): unknown => resolveSettings({ ...base, retireAfterMissedRuns: 1001 });
    const tooLarge = (): unknown => resolveSettings({ ...base, maxRetireFraction: 1.5 });

    // Assess
    expect(tooMany).toThrow('retireAfterMissedRuns must be an integer from 1 to 1000 (got "1001").');
    expect(tooLarge).toThrow('maxRetireFraction must be a number from 0 to 1 (got "1.5").');
    expect(resolveSettings({ ...base, retireAfterMissedRuns: 1000 }).retireAfterMissedRuns).toBe(1000);
  });
});
