/**
 * What a setting's value must look like, as plain data (a row of settings-table.ts holds one), and
 * the one function that applies it to text. The CLI and the functions apply it to variables and
 * flags (lib/config.ts), the stack to CDK context (infra/config/context-reader.ts): one rule, one
 * wording of its message, wherever the value is typed.
 */
import { splitNamePatterns } from '../catalog/name-patterns.js';
import { ConfigError } from '../errors.js';
import { parseBooleanText, parseBoundedNumber } from '../setting-values.js';

/** A setting's rule. Numbers are inclusive bounds; an integer is written as plain digits. */
export type SettingRule =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'boolean' }
  /** Comma-separated model-name globs (`gpt-*,RedHatAI/*`); an empty item is refused. */
  | { readonly kind: 'model-patterns' }
  /** One OAuth scope: any text without whitespace. */
  | { readonly kind: 'scope' }
  /** An http(s) base URL without credentials; read by `parseLiteLLMUrl` and the stack's `checkHttpUrl`. */
  | { readonly kind: 'http-url' }
  /** Any text; the code that uses it says what it must be. */
  | { readonly kind: 'text' };

/** The value a rule gives. */
export type RuleValue<R extends SettingRule> = R extends { kind: 'integer' | 'number' }
  ? number
  : R extends { kind: 'boolean' }
    ? boolean
    : R extends { kind: 'model-patterns' }
      ? string[]
      : string;

/**
 * What a valid value is, in the words every message uses: "an integer from 1 to 1000".
 *
 * @example
 * describeRule({ kind: 'number', min: 0, max: 1 }); // 'a number from 0 to 1'
 */
export function describeRule(rule: SettingRule): string {
  switch (rule.kind) {
    case 'integer':
      return `an integer from ${rule.min} to ${rule.max}`;
    case 'number':
      return `a number from ${rule.min} to ${rule.max}`;
    case 'boolean':
      return 'true or false';
    case 'model-patterns':
      return 'comma-separated model-name globs such as "gpt-*,RedHatAI/*"';
    case 'scope':
      return 'one scope without spaces';
    case 'http-url':
      return 'an http or https URL';
    case 'text':
      return 'text';
  }
}

function refuse(rule: SettingRule, name: string, shown: string): never {
  throw new ConfigError(`${name} must be ${describeRule(rule)} (got "${shown}").`);
}

/**
 * The value `text` (already trimmed, not empty) gives under `rule`; throws a ConfigError that
 * names `name` (a variable, a flag or a context key) and echoes the text.
 *
 * @example
 * parseSettingText({ kind: 'integer', min: 1, max: 1000 }, '3', '--retire-after-missed-runs'); // 3
 * parseSettingText({ kind: 'boolean' }, 'yes', 'SYNC_INCLUDE_TEAM_MODELS'); // throws "... must be true or false (got "yes")."
 */
export function parseSettingText<R extends SettingRule>(rule: R, text: string, name: string): RuleValue<R> {
  return parseText(rule, text, name) as RuleValue<R>;
}

function parseText(rule: SettingRule, text: string, name: string): number | boolean | string | string[] {
  switch (rule.kind) {
    case 'integer':
    case 'number': {
      const value = parseBoundedNumber(text.trim(), { min: rule.min, max: rule.max, integer: rule.kind === 'integer' });
      return value ?? refuse(rule, name, text);
    }
    case 'boolean':
      return parseBooleanText(text) ?? refuse(rule, name, text.toLowerCase());
    case 'model-patterns':
      return splitNamePatterns(text, name);
    case 'scope':
      return /\s/.test(text) ? refuse(rule, name, text) : text;
    case 'http-url':
    case 'text':
      return text;
  }
}

/**
 * Checks a number given in code (the library's settings) against a numeric rule, so a
 * programmatic caller meets the bounds a person meets in a flag, a variable or the stack's context.
 */
export function checkSettingNumber(rule: SettingRule & { kind: 'integer' | 'number' }, value: number, name: string): void {
  const whole = rule.kind === 'number' || Number.isInteger(value);
  if (!whole || !(value >= rule.min && value <= rule.max)) refuse(rule, name, String(value));
}
