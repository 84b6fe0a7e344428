/**
 * Reading one CDK context value. Values given with `-c` always arrive as strings ("false", "30");
 * values from `cdk.json` keep their JSON type. Every reader accepts both and throws `InvalidValue`
 * naming its key, which `parseConfig` collects into one `ContextConfigError`.
 */

import { ConfigError } from '../../lib/errors.js';
import { parseSettingText } from '../../lib/settings/setting-rule.js';
import type { RuleValue, SettingRule } from '../../lib/settings/setting-rule.js';
import type { SettingRow } from '../../lib/settings/settings-table.js';

/** Reads one context value; `node.tryGetContext` fits. */
export type ContextReader = (key: string) => unknown;

/** Thrown when context values are invalid; the message lists every problem. */
export class ContextConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid CDK context:\n- ${problems.join('\n- ')}`);
    this.name = 'ContextConfigError';
  }
}

/** One bad value; `parseConfig` turns these into the list of problems. */
export class InvalidValue extends Error {}

/** A context value as trimmed text; unset, null and empty all mean "not given". */
export function readText(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidValue(`${key} must be a single value, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A list from a JSON array (cdk.json) or comma-separated text (`-c key=a,b`). */
export function readList(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  const items = Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : String(item))) : readText(read, key)?.split(',');
  const cleaned = items?.map((item) => item.trim()).filter((item) => item !== '');
  return cleaned === undefined || cleaned.length === 0 ? undefined : cleaned;
}

/** A settings row the stack exposes as a context key. */
export type ContextSettingRow = SettingRow & { readonly contextKey: string };

/**
 * Model-name globs from a JSON array (cdk.json) or comma-separated text (`-c`). The functions
 * receive them as one comma-separated variable, so an empty item or an item with a comma is
 * refused here, at synth.
 */
function readPatternArray(value: readonly unknown[], key: string): string[] | undefined {
  if (value.length === 0) return undefined;
  const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '' || item.includes(','));
  if (bad >= 0) {
    throw new InvalidValue(`${key} item ${bad + 1} must be a non-empty model-name glob without a comma, e.g. "gpt-*" (got ${JSON.stringify(value[bad])})`);
  }
  return value.map((item) => String(item).trim());
}

/**
 * A setting from its row's context key (lib/settings/settings-table.ts), checked by the row's rule:
 * the rule, bounds and wording the functions and the CLI apply to its variable and flag. Undefined
 * when not given.
 *
 * @example
 * readContextSetting(read, SETTINGS.retireAfterMissedRuns); // 3 for -c retireAfterMissedRuns=3
 */
export function readContextSetting<R extends ContextSettingRow>(read: ContextReader, row: R): RuleValue<R['rule']> | undefined {
  const key = row.contextKey;
  const value = read(key);
  if (row.rule.kind === 'model-patterns' && Array.isArray(value)) return readPatternArray(value, key) as RuleValue<R['rule']> | undefined;
  const text = readText(read, key);
  return text === undefined ? undefined : parseContextText<R['rule']>(row.rule, text, key);
}

/** `parseSettingText` for a context value: its ConfigError becomes one of the synth's problems. */
function parseContextText<R extends SettingRule>(rule: R, text: string, key: string): RuleValue<R> {
  try {
    return parseSettingText(rule, text, key);
  } catch (error) {
    // The stack lists every problem at once, each without a closing period.
    if (error instanceof ConfigError) throw new InvalidValue(error.message.replace(/\.$/, ''));
    throw error;
  }
}

/** `true` or `false` in any case, for the stack's own switches (the rows' booleans use readContextSetting). */
export function readBoolean(read: ContextReader, key: string): boolean | undefined {
  const text = readText(read, key);
  return text === undefined ? undefined : parseContextText({ kind: 'boolean' }, text, key);
}
