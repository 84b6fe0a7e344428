/**
 * The settings the stack hands to the functions as they are given: the rows of
 * lib/settings/settings-table.ts with a `passTo`. Each is read from its context key by its row's
 * rule, kept in the config under the row's name, and set as the row's variable on the functions of
 * its group (infra/function-settings.ts); one not given is left unset, so the functions apply the
 * row's default. A new row with a `passTo` needs no code here.
 */
import type { RuleValue } from '../../lib/settings/setting-rule.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import type { FunctionGroup, SettingName } from '../../lib/settings/settings-table.js';
import { readContextSetting } from './context-reader.js';
import type { ContextReader } from './context-reader.js';

/** The names of the rows the stack passes on. */
export type PassedSettingName = {
  [K in SettingName]: (typeof SETTINGS)[K] extends { readonly passTo: FunctionGroup | readonly FunctionGroup[] } ? K : never;
}[SettingName];

/** The passed settings' values, under their rows' names; absent when not given. */
export type PassedSettings = { readonly [K in PassedSettingName]?: RuleValue<(typeof SETTINGS)[K]['rule']> };

const PASSED_SETTING_NAMES = (Object.keys(SETTINGS) as SettingName[]).filter(
  (name): name is PassedSettingName => 'passTo' in SETTINGS[name],
);

/**
 * Reads every passed setting from context; `collect` records a bad value as a problem (parseConfig
 * lists them all) and gives undefined.
 */
export function readPassedSettings(read: ContextReader, collect: <T>(parse: () => T) => T | undefined): PassedSettings {
  const entries = PASSED_SETTING_NAMES.map((name) => [name, collect(() => readContextSetting(read, SETTINGS[name]))] as const);
  const given: PassedSettings = Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  return given;
}

/** Whether a row's `passTo` names `group`. */
function passesTo(passTo: FunctionGroup | readonly FunctionGroup[], group: FunctionGroup): boolean {
  return typeof passTo === 'string' ? passTo === group : passTo.includes(group);
}

/** The variables of the passed settings that were given, for the functions of `group`. */
export function passedEnvironment(config: PassedSettings, group: FunctionGroup): Record<string, string> {
  const entries = PASSED_SETTING_NAMES.filter((name) => passesTo(SETTINGS[name].passTo, group)).flatMap((name) => {
    const value: boolean | number | readonly string[] | undefined = config[name];
    if (value === undefined) return [];
    return [[SETTINGS[name].variable, Array.isArray(value) ? value.join(',') : String(value)] as const];
  });
  return Object.fromEntries(entries);
}
