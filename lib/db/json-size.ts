const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]); // \b \t \n \f \r

/**
 * Bytes `text` takes inside a JSON string literal (`JSON.stringify(text)` without its quotes),
 * counted without building that copy: large catalogs would otherwise double their garbage.
 */
export function jsonStringBytes(text: string): number {
  let extra = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE || code === BACKSLASH) extra += 1;
    else if (code < 0x20) extra += SHORT_ESCAPES.has(code) ? 1 : 5;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      const paired = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (paired) index += 1;
      else extra += 3; // a lone surrogate: \uXXXX (6 bytes) where UTF-8 would count 3
    }
  }
  return Buffer.byteLength(text) + extra;
}

/**
 * Bytes a Data API request body will take, estimated without serializing it: the fields' text as
 * JSON strings plus a fixed allowance for keys, punctuation and numbers.
 */
export function requestBodyBytes(texts: Iterable<string>, fieldCount: number): number {
  let bytes = 0;
  for (const text of texts) bytes += jsonStringBytes(text) + 2;
  return bytes + fieldCount * 64;
}
