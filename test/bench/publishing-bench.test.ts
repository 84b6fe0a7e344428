import { describe, expect, it } from 'vitest';
import { measurePublishing, renderPublishingSection, spliceSection } from '../../bench/publishing.js';

describe('the change-event figures of the benchmark', () => {
  it('It should send the capped events in 11 PutEvents calls for a 10,000-model first sync, within 256 KB', async () => {
    // Act
    const rows = await measurePublishing([10_000], 0, 1);

    // Assess
    expect(rows.find((row) => row.scenario === 'first sync')).toMatchObject({ changedModels: 10_000, events: 101, putEventsCalls: 11, truncated: true });
    for (const row of rows) expect(row.largestDetailBytes).toBeLessThan(256 * 1024);
  });

  it('It should replace the section of an existing report and keep what follows', () => {
    // Prepare
    const section = renderPublishingSection([], 30);

    // Act
    const once = spliceSection('# Bench\n\n## A\n\ntext\n', section);
    const twice = spliceSection(`${once}\n## B\n\nmore\n`, section);

    // Assess
    expect(twice.split('## Change events').length).toBe(2);
    expect(twice).toContain('## A');
    expect(twice).toContain('## B');
  });
});
