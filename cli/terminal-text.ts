/**
 * Text from LiteLLM and the database (model names, providers, error messages) reaches a terminal.
 * A control character in it could move the cursor, rewrite earlier lines, retitle the window or
 * (on some terminals) answer back: printed text keeps line breaks and tabs and nothing else of the
 * C0 and C1 control sets.
 */
// oxlint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` without terminal control characters (line breaks and tabs stay). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * `value` as indented JSON whose text holds no control character: JSON.stringify already escapes
 * C0 characters in strings, not DEL and C1; those are written as `\uXXXX`, so the data a script
 * reads is unchanged.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
