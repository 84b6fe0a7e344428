import { describe, expect, it } from 'vitest';
import { generateCatalog, withChangedModels, withoutModels } from '../../bench/catalog.js';
import { meterDatabase } from '../../bench/metered-database.js';
import type { DatabasePort, SqlSession } from '../../lib/db/port.js';

describe('benchmark catalog', () => {
  it('It should generate fixture-sized entries (about 3 KB) with some load-balanced models', () => {
    // Act
    const entries = generateCatalog(200);
    // Assess
    const names = new Set(entries.map((entry) => entry.model_name));
    expect(names.size).toBe(200);
    expect(entries.length).toBeGreaterThan(200);
    const averageBytes = Buffer.byteLength(JSON.stringify(entries)) / entries.length;
    expect(averageBytes).toBeGreaterThan(2_500);
    expect(averageBytes).toBeLessThan(4_500);
    expect(new Set(entries.map((entry) => String(entry.litellm_params.model).split('/')[0])).size).toBeGreaterThan(4);
  });

  it('It should change 1% and remove 10% of the models', () => {
    const entries = generateCatalog(1_000);
    const changed = withChangedModels(entries, 0.01);
    const differing = new Set(
      changed.filter((entry, index) => entry !== entries[index]).map((entry) => entry.model_name),
    );
    expect(differing.size).toBe(10);
    expect(new Set(withoutModels(changed, 0.1).map((entry) => entry.model_name)).size).toBe(900);
  });
});

describe('metered database', () => {
  it('It should count a statement as one round trip and a transaction as two more', async () => {
    // Prepare
    const session: SqlSession = { execute: () => Promise.resolve([{ id: 'a' }]) };
    const inner: DatabasePort = { ...session, transaction: (work) => work(session) };
    const database = meterDatabase(inner, 5, 'account');
    // Act
    await database.execute({ name: 'one', text: 'SELECT 1' });
    await database.transaction(async (tx) => {
      await tx.execute({ name: 'two', text: 'SELECT :x::int' }, { x: 2 });
    });
    // Assess
    expect(database.meter.roundTrips).toBe(4);
    expect(database.meter.latencyMs).toBe(20);
    expect(database.meter.requestBytes).toBeGreaterThan(Buffer.byteLength('SELECT 1SELECT :x::int'));
  });
});
