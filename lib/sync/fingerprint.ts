import { hash } from 'node:crypto';
import type { Deprecation } from '../catalog/deprecations.js';

/**
 * The version of what `lib/catalog` makes of LiteLLM entries. A model's fingerprint is made from
 * what its row is made from — its entries' text as LiteLLM sent them (by their digests,
 * `ModelListEntry.digest`), and its retirement — not from
 * the row, so that an unchanged model is never parsed or mapped. When a change to the mapping
 * (columns, scrubbing, rounding, row checks) makes a different row from the same entries, this
 * number must change; the next sync then sends every model once and PostgreSQL compares them in
 * full. `test/unit/fingerprint.test.ts` fails until it does.
 */
export const ROW_MAPPING_VERSION = 1;

/**
 * A short digest of everything a model's row is made from: the digests of its deployments'
 * entries (in any order: the merge does not depend on LiteLLM's order), its retirement and the
 * mapping version. Stored after each write, so that the next sync can tell an unchanged model by
 * sending 32 characters instead of the row.
 */
export function fingerprintModel(entryDigests: readonly string[], deprecation: Deprecation | undefined): string {
  const retirement = deprecation === undefined ? '' : `${deprecation.deprecationDate} ${deprecation.successorModel ?? ''}`;
  const entries = [...entryDigests].sort().join('\n');
  return hash('sha256', `${ROW_MAPPING_VERSION}\n${retirement}\n${entries}`, 'hex').slice(0, 32);
}
