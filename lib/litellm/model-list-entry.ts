import { hash } from 'node:crypto';
import type { ScannedEntry } from './entry-view.js';
import type { PackedTexts } from './packed-texts.js';

/**
 * An entry of the model list as it is kept after it arrived: the members its shape reads, a
 * digest of its text, and the text itself, read back only when something needs it whole.
 */
export interface ModelListEntry {
  /** What `JSON.parse` of its text gives, cut down to the shape (`ScannedEntry.view`). */
  readonly view: unknown;
  /** SHA-256 of its text as sent (base64): what tells a changed entry from an unchanged one. */
  readonly digest: string;
  /** Its JSON text exactly as sent. */
  text(): string;
}

class PackedEntry implements ModelListEntry {
  constructor(
    readonly view: unknown,
    readonly digest: string,
    private readonly texts: PackedTexts,
    private readonly index: number,
  ) {}

  text(): string {
    return this.texts.text(this.index);
  }
}

/** Keeps a scanned entry: its view as it is, its text in `texts`, its digest of the bytes written there. */
export function keepEntry(scanned: ScannedEntry, texts: PackedTexts): ModelListEntry {
  let digest = '';
  const index = texts.add(scanned.text, (bytes) => {
    digest = hash('sha256', bytes, 'base64');
  });
  return new PackedEntry(scanned.view, digest, texts, index);
}
