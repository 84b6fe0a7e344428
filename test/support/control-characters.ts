/**
 * The terminal control characters in `text` (C0 but line feed and tab, DEL, C1), as code points:
 * what printed output must never carry from LiteLLM or the database.
 */
export function controlCharactersIn(text: string): number[] {
  return [...text]
    .map((char) => char.codePointAt(0) ?? 0)
    .filter((code) => (code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f));
}
