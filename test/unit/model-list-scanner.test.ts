import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ViewShape } from '../../lib/litellm/entry-view.js';
import type { ModelListEntry } from '../../lib/litellm/model-list-entry.js';
import { ModelListScanner } from '../../lib/litellm/model-list-scanner.js';
import type { ScannedData } from '../../lib/litellm/model-list-scanner.js';
import { readFixture } from '../support/fixtures.js';

const SHAPE: ViewShape = { model_name: true, model_info: { team_id: true, blocked: true } };

// Small compressed blocks, so that the entries of a short body still span several of them.
const BLOCK_LENGTH = 64;

function scan(text: string, pieceLength = text.length, shape: ViewShape = {}): ScannedData | undefined {
  const scanner = new ModelListScanner(shape, BLOCK_LENGTH);
  for (let start = 0; start < text.length; start += Math.max(1, pieceLength)) {
    scanner.feed(text.slice(start, start + Math.max(1, pieceLength)));
  }
  return scanner.finish();
}

function scannedEntries(result: ScannedData | undefined): ModelListEntry[] | ScannedData | undefined {
  if (result?.kind === 'list') return result.entries;
  if (result?.kind === 'object') return [result.entry];
  return result;
}

function parsedEntries(result: ScannedData | undefined): unknown {
  const entries = scannedEntries(result);
  return Array.isArray(entries) ? entries.map((entry): unknown => JSON.parse(entry.text())) : entries;
}

/** What the view of `value` must be: `JSON.parse`'s value cut down to the shape. */
function expectedView(value: unknown, shape: ViewShape): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const view: Record<string, unknown> = {};
  for (const [member, rule] of Object.entries(shape)) {
    if (!Object.hasOwn(value, member)) continue;
    const memberValue = (value as Record<string, unknown>)[member];
    const isObject = memberValue !== null && typeof memberValue === 'object' && !Array.isArray(memberValue);
    view[member] = rule === true || !isObject ? memberValue : expectedView(memberValue, rule);
  }
  return view;
}

describe('ModelListScanner', () => {
  it('It should yield the text of each entry of the data list, exactly as JSON.parse sees them', () => {
    const body = JSON.stringify(readFixture('model-info-edge.json'), null, 2);
    expect(parsedEntries(scan(body))).toEqual((JSON.parse(body) as { data: unknown[] }).data);
  });

  it('It should give the same entries however the body is cut into pieces', () => {
    const body = '{"total": [1, {"data": 2}], "data": [ {"model_name": "a]\\"},{", "x": [1,{}]}, null, 42, "s" , {"data": []} ], "page": {"n": 1}}';
    const expected = (JSON.parse(body) as { data: unknown[] }).data;
    for (let piece = 1; piece <= body.length; piece += 1) {
      expect(parsedEntries(scan(body, piece))).toEqual(expected);
    }
  });

  it('It should match JSON.parse on any JSON object with a data list', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), fc.integer({ min: 1, max: 40 }), (data, extra, piece) => {
        const body = JSON.stringify({ ...extra, data });
        expect(parsedEntries(scan(body, piece))).toEqual((JSON.parse(body) as { data: unknown[] }).data);
      }),
      { numRuns: 200 },
    );
  });

  it("It should read exactly the shape's members of each entry, as JSON.parse reads them, whatever else the entry holds", () => {
    // Member names as JSON text, so that a name may be written with an escape, and may repeat (the last one wins).
    const name = fc.oneof(fc.constantFrom('"model_name"', '"model_info"', '"team_id"', '"blocked"', '"mod\\u0065l_name"', '"te\\u0061m_id"'), fc.string().map((text) => JSON.stringify(text)));
    const objectText = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc.array(fc.tuple(name, value), { maxLength: 6 }).map((members) => `{ ${members.map(([member, text]) => `${member}: ${text}`).join(', ')} }`);
    const json = fc.jsonValue().map((value) => JSON.stringify(value));
    const entry = objectText(fc.oneof(json, objectText(json)));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.integer({ min: 1, max: 50 }), (texts, piece) => {
        const scanned = scannedEntries(scan(`{"data": [${texts.join(',')}]}`, piece, SHAPE));
        expect(Array.isArray(scanned)).toBe(true);
        const views = (scanned as ModelListEntry[]).map((scannedEntry) => scannedEntry.view);
        expect(views).toEqual(texts.map((text) => expectedView(JSON.parse(text), SHAPE)));
      }),
      { numRuns: 300 },
    );
  });

  it('It should keep each entry with the SHA-256 digest of its text as sent', () => {
    const body = '{"data": [{"model_name": "a"}, {"model_name" : "a"}, {"model_name": "é 🚀"}]}';
    const entries = scannedEntries(scan(body, 5)) as ModelListEntry[];
    expect(entries.map((entry) => entry.text())).toEqual(['{"model_name": "a"}', '{"model_name" : "a"}', '{"model_name": "é 🚀"}']);
    expect(entries.map((entry) => entry.digest)).toEqual(entries.map((entry) => hash('sha256', entry.text(), 'base64')));
    expect(new Set(entries.map((entry) => entry.digest)).size).toBe(3);
  });

  it('It should return a single entry object as sent by a proxy in CLI mode', () => {
    expect(parsedEntries(scan('{"data": {"model_name": "solo", "model_info": {"id": "1"}}}'))).toEqual([
      { model_name: 'solo', model_info: { id: '1' } },
    ]);
  });

  it('It should report a data value that is neither a list nor an object', () => {
    expect(scan('{"data": 42}')).toEqual({ kind: 'scalar', text: '42' });
    expect(scan('{"data": null, "x": 1}')).toEqual({ kind: 'scalar', text: 'null' });
    expect(scan('{"data": "text"}')).toEqual({ kind: 'scalar', text: '"text"' });
  });

  it('It should report a missing data member', () => {
    expect(scan('{"detail": {"data": []}}')).toEqual({ kind: 'missing' });
  });

  it.each([
    ['truncated', '{"data": [{"model_name": "a"}, {"model'],
    ['an unterminated string', '{"data": ["abc'],
    ['HTML', '<html><body>502 Bad Gateway</body></html>'],
    ['a top-level list', '[{"model_name": "a"}]'],
    ['two documents', '{"data": []} {"data": []}'],
    ['empty', ''],
  ])('It should refuse a body that is %s', (_, body) => {
    expect(scan(body)).toBeUndefined();
  });

  it('It should read an empty list', () => {
    expect(scan('{"data": []}')).toEqual({ kind: 'list', entries: [] });
  });
});
