import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../lib/catalog/build-catalog.js';
import { fingerprintModel, ROW_MAPPING_VERSION } from '../../lib/sync/fingerprint.js';
import { readFixture } from '../support/fixtures.js';

const entries = [...readFixture('model-info-basic.json').data, ...readFixture('model-info-edge.json').data];
const listed = new Map([['gpt-4o', { deprecationDate: '2027-01-31', successorModel: 'gpt-5' }]]);

/** The rows the mapping makes of both fixtures, as one digest. */
function mappingDigest(): string {
  return createHash('sha256').update(JSON.stringify(buildCatalog(entries, undefined, listed))).digest('hex');
}

describe('Model fingerprints', () => {
  it('It should change the mapping version whenever the mapping makes different rows of the same entries', () => {
    // A fingerprint stands for the entries a row is made from, so an unchanged model is never mapped
    // again. When this fails, the mapping changed: raise ROW_MAPPING_VERSION in lib/sync/fingerprint.ts
    // (the next sync then compares every model in full once) and record the new digest here.
    expect({ version: ROW_MAPPING_VERSION, digest: mappingDigest() }).toEqual({
      version: 1,
      digest: '409b96f3e3bbcf70a0fe523adfc899f648bc865afd171c95482547b543be3c35',
    });
  });

  it("It should not depend on the order of a model's deployments", () => {
    expect(fingerprintModel(['{"a":1}', '{"b":2}'], undefined)).toBe(fingerprintModel(['{"b":2}', '{"a":1}'], undefined));
  });

  it("It should change with any entry's digest, and with the retirement the row carries", () => {
    const base = fingerprintModel(['{"model_name":"m"}'], undefined);
    expect(fingerprintModel(['{"model_name":"m" }'], undefined)).not.toBe(base);
    expect(fingerprintModel(['{"model_name":"m"}'], { deprecationDate: '2027-01-31', successorModel: null })).not.toBe(base);
    expect(fingerprintModel(['{"model_name":"m"}'], { deprecationDate: '2027-01-31', successorModel: 'n' })).not.toBe(
      fingerprintModel(['{"model_name":"m"}'], { deprecationDate: '2027-01-31', successorModel: null }),
    );
  });
});
