import { ConfigError } from '../errors.js';

/**
 * Operator globs on `model_name` (contract §7): `*` any run of characters (`/` included, since
 * LiteLLM names such as `RedHatAI/gpt-oss-120b` use it as an ordinary character), `?` exactly one,
 * everything else literal; a pattern matches the whole name.
 */
function compilePattern(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  // `s`: a name with a newline is still one name; `u`: `?` is one character, not one UTF-16 unit.
  return new RegExp(`^${source}$`, 'su');
}

/**
 * Checks a list of patterns; an empty one is a mistake (an empty `--include` or `a,,b`), never
 * "match nothing", so it is refused with the setting's name.
 */
export function checkNamePatterns(patterns: readonly string[], source: string): string[] {
  patterns.forEach((pattern, index) => {
    if (pattern.trim() === '') {
      throw new ConfigError(
        `${source} has an empty pattern (item ${index + 1}); give model-name globs such as "gpt-*" or "RedHatAI/*".`,
      );
    }
  });
  return [...patterns];
}

/**
 * Splits a comma-separated pattern list (`gpt-*, RedHatAI/*`). An empty item (`a,,b`, a trailing
 * comma) is refused with the setting's name: it is a typo, and dropping it could publish too much.
 */
export function splitNamePatterns(text: string, source: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  const empty = items.findIndex((item) => item === '');
  if (empty >= 0) {
    throw new ConfigError(
      `${source} has an empty item (item ${empty + 1} of "${text}"); give comma-separated model-name globs such as "gpt-*,RedHatAI/*".`,
    );
  }
  return items;
}

/** Whether a name is published: it matches an include pattern (or none is given) and no exclude one. */
export type NameFilter = (name: string) => boolean;

export function createNameFilter(includeModels: readonly string[], excludeModels: readonly string[]): NameFilter {
  const include = checkNamePatterns(includeModels, 'includeModels').map(compilePattern);
  const exclude = checkNamePatterns(excludeModels, 'excludeModels').map(compilePattern);
  return (name) =>
    (include.length === 0 || include.some((pattern) => pattern.test(name))) &&
    !exclude.some((pattern) => pattern.test(name));
}
