/**
 * Reads a `/model/info` body as it arrives and parses each entry of its top-level `"data"` list as
 * soon as its text is complete, so that a catalog of thousands of models (30 MB and more) is never
 * held as text next to its parsed form: measured at 10,000 models, this peaks about 45 MiB below
 * `response.text()` + `JSON.parse`, in the same time. Only brackets, strings and the top-level keys
 * are tracked; each entry is parsed on its own with `JSON.parse` (or the `parse` given).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** What `data` turned out to be. */
export type ScannedData<T = unknown> =
  | { kind: 'list'; entries: T[] }
  | { kind: 'object'; entry: T }
  | { kind: 'scalar'; text: string }
  | { kind: 'missing' };

export class ModelListScanner<T = unknown> {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private key = '';
  private capturingKey = false;
  /** Set between the `:` after `"data"` and the start of its value. */
  private awaitingData = false;
  private dataKind: 'list' | 'object' | 'scalar' | undefined;
  private dataDone = false;
  /** Text of the value being captured (a list element, the data object or scalar), across chunks. */
  private pending = '';
  private capturing = false;
  private readonly entries: T[] = [];
  private objectEntry: T | undefined;
  private scalarText = '';
  private sawTopLevelObject = false;
  private malformed = false;

  /** `parse` turns one entry's JSON text into what `finish` hands out; it may throw. */
  constructor(private readonly parse: (text: string) => T = (text) => JSON.parse(text) as T) {}

  /** False once the body turned out not to start with `{`; undefined until its first character. */
  get isObject(): boolean | undefined {
    if (this.sawTopLevelObject) return true;
    return this.malformed ? false : undefined;
  }

  /**
   * Skips the rest of a string from `from`, with `indexOf` rather than character by character
   * (most of a catalog's text is inside strings); returns the index after its closing quote, or
   * the text's length when it goes on in the next piece.
   */
  private skipString(text: string, from: number): number {
    let start = from;
    if (this.escaped) {
      // The previous piece ended with the backslash that escapes this character.
      this.escaped = false;
      start += 1;
    }
    for (let searchFrom = start; ; ) {
      const quote = text.indexOf('"', searchFrom);
      const end = quote < 0 ? text.length : quote;
      let backslashes = 0;
      while (end - backslashes - 1 >= start && text.charCodeAt(end - backslashes - 1) === BACKSLASH) backslashes += 1;
      if (quote < 0) {
        this.escaped = backslashes % 2 === 1;
        if (this.capturingKey) this.key += text.slice(from, text.length);
        return text.length;
      }
      if (backslashes % 2 === 1) {
        searchFrom = quote + 1; // an escaped quote: the string goes on
        continue;
      }
      if (this.capturingKey) this.key += text.slice(from, quote);
      this.inString = false;
      this.capturingKey = false;
      return quote + 1;
    }
  }

  /** Scans the next piece of text; throws what `parse` throws for an entry that is not valid. */
  feed(text: string): void {
    let captureFrom = this.capturing ? 0 : -1;
    let index = 0;
    while (index < text.length && !this.malformed) {
      if (this.inString) {
        index = this.skipString(text, index);
        continue;
      }
      const code = text.charCodeAt(index);
      index += 1;
      // Inside an entry only strings and brackets matter: the rest is skipped at once.
      if (this.depth >= 3 && code !== QUOTE && code !== OPEN_OBJECT && code !== CLOSE_OBJECT && code !== OPEN_ARRAY && code !== CLOSE_ARRAY) {
        continue;
      }
      if (isWhitespace(code)) continue;
      const at = index - 1;
      if (this.depth === 0) {
        if (code !== OPEN_OBJECT || this.sawTopLevelObject) {
          this.malformed = true;
          break;
        }
        this.sawTopLevelObject = true;
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      if (this.awaitingData) {
        this.awaitingData = false;
        this.dataKind = code === OPEN_ARRAY ? 'list' : code === OPEN_OBJECT ? 'object' : 'scalar';
        if (this.dataKind !== 'list') {
          this.capturing = true;
          captureFrom = at;
        }
      } else if (this.dataKind === 'list' && !this.dataDone && this.depth === 2 && !this.capturing) {
        // Inside the data list, between elements: the next non-separator starts an element.
        if (code !== COMMA && code !== CLOSE_ARRAY) {
          this.capturing = true;
          captureFrom = at;
        }
      }
      if (code === QUOTE) {
        this.inString = true;
        this.capturingKey = this.depth === 1 && this.expectKey;
        if (this.capturingKey) this.key = '';
        continue;
      }
      const endsListElement = this.dataKind === 'list' && this.depth === 2 && (code === COMMA || code === CLOSE_ARRAY);
      const endsDataValue =
        this.dataKind !== 'list' && this.dataKind !== undefined && !this.dataDone && this.depth === 1 && (code === COMMA || code === CLOSE_OBJECT);
      if (this.capturing && (endsListElement || endsDataValue)) {
        const valueText = (this.pending + text.slice(captureFrom, at)).trim();
        this.pending = '';
        this.capturing = false;
        captureFrom = -1;
        if (this.dataKind === 'list') this.entries.push(this.parse(valueText));
        else if (this.dataKind === 'object') this.objectEntry = this.parse(valueText);
        else this.scalarText = valueText;
        if (endsDataValue) this.dataDone = true;
      }
      if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.depth += 1;
      else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
        this.depth -= 1;
        if (this.dataKind === 'list' && this.depth === 1) this.dataDone = true;
        if (this.depth < 0) this.malformed = true;
      } else if (this.depth === 1 && code === COLON) {
        this.expectKey = false;
        if (this.key === 'data') {
          this.awaitingData = true;
          this.dataKind = undefined;
          this.dataDone = false;
          this.entries.length = 0;
        }
      } else if (this.depth === 1 && code === COMMA) this.expectKey = true;
    }
    if (this.capturing && captureFrom >= 0) this.pending += text.slice(captureFrom);
  }

  /** The result once the whole body was fed; undefined when it was not a complete JSON object. */
  finish(): ScannedData<T> | undefined {
    if (this.malformed || this.inString || this.depth !== 0 || !this.sawTopLevelObject) return undefined;
    if (this.dataKind === 'list') return { kind: 'list', entries: this.entries };
    if (this.dataKind === 'object') return { kind: 'object', entry: this.objectEntry as T };
    if (this.dataKind === 'scalar') return { kind: 'scalar', text: this.scalarText };
    return { kind: 'missing' };
  }
}
