import { describe, expect, it } from 'vitest';
import { GuardRefusedError } from '../../lib/errors.js';
import { checkRetirementGuard } from '../../lib/sync/guard.js';

const base = { catalogSize: 10, availableCount: 10, retireCount: 0, markUnavailable: true, force: false, maxRetireFraction: 0.5 };

describe('checkRetirementGuard', () => {
  it('It should refuse an empty catalog, even with force, and not suggest forcing', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0 })).toThrow(GuardRefusedError);
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, force: true })).toThrow(GuardRefusedError);
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0 })).not.toThrow(/force/);
  });

  it('It should refuse LiteLLM\'s "not loaded in" answer, even with force', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, catalogNotLoaded: true, force: true })).toThrow(GuardRefusedError);
  });

  it('It should name LiteLLM\'s "not loaded in" answer when that is why the catalog is empty', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, catalogNotLoaded: true })).toThrow(/"LLM Model List not loaded in"/);
  });

  it('It should allow retiring exactly half and refuse more than half', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 5 })).not.toThrow();
    expect(() => checkRetirementGuard({ ...base, retireCount: 6 })).toThrow(/retire 6 of 10 available models/);
  });

  it('It should use the configured fraction', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 2, maxRetireFraction: 0.1 })).toThrow(/10%/);
  });

  it('It should let force override the retirement fraction, and say how', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 6 })).toThrow(/force/);
    expect(() => checkRetirementGuard({ ...base, retireCount: 10, force: true })).not.toThrow();
  });

  it('It should name the include/exclude patterns when they, not LiteLLM, emptied the catalog', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, filteredOut: 4 })).toThrow(/The include\/exclude patterns left out all 4 models LiteLLM serves/);
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, filteredOut: 1 })).toThrow(/left out the one model LiteLLM serves/);
  });

  it('It should name the include/exclude patterns when they left out models a refused run would retire', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 6, filteredOut: 6 })).toThrow(/6 models LiteLLM serves are left out by the include\/exclude patterns.*force/);
    expect(() => checkRetirementGuard({ ...base, retireCount: 6, filteredOut: 6 })).not.toThrow(/Check that LiteLLM lists all its models/);
  });

  it('It should ignore retirements when models are not marked unavailable', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 10, markUnavailable: false })).not.toThrow();
  });
});
