/** When the sync runs and when its freshness alarm fires; where the alarms go. */

import { parseBoundedNumber } from '../../lib/setting-values.js';
import { SETTINGS } from '../../lib/settings/settings-table.js';
import { InvalidValue, readContextSetting, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';

export const DEFAULT_SYNC_INTERVAL_MINUTES: number = SETTINGS.syncIntervalMinutes.default;
export const DEFAULT_FRESHNESS_ALARM_MULTIPLIER = 3;
/** CloudWatch evaluates an alarm over at most 7 days. */
const MAX_FRESHNESS_WINDOW_MINUTES = 7 * 24 * 60;

/** Minutes between scheduled syncs, up to one day. */
export function readSyncInterval(read: ContextReader): number | undefined {
  return readContextSetting(read, SETTINGS.syncIntervalMinutes);
}

/** Whole intervals without a successful sync before the freshness alarm fires; CloudWatch caps the window at 7 days. */
export function readFreshnessMultiplier(read: ContextReader, intervalMinutes: number): number | undefined {
  const text = readText(read, 'freshnessAlarmMultiplier');
  if (text === undefined) {
    if (DEFAULT_FRESHNESS_ALARM_MULTIPLIER * intervalMinutes > MAX_FRESHNESS_WINDOW_MINUTES) {
      throw new InvalidValue(`syncIntervalMinutes × freshnessAlarmMultiplier must be at most 7 days (10080 minutes); lower freshnessAlarmMultiplier`);
    }
    return undefined;
  }
  const value = parseBoundedNumber(text, { min: 2, max: 100, integer: true });
  if (value === undefined) {
    throw new InvalidValue(`freshnessAlarmMultiplier must be an integer from 2 to 100 (got "${text}")`);
  }
  if (value * intervalMinutes > MAX_FRESHNESS_WINDOW_MINUTES) {
    throw new InvalidValue(`syncIntervalMinutes × freshnessAlarmMultiplier must be at most 7 days (10080 minutes; got ${value * intervalMinutes})`);
  }
  return value;
}

/** Where the alarms send e-mail. */
export function readEmail(read: ContextReader, key: string): string | undefined {
  const text = readText(read, key);
  if (text === undefined) return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw new InvalidValue(`${key} must be an e-mail address (got "${text}")`);
  return text;
}
