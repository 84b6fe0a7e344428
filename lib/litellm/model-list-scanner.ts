/**
 * Reads a `/model/info` body as it arrives and keeps each entry of its top-level `"data"` list as
 * soon as its text is complete: only the members a shape asks for (`entry-view.ts`), a digest of
 * its text, and the text compressed (`packed-texts.ts`). Entries are not parsed whole here: a sync
 * parses an entry only when it has to make its row, so reading an unchanged catalog of 10,000
 * models (30 MB) costs little more than a plain `JSON.parse` of it and holds a fraction of its size
 * (docs/benchmarks.md).
 */
import { scanEntry } from './entry-view.js';
import type { ViewShape } from './entry-view.js';
import { keepEntry } from './model-list-entry.js';
import type { ModelListEntry } from './model-list-entry.js';
import { PackedTexts } from './packed-texts.js';
import { isPlainString, skipWhitespace, stringEnd, valueEnd } from './json-extent.js';
import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-characters.js';

/** What `data` turned out to be. */
export type ScannedData =
  | { kind: 'list'; entries: ModelListEntry[] }
  | { kind: 'object'; entry: ModelListEntry }
  | { kind: 'scalar'; text: string }
  | { kind: 'missing' };

/** Where the scan is in the top-level object. */
type Position = 'start' | 'member' | 'colon' | 'value' | 'after-value' | 'list' | 'done' | 'malformed';

export class ModelListScanner {
  private position: Position = 'start';
  /** Text received and not consumed yet: at most a value that is still arriving. */
  private pending = '';
  /** An unfinished value is looked at again only once `pending` has grown to this length. */
  private retryAt = 0;
  private member = '';
  private data: ScannedData = { kind: 'missing' };
  private sawObject = false;
  private readonly texts: PackedTexts;

  /** `shape`: the members of each entry to read (`ModelListEntry.view`); `blockLength`: see PackedTexts. */
  constructor(
    private readonly shape: ViewShape = {},
    blockLength?: number,
  ) {
    this.texts = new PackedTexts(blockLength);
  }

  /** False once the body turned out not to start with `{`; undefined until its first character. */
  get isObject(): boolean | undefined {
    if (this.sawObject) return true;
    return this.position === 'malformed' ? false : undefined;
  }

  /** Scans the next piece of text; a SyntaxError when an entry's structure is not JSON. */
  feed(text: string): void {
    this.pending += text;
    // An unfinished value is scanned again from its start; waiting until the text has doubled
    // keeps the total work linear however the body is cut.
    if (this.pending.length < this.retryAt) return;
    const consumed = this.advance(this.pending);
    this.pending = this.pending.slice(consumed);
    this.retryAt = this.pending.length === 0 ? 0 : this.pending.length * 2;
  }

  /** Steps through `text` until it ends or a value in it is unfinished; returns how much it consumed. */
  private advance(text: string): number {
    let index = 0;
    for (;;) {
      index = skipWhitespace(text, index);
      if (index >= text.length || this.position === 'malformed') return index;
      const code = text.charCodeAt(index);
      const next = this.step(text, index, code);
      if (next < 0) return index; // unfinished: wait for more text
      index = next;
    }
  }

  /** Takes one token or value at `index`; returns where the next begins, or -1 when unfinished. */
  private step(text: string, index: number, code: number): number {
    switch (this.position) {
      case 'start':
        if (code !== OPEN_OBJECT) return this.fail(index);
        this.sawObject = true;
        this.position = 'member';
        return index + 1;
      case 'member': {
        if (code === CLOSE_OBJECT) return this.close(index);
        if (code !== QUOTE) return this.fail(index);
        const end = stringEnd(text, index);
        if (end < 0) return -1;
        this.member = isPlainString(text, index, end) ? text.slice(index + 1, end - 1) : (JSON.parse(text.slice(index, end)) as string);
        this.position = 'colon';
        return end;
      }
      case 'colon':
        if (code !== COLON) return this.fail(index);
        this.position = 'value';
        return index + 1;
      case 'value':
        return this.value(text, index, code);
      case 'list':
        if (code === CLOSE_ARRAY) {
          this.position = 'after-value';
          return index + 1;
        }
        if (code === COMMA) return index + 1;
        return this.listEntry(text, index);
      case 'after-value':
        if (code === COMMA) {
          this.position = 'member';
          return index + 1;
        }
        return code === CLOSE_OBJECT ? this.close(index) : this.fail(index);
      default:
        // Anything after the closing brace: not one JSON document.
        return this.fail(index);
    }
  }

  private value(text: string, index: number, code: number): number {
    if (this.member !== 'data') {
      const end = valueEnd(text, index);
      if (end >= 0) this.position = 'after-value';
      return end;
    }
    if (code === OPEN_ARRAY) {
      this.data = { kind: 'list', entries: [] }; // a repeated "data" replaces the earlier one, as in JSON.parse
      this.position = 'list';
      return index + 1;
    }
    if (code === OPEN_OBJECT) {
      // A proxy in CLI mode sends its one deployment as the object itself.
      const scanned = scanEntry(text, index, this.shape);
      if (scanned === undefined) return -1;
      this.data = { kind: 'object', entry: keepEntry(scanned.entry, this.texts) };
      this.position = 'after-value';
      return scanned.end;
    }
    const end = valueEnd(text, index);
    if (end < 0) return -1;
    this.data = { kind: 'scalar', text: text.slice(index, end) };
    this.position = 'after-value';
    return end;
  }

  private listEntry(text: string, index: number): number {
    const scanned = scanEntry(text, index, this.shape);
    if (scanned === undefined) return -1;
    if (this.data.kind === 'list') this.data.entries.push(keepEntry(scanned.entry, this.texts));
    return scanned.end;
  }

  private close(index: number): number {
    this.position = 'done';
    return index + 1;
  }

  private fail(index: number): number {
    this.position = 'malformed';
    return index;
  }

  /** The result once the whole body was fed; undefined when it was not one complete JSON object. */
  finish(): ScannedData | undefined {
    this.pending = this.pending.slice(this.advance(this.pending));
    if (this.position !== 'done' || this.pending !== '') return undefined;
    return this.data;
  }
}
