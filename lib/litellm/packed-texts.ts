import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/**
 * Characters per compressed block: large enough that the entries of a catalog (a few KB each,
 * mostly the same member names) compress about 15×, small enough that reading one entry back
 * decodes little more than it.
 */
const DEFAULT_BLOCK_LENGTH = 256 * 1024;

/** Decoded blocks kept for reads: a model's deployments may sit in a few places of the list. */
const DECODED_BLOCKS_KEPT = 4;

/** zlib's smallest output chunk. */
const MIN_CHUNK_SIZE = 64;

/** At most 3 bytes of UTF-8 per UTF-16 unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * Brotli's fastest setting, with a window as large as a block: about 50 ms for a 30 MB catalog,
 * paid once while the answer streams in. `scratch` takes the block's bytes, so that encoding a
 * block leaves no buffer behind for the garbage collector (whose external-memory trigger is lax).
 */
function compress(text: string, scratch: Buffer): Buffer {
  const fits = text.length * MAX_UTF8_BYTES_PER_UNIT <= scratch.length;
  const bytes = fits ? scratch.subarray(0, scratch.write(text, 'utf8')) : Buffer.from(text, 'utf8');
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 0,
      [constants.BROTLI_PARAM_LGWIN]: 18,
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
  /** For each text: its block, and where it starts and ends in that block's decoded text. */
  private readonly blockOf: number[] = [];
  private readonly startOf: number[] = [];
  private readonly endOf: number[] = [];
  /** The texts of the block being filled. */
  private open: string[] = [];
  private openLength = 0;
  /** Recently decoded blocks, least recently read first. */
  private readonly decoded = new Map<number, string>();
  private scratch: Buffer | undefined;

  constructor(private readonly blockLength = DEFAULT_BLOCK_LENGTH) {}

  /** How many texts were added. */
  get count(): number {
    return this.blockOf.length;
  }

  /** Bytes held by the blocks compressed so far. */
  get compressedBytes(): number {
    return this.blocks.reduce((sum, block) => sum + block.byteLength, 0);
  }

  /** Keeps `text`; returns its number. */
  add(text: string): number {
    this.blockOf.push(this.blocks.length);
    this.startOf.push(this.openLength);
    this.openLength += text.length;
    this.endOf.push(this.openLength);
    this.open.push(text);
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

  private seal(): void {
    if (this.open.length === 0) return;
    this.scratch ??= Buffer.allocUnsafeSlow(this.blockLength * MAX_UTF8_BYTES_PER_UNIT);
    this.blocks.push(compress(this.open.join(''), this.scratch));
    this.open = [];
    this.openLength = 0;
  }

  private decodedBlock(block: number): string {
    let text = this.decoded.get(block);
    if (text === undefined) {
      // One output buffer of about the block's size, rather than many small ones joined.
      const chunkSize = Math.max(MIN_CHUNK_SIZE, this.blockLength);
      text = brotliDecompressSync(this.blocks[block] ?? Buffer.alloc(0), { chunkSize }).toString('utf8');
      if (this.decoded.size >= DECODED_BLOCKS_KEPT) this.decoded.delete(this.decoded.keys().next().value ?? block);
    } else {
      this.decoded.delete(block); // re-inserted below as the most recently read
    }
    this.decoded.set(block, text);
    return text;
  }
}
