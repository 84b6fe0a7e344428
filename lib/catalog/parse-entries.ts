import type { Deployment } from './types.js';
import { storableText } from './values.js';

/** VARCHAR(255): the width of `models.id`. */
const MAX_MODEL_NAME_LENGTH = 255;

export interface ParsedEntries {
  deployments: Deployment[];
  /** One human-readable line per entry that cannot be synced. */
  errors: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Why a `model_name` is unusable, or null when it is fine. */
function modelNameProblem(name: unknown): string | null {
  if (name === undefined) return 'has no model_name';
  if (typeof name !== 'string') return `has a model_name that is ${describeType(name)}, not a string`;
  if (name.trim() === '') return 'has an empty model_name';
  // Code points, not UTF-16 units; a name that short in units is short enough without counting.
  if (name.length > MAX_MODEL_NAME_LENGTH && [...name].length > MAX_MODEL_NAME_LENGTH) {
    return `has a model_name longer than ${MAX_MODEL_NAME_LENGTH} characters`;
  }
  if (storableText(name) !== name) return 'has a model_name with characters PostgreSQL cannot store';
  return null;
}

/**
 * Validates the raw `data` entries of `/model/info`. Unusable entries are reported, never thrown,
 * so that one bad deployment does not stop the others from syncing.
 */
export function parseEntries(entries: unknown[]): ParsedEntries {
  const deployments: Deployment[] = [];
  const errors: string[] = [];
  entries.forEach((entry, index) => {
    const position = `LiteLLM entry #${index + 1}`;
    if (!isRecord(entry)) {
      errors.push(`Skipped ${position}: it is ${describeType(entry)}, not an object.`);
      return;
    }
    const problem = modelNameProblem(entry.model_name);
    if (problem !== null) {
      errors.push(`Skipped ${position}: it ${problem}. Fix the model in LiteLLM.`);
      return;
    }
    deployments.push({
      entryIndex: index,
      modelName: entry.model_name as string,
      litellmParams: isRecord(entry.litellm_params) ? entry.litellm_params : {},
      modelInfo: isRecord(entry.model_info) ? entry.model_info : {},
    });
  });
  return { deployments, errors };
}
