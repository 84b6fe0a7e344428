import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_SECONDS, JWT_SECRET_ARN_VARIABLE, LITEMAAS_ADMIN_ROLE } from '../../functions/commons/secrets/litemaas-token.js';
import { METRIC_NAMES } from '../../functions/commons/observability/observability-names.js';
import { MIGRATE } from '../../lib/db/sql/migrations.js';
import { SYNC_LOCK_KEY } from '../../lib/db/sql/lock.js';

const doc = readFileSync(new URL('../../docs/litemaas.md', import.meta.url), 'utf8');

/** LiteMaaS's own objects, which the migration creates only on a database without them. */
const LITEMAAS_OBJECTS = new Set(['models', 'update_updated_at_column', 'update_models_updated_at']);

describe('docs/litemaas.md', () => {
  it('It should name every table, index and function the migration adds to a LiteMaaS database', () => {
    // Prepare
    const created = [...MIGRATE.text.matchAll(/CREATE (?:TABLE|INDEX|FUNCTION|TRIGGER) (\w+)/g)]
      .map((match) => match[1] ?? '')
      .filter((name) => !LITEMAAS_OBJECTS.has(name) && !name.startsWith('idx_models_'));

    // Assess
    expect(created.sort()).toEqual([
      'idx_model_sync_changes_model',
      'idx_model_sync_changes_recorded_at',
      'idx_model_sync_runs_started_at',
      'model_sync_bounded_change',
      'model_sync_changes',
      'model_sync_fingerprints',
      'model_sync_missing',
      'model_sync_runs',
      'model_sync_take_lock',
      'model_sync_write_litemaas_audit',
    ]);
    for (const name of created) expect(doc).toContain(`\`${name}`);
    expect(doc).toContain(SYNC_LOCK_KEY);
  });

  it('It should say that the stack holds a key that can mint LiteMaaS admin tokens, who can read it, and when SigV4 is better', () => {
    expect(doc).toMatch(/whoever knows\s+it can mint a valid access token for \*\*any\*\* LiteMaaS user, admins included/);
    expect(doc).toContain('Who can read it:');
    expect(doc).toContain('**When SigV4 (B) is the better choice.**');
    expect(doc).toContain('`litemaasTokenMaxLifetimeHours`');
    expect(doc).toContain(`\`${METRIC_NAMES.litemaasJwtSecretRefused}\``);
  });

  it('It should name the context key, the role and the variable of LiteMaaS token mode', () => {
    expect(doc).toContain('`litemaasJwtSecretArn`');
    expect(doc).toContain(`**\`${LITEMAAS_ADMIN_ROLE}\`**`);
    expect(doc).toContain(`\`${JWT_SECRET_ARN_VARIABLE}\``);
  });

  it('It should say how long past its exp a token is accepted: the skew plus the 30 s decision cache', () => {
    expect(doc).toContain(`up to about ${CLOCK_SKEW_SECONDS + 30} s past its \`exp\``);
    expect(doc).toContain(`${CLOCK_SKEW_SECONDS} s of clock\n  skew`);
    expect(doc).not.toMatch(/at most 30 s past/);
  });
});
