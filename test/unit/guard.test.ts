import { describe, expect, it } from 'vitest';
import { GuardRefusedError } from '../../lib/errors.js';
import { checkRetirementGuard } from '../../lib/sync/guard.js';

const base = { catalogSize: 10, availableCount: 10, retireCount: 0, markUnavailable: true, force: false, maxRetireFraction: 0.5 };

describe('checkRetirementGuard', () => {
  it('refuses an empty catalog and says how to override', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0 })).toThrow(GuardRefusedError);
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0 })).toThrow(/force/);
  });

  it('names LiteLLM\'s "not loaded in" answer when that is why the catalog is empty', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, catalogNotLoaded: true })).toThrow(/"LLM Model List not loaded in"/);
  });

  it('allows retiring exactly half and refuses more than half', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 5 })).not.toThrow();
    expect(() => checkRetirementGuard({ ...base, retireCount: 6 })).toThrow(/retire 6 of 10 available models/);
  });

  it('uses the configured fraction', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 2, maxRetireFraction: 0.1 })).toThrow(/10%/);
  });

  it('lets force override both rules', () => {
    expect(() => checkRetirementGuard({ ...base, catalogSize: 0, retireCount: 10, force: true })).not.toThrow();
  });

  it('ignores retirements when models are not marked unavailable', () => {
    expect(() => checkRetirementGuard({ ...base, retireCount: 10, markUnavailable: false })).not.toThrow();
  });
});
