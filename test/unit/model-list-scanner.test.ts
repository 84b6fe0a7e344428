import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelListScanner } from '../../lib/litellm/model-list-scanner.js';
import type { ScannedData } from '../../lib/litellm/model-list-scanner.js';
import { readFixture } from '../support/fixtures.js';

function scan(text: string, pieceLength = text.length): ScannedData | undefined {
  const scanner = new ModelListScanner();
  for (let start = 0; start < text.length; start += Math.max(1, pieceLength)) {
    scanner.feed(text.slice(start, start + Math.max(1, pieceLength)));
  }
  return scanner.finish();
}

function parsedEntries(result: ScannedData | undefined): unknown {
  if (result?.kind === 'list') return result.entries;
  if (result?.kind === 'object') return [result.entry];
  return result;
}

describe('ModelListScanner', () => {
  it('It should yield the entries of the data list exactly as JSON.parse sees them', () => {
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

  it('It should parse each entry as soon as its text is complete, before the body ends', () => {
    const parsed: string[] = [];
    const scanner = new ModelListScanner((text) => parsed.push(text));
    scanner.feed('{"data": [{"model_name": "a"}, {"model_na');
    expect(parsed).toEqual(['{"model_name": "a"}']);
    scanner.feed('me": "b"}]}');
    expect(parsed).toEqual(['{"model_name": "a"}', '{"model_name": "b"}']);
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
