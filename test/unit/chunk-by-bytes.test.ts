import { describe, expect, it } from 'vitest';
import { chunkJsonByBytes } from '../../lib/sync/chunk-by-bytes.js';

describe('chunkJsonByBytes', () => {
  it('It should keep every chunk, escaped as a JSON string, within the budget', () => {
    const items = Array.from({ length: 200 }, (_, index) => JSON.stringify({ id: `m${index}`, text: '"quoted" ü'.repeat(20) }));
    const chunks = [...chunkJsonByBytes(items, 5_000)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk)) - 2).toBeLessThanOrEqual(5_000);
    expect(chunks.flatMap((chunk) => JSON.parse(chunk) as unknown[])).toEqual(items.map((item) => JSON.parse(item) as unknown));
  });

  it('It should put an item larger than the budget in a chunk of its own', () => {
    const chunks = [...chunkJsonByBytes(['"small"', JSON.stringify('x'.repeat(100)), '"small"'], 50)];
    expect(chunks).toHaveLength(3);
  });

  it('It should yield nothing for no items', () => {
    expect([...chunkJsonByBytes([], 100)]).toEqual([]);
  });
});
