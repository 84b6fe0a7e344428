import { createHash } from 'node:crypto';
import type { DesiredModelRow } from '../catalog/types.js';

/**
 * A short digest of everything the sync would write for a model. Stored after each write so that
 * the next sync can tell an unchanged model by sending 32 characters instead of the whole row.
 */
export function fingerprintRow(row: DesiredModelRow): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 32);
}
