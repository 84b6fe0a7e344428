import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/**
 * Characters per compressed block: large enough that the entries of a catalog (a few KB each,
 * mostly the same member names) compress more than 10×, and small enough that a decoded block,
 * with the entry that ends it, stays under V8's 128 KiB limit for ordinary heap objects: a larger
 * string gets pages of its own, which made decoding ten times slower.
 */
export const DEFAULT_BLOCK_LENGTH = 96 * 1024;

/** Decoded blocks kept for reads: a model's deployments may sit in a few places of the list. */
const DECODED_BLOCKS_KEPT = 4;

/** zlib's smallest output chunk. */
const MIN_CHUNK_SIZE = 64;

/** At most 3 bytes of UTF-8 per UTF-16 unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** Brotli's fastest setting, with a window (128 KiB) as large as a block. */
function compress(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 0,
      [constants.BROTLI_PARAM_LGWIN]: 17,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/**
 * Texts added one after the other and read back by their number, held compressed in blocks of
 * consecutive texts. The sync keeps every entry of a `/model/info` answer until its plan says
 * which models to write, and reads back only those: held as plain strings, the entries of a 30 MB
 * answer would hold 30 MB for a run that, on an unchanged catalog, never reads one. (A JavaScript
 * string survives UTF-8 and back unchanged: text decoded from a body has no lone surrogates.)
 */
export class PackedTexts {
  private readonly blocks: Buffer[] = [];
  /** Per block: whether all its text is ASCII, so that it decodes as Latin-1, byte for character. */
  private readonly asciiBlocks: boolean[] = [];
  /** For each text: its block, and where it starts and ends in that block's decoded text. */
  private readonly blockOf: number[] = [];
  private readonly startOf: number[] = [];
  private readonly endOf: number[] = [];
  /**
   * The block being filled, as UTF-8: each text is written here as it is added, and the buffer is
   * reused for every block, so that packing makes no garbage but the compressed blocks.
   */
  private open: Buffer | undefined;
  private openBytes = 0;
  /** Characters (UTF-16 units) and texts in the block being filled. */
  private openLength = 0;
  private openTexts = 0;
  /** Recently decoded blocks, least recently read first. */
  private readonly decoded = new Map<number, string>();

  constructor(private readonly blockLength = DEFAULT_BLOCK_LENGTH) {}

  /** How many texts were added. */
  get count(): number {
    return this.blockOf.length;
  }

  /** Bytes held by the blocks compressed so far. */
  get compressedBytes(): number {
    return this.blocks.reduce((sum, block) => sum + block.byteLength, 0);
  }

  /**
   * Keeps `text`; returns its number. `readBytes` sees its UTF-8 bytes as written (only during the
   * call), for a caller that needs them too without encoding the text a second time.
   */
  add(text: string, readBytes?: (bytes: Buffer) => void): number {
    const open = this.roomFor(text.length * MAX_UTF8_BYTES_PER_UNIT);
    const start = this.openBytes;
    this.openBytes += open.write(text, start, 'utf8');
    readBytes?.(open.subarray(start, this.openBytes));
    this.blockOf.push(this.blocks.length);
    this.startOf.push(this.openLength);
    this.openLength += text.length;
    this.endOf.push(this.openLength);
    this.openTexts += 1;
    if (this.openLength >= this.blockLength) this.seal();
    return this.blockOf.length - 1;
  }

  /** The text numbered `index`, exactly as added. */
  text(index: number): string {
    const block = this.blockOf[index];
    if (block === undefined) throw new RangeError(`No text numbered ${index} (${this.count} were added)`);
    if (block === this.blocks.length) this.seal();
    return this.decodedBlock(block).slice(this.startOf[index], this.endOf[index]);
  }

  /** The open block's buffer, with room for `bytes` more (a text longer than a block grows it). */
  private roomFor(bytes: number): Buffer {
    const needed = this.openBytes + bytes;
    if (this.open === undefined || this.open.length < needed) {
      const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.blockLength * MAX_UTF8_BYTES_PER_UNIT));
      this.open?.copy(grown, 0, 0, this.openBytes);
      this.open = grown;
    }
    return this.open;
  }

  private seal(): void {
    if (this.open === undefined || this.openTexts === 0) return;
    this.blocks.push(compress(this.open.subarray(0, this.openBytes)));
    // A character above U+007F takes two bytes or more: as many bytes as characters means ASCII.
    this.asciiBlocks.push(this.openBytes === this.openLength);
    this.openBytes = 0;
    this.openLength = 0;
    this.openTexts = 0;
  }

  private decodedBlock(block: number): string {
    let text = this.decoded.get(block);
    if (text === undefined) {
      // One output buffer of about the block's size, rather than many small ones joined.
      const chunkSize = Math.max(MIN_CHUNK_SIZE, this.blockLength);
      const bytes = brotliDecompressSync(this.blocks[block] ?? Buffer.alloc(0), { chunkSize });
      // Latin-1 copies bytes to characters without decoding: the same text when it is ASCII.
      text = bytes.toString(this.asciiBlocks[block] === true ? 'latin1' : 'utf8');
      if (this.decoded.size >= DECODED_BLOCKS_KEPT) this.decoded.delete(this.decoded.keys().next().value ?? block);
    } else {
      this.decoded.delete(block); // re-inserted below as the most recently read
    }
    this.decoded.set(block, text);
    return text;
  }
}
