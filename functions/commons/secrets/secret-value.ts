/**
 * The value in a secret as people store it: a plain string, or JSON with one named field (what
 * the AWS console's key/value editor writes). Undefined when neither gives a non-empty string;
 * callers word the error, which never quotes the value.
 */
export function secretField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (!value.trimStart().startsWith('{')) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const found: unknown = (parsed as Record<string, unknown>)[field];
  return typeof found === 'string' && found !== '' ? found : undefined;
}
