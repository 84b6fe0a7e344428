import { deprecationDateOf, successorOf } from '../litellm/deprecations.js';
import type { Deprecation } from '../litellm/deprecations.js';
import type { DesiredModelRow } from './types.js';

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
