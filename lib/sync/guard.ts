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
}

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
    `more than the ${percent}% allowed, so it changed nothing. Check that LiteLLM lists all its models. ` +
    HOW_TO_OVERRIDE
  );
}

/** Throws the guard's refusal (a GuardRefusedError), if it has one. */
export function checkRetirementGuard(input: GuardInput): void {
  const refusal = guardRefusal(input);
  if (refusal !== undefined) throw new GuardRefusedError(refusal);
}
