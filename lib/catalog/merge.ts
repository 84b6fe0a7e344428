import { deriveFeatures, mapDeployment, MERGED_FLAGS } from './map-deployment.js';
import type { MergedFlag } from './map-deployment.js';
import type { Deployment, DesiredModelRow } from './types.js';
import { sumCounts } from './values.js';

/**
 * Orders deployments so that the primary comes first: smallest `model_info.id`, then (for equal or
 * missing ids) the canonical JSON text, so that the result never depends on LiteLLM's list order.
 */
function comparePrimaryFirst(a: DesiredModelRow, b: DesiredModelRow): number {
  const idA = a.litellm_model_id;
  const idB = b.litellm_model_id;
  if (idA !== idB) {
    if (idA === null) return 1;
    if (idB === null) return -1;
    // Numeric ids (some builds send integers) compare as numbers: 9 before 10.
    if (/^\d+$/.test(idA) && /^\d+$/.test(idB)) return BigInt(idA) < BigInt(idB) ? -1 : 1;
    return idA < idB ? -1 : 1;
  }
  const textA = JSON.stringify(a);
  const textB = JSON.stringify(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/**
 * Merges the deployments of one model name (LiteLLM load balancing) into one row; its retirement
 * is added by `makeRow`, which also knows what `/model/deprecations` lists.
 */
export function mergeDeployments(deployments: Deployment[]): DesiredModelRow {
  const rows = deployments.map(mapDeployment).sort(comparePrimaryFirst);
  const [primary] = rows;
  if (primary === undefined) throw new Error('mergeDeployments needs at least one deployment');
  const flags = Object.fromEntries(
    MERGED_FLAGS.map((flag) => [flag, rows.some((row) => row[flag])]),
  ) as Record<MergedFlag, boolean>;
  const primaryInfo = primary.metadata.litellm_model_info;
  return {
    ...primary,
    ...flags,
    features: deriveFeatures(primaryInfo, flags),
    tpm: sumCounts(rows.map((row) => row.tpm)),
    rpm: sumCounts(rows.map((row) => row.rpm)),
  };
}
