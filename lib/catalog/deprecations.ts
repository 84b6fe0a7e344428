import type { DesiredModelRow } from './types.js';

/** A retirement date a provider announced for a model, and what replaces it. */
export interface Deprecation {
  /** `YYYY-MM-DD`, the day the provider stops serving the model. */
  deprecationDate: string;
  /** The model LiteLLM's admin named as its replacement, when one is named. */
  successorModel: string | null;
}

/** A `YYYY-MM-DD` date (a date-time is cut to its day), or null when the value is not a real date. */
export function deprecationDateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
  if (match === null) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? null : day;
}

/** A non-empty successor name, or null. */
export function successorOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}


/**
 * The retirement a model's deployments announce in `model_info` (`deprecation_date`,
 * `successor_model`): the earliest valid date among them, with that deployment's successor. A
 * load-balanced name loses a deployment on that day, which is what its users need to know first.
 */
export function deprecationOfModelInfos(infos: Record<string, unknown>[]): Deprecation | undefined {
  let found: Deprecation | undefined;
  for (const info of infos) {
    const deprecationDate = deprecationDateOf(info.deprecation_date);
    if (deprecationDate === null || (found !== undefined && found.deprecationDate <= deprecationDate)) continue;
    found = { deprecationDate, successorModel: successorOf(info.successor_model) };
  }
  return found;
}

/** The `metadata` keys a deprecation adds to a row (docs/contract.md §2): none when there is none. */
export function deprecationMetadata(deprecation: Deprecation | undefined): Pick<DesiredModelRow['metadata'], 'deprecationDate' | 'successorModel'> {
  if (deprecation === undefined) return {};
  return {
    deprecationDate: deprecation.deprecationDate,
    ...(deprecation.successorModel === null ? {} : { successorModel: deprecation.successorModel }),
  };
}
