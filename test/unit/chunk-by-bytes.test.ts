import { describe, expect, it } from 'vitest';
import { jsonStringBytes } from '../../lib/db/json-size.js';
import { chunkJsonByBytes } from '../../lib/sync/chunk-by-bytes.js';

describe('chunkJsonByBytes', () => {
  it('keeps every chunk, escaped as a JSON string, within the budget', () => {
    const items = Array.from({ length: 200 }, (_, index) => JSON.stringify({ id: `m${index}`, text: '"quoted" ü'.repeat(20) }));
    const chunks = [...chunkJsonByBytes(items, 5_000)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk)) - 2).toBeLessThanOrEqual(5_000);
    expect(chunks.flatMap((chunk) => JSON.parse(chunk) as unknown[])).toEqual(items.map((item) => JSON.parse(item) as unknown));
  });

  it('puts an item larger than the budget in a chunk of its own', () => {
    const chunks = [...chunkJsonByBytes(['"small"', JSON.stringify('x'.repeat(100)), '"small"'], 50)];
    expect(chunks).toHaveLength(3);
  });

  it('yields nothing for no items', () => {
    expect([...chunkJsonByBytes([], 100)]).toEqual([]);
  });
});

describe('jsonStringBytes', () => {
  it.each([
    ['plain ascii', 'model-name'],
    ['quotes and backslashes', 'a "quoted" \\ path'],
    ['control characters', 'line\nbreak\ttab\u0001\u001f'],
    ['multi-byte text', 'modèle 日本 🚀'],
    ['a lone surrogate', 'x\uD800y\uDC00'],
  ])('counts %s exactly as JSON.stringify writes it', (_, text) => {
    expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text)) - 2);
  });
});

