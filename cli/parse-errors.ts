import { closestName } from './closest-name.js';

/** The option a `node:util` parseArgs error is about, e.g. `--dryrun` from "Unknown option '--dryrun'. …". */
function optionOf(message: string): string | undefined {
  return /'(-{1,2}[^' ]+)/.exec(message)?.[1];
}

/**
 * A parseArgs error in this CLI's words: Node's own text talks about positionals after `--`, which
 * is no help to someone who mistyped `--dry-run`. An unknown flag gets the nearest known one.
 *
 * @example
 * describeParseError(error, ['dry-run', 'json']); // 'unknown option --dryrun; did you mean --dry-run? See --help.'
 */
export function describeParseError(error: unknown, flags: readonly string[]): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = optionOf(message);
  if (option === undefined) return `${message} See --help.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const meant = option.startsWith('--') ? closestName(option.slice(2), flags) : undefined;
    return `unknown option ${option}${meant === undefined ? '.' : `; did you mean --${meant}?`} See --help.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message) ? `${option} needs a value. See --help.` : `${option} takes no value. See --help.`;
  }
  return `${message} See --help.`;
}
