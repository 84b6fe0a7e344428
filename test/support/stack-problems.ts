import { parseConfig } from '../../infra/config/index.js';

/** The stack's problems for one context (database=new unless given), as one string; empty when the context is accepted. */
export function stackProblems(context: Record<string, unknown>): string {
  try {
    parseConfig((key) => ({ database: 'new', ...context })[key]);
    return '';
  } catch (error) {
    return String(error);
  }
}
