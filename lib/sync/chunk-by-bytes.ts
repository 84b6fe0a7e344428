/**
 * Groups JSON texts into JSON arrays whose size inside a Data API request — where the array
 * travels as a JSON string, so quotes and backslashes are escaped again — stays within a budget.
 * Lazy, so that only one chunk of a large catalog is held as text at a time.
 */
export function* chunkJsonByBytes(items: Iterable<string>, budgetBytes: number): Generator<string> {
  let chunk: string[] = [];
  let chunkBytes = 2; // the brackets
  for (const item of items) {
    // As a JSON string: escaped, without its two quotes, plus the comma.
    const itemBytes = Buffer.byteLength(JSON.stringify(item)) - 1;
    if (chunk.length > 0 && chunkBytes + itemBytes > budgetBytes) {
      const text = `[${chunk.join(',')}]`;
      // Let go of the pieces before yielding: the caller holds the text through a database round trip.
      chunk = [];
      chunkBytes = 2;
      yield text;
    }
    chunk.push(item);
    chunkBytes += itemBytes;
  }
  if (chunk.length > 0) yield `[${chunk.join(',')}]`;
}
