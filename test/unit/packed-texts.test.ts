import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedTexts } from '../../lib/litellm/packed-texts.js';

describe('PackedTexts', () => {
  it('It should give back every text exactly as added, in any order of reading, across blocks', () => {
    // ASCII and any Unicode text, emoji and empty strings included; blocks from a few characters up.
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 40 }), fc.integer({ min: 1, max: 200 }), fc.func(fc.integer()), (texts, blockLength, order) => {
        const packed = new PackedTexts(blockLength);
        const numbers = texts.map((text) => packed.add(text));
        expect(numbers).toEqual(texts.map((_, index) => index));
        const reading = [...numbers].sort((a, b) => order(a) - order(b));
        for (const number of reading) expect(packed.text(number)).toBe(texts[number]);
        expect(packed.count).toBe(texts.length);
      }),
      { numRuns: 200 },
    );
  });

  it('It should keep texts added after a read, in the block still being filled', () => {
    const packed = new PackedTexts(1_000);
    packed.add('first');
    expect(packed.text(0)).toBe('first');
    packed.add('second');
    expect([packed.text(1), packed.text(0)]).toEqual(['second', 'first']);
  });

  it('It should hold a catalog-like list in a fraction of its length', () => {
    const entry = (index: number) => JSON.stringify({ model_name: `org/model-${index}`, litellm_params: { model: `openai/model-${index}` }, model_info: { id: `${index}`, max_tokens: 4096, input_cost_per_token: null, supports_vision: false } });
    const packed = new PackedTexts();
    let length = 0;
    for (let index = 0; index < 2_000; index += 1) {
      packed.add(entry(index));
      length += entry(index).length;
    }
    expect(packed.text(1_999)).toBe(entry(1_999));
    expect(packed.compressedBytes).toBeLessThan(length / 5);
  });

  it('It should name the number it does not have', () => {
    const packed = new PackedTexts();
    packed.add('only');
    expect(() => packed.text(1)).toThrow('No text numbered 1 (1 were added)');
  });
});
