import { GuardRefusedError } from '../errors.js';

export interface GuardInput {
  catalogSize: number;
  availableCount: number;
  retireCount: number;
  markUnavailable: boolean;
  force: boolean;
  /** Largest fraction of available models one run may retire. */
  maxRetireFraction: number;
  /** LiteLLM said "LLM Model List not loaded in" rather than listing nothing. */
  catalogNotLoaded?: boolean;
  /** Names LiteLLM serves that the operator's include/exclude patterns left out. @default 0 */
  filteredOut?: number;
}

const CHECK_PATTERNS = 'Check the include/exclude patterns (CLI --include/--exclude, SYNC_INCLUDE/SYNC_EXCLUDE).';

const HOW_TO_OVERRIDE =
  'If this is intended, run the sync again with force (CLI: --force; API: POST /sync/force).';

/**
 * Why the mass-retirement guard (contract §3) refuses a run, or undefined when it lets it write:
 * an empty catalog, or retiring more than the allowed fraction of the available models, looks like
 * a LiteLLM outage rather than a real change. `force` overrides only the fraction: an empty catalog
 * (or LiteLLM's "not loaded in") is never a reason to retire every model, so no caller can do that,
 * however privileged.
 */
export function guardRefusal(input: GuardInput): string | undefined {
  const filteredOut = input.filteredOut ?? 0;
  // The operator's own patterns, not LiteLLM, emptied the catalog: say so, or they hunt an outage.
  if (input.catalogSize === 0 && filteredOut > 0) {
    return (
      `The include/exclude patterns left out ${filteredOut === 1 ? 'the one model' : `all ${filteredOut} models`} LiteLLM serves, so the sync changed nothing ` +
      `rather than retire every model. ${CHECK_PATTERNS}`
    );
  }
  if (input.catalogSize === 0) {
    const what = input.catalogNotLoaded === true
      ? 'LiteLLM answered "LLM Model List not loaded in" (it serves no model)'
      : 'LiteLLM returned no usable model';
    return `${what}, so the sync changed nothing rather than retire every model. Check the LiteLLM configuration.`;
  }
  if (input.force || !input.markUnavailable) return undefined;
  const allowed = Math.floor(input.availableCount * input.maxRetireFraction);
  if (input.retireCount <= allowed) return undefined;
  const percent = Math.round(input.maxRetireFraction * 100);
  return (
    `The sync would retire ${input.retireCount} of ${input.availableCount} available models, ` +
    `more than the ${percent}% allowed, so it changed nothing. ` +
    (filteredOut > 0
      ? `${filteredOut === 1 ? '1 model LiteLLM serves is' : `${filteredOut} models LiteLLM serves are`} left out by the include/exclude patterns: ${CHECK_PATTERNS} `
      : 'Check that LiteLLM lists all its models. ') +
    HOW_TO_OVERRIDE
  );
}

/** Throws the guard's refusal (a GuardRefusedError), if it has one. */
export function checkRetirementGuard(input: GuardInput): void {
  const refusal = guardRefusal(input);
  if (refusal !== undefined) throw new GuardRefusedError(refusal);
}
