import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';
import { gate } from '../support/gate.js';
import { CAN_SWITCH_USERS, otherLocalUser, runNodeAs } from '../support/other-user.js';
import { REPO, runCli } from '../support/run-cli.js';

// The password the embedded PostgreSQL used to have, published in this repository's history: an
// attacker's first guess, so the test would catch any server that still accepts it.
const PUBLISHED_PASSWORD = 'local-model-sync';

let litellm: LiteLLMStandIn;
let base: string;
let dataDir: string;

beforeAll(async () => {
  litellm = await startLiteLLMStandIn({ body: readFixture('model-info-basic.json') });
  base = mkdtempSync(join(tmpdir(), 'model-sync-private-db-'));
  // As root the server runs as "postgres", who must reach the data directory's parent.
  chmodSync(base, 0o755);
  dataDir = join(base, 'pg');
});
afterAll(async () => {
  await litellm?.close();
  if (base !== undefined) rmSync(base, { recursive: true, force: true });
});

/** Where the running server says it can be reached: its postmaster.pid (port, socket directory, TCP address). */
function advertisedAddresses(): { host: string; port: number }[] {
  const [, , , port, socketDir, listenAddress] = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  const targets = [{ host: socketDir ?? '', port: Number(port) }, { host: '/tmp', port: Number(port) }];
  if (listenAddress !== undefined && listenAddress.trim() !== '') targets.push({ host: listenAddress.trim(), port: Number(port) });
  return targets;
}

/** Tries every address as another OS user, with the published password; what each attempt got. */
async function connectAsAnotherUser(targets: { host: string; port: number }[]): Promise<{ host: string; connected: boolean; error: string }[]> {
  const script = `
    import pg from 'pg';
    const outcomes = [];
    for (const target of ${JSON.stringify(targets)}) {
      const client = new pg.Client({ ...target, user: 'postgres', password: ${JSON.stringify(PUBLISHED_PASSWORD)}, database: 'postgres', connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        outcomes.push({ host: target.host, connected: true, error: '' });
      } catch (error) {
        outcomes.push({ host: target.host, connected: false, error: String(error.code ?? error.message) });
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    console.log(JSON.stringify(outcomes));`;
  return JSON.parse(await runNodeAs(otherLocalUser(), script, REPO)) as { host: string; connected: boolean; error: string }[];
}

/** Until the server's postmaster.pid says it accepts connections. */
async function waitUntilServerReady(): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const ready = (): boolean => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n')[7]?.trim() === 'ready';
  for (let waited = 0; !ready() && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  // Otherwise the stranger's refusal below would prove nothing: there would be no server to refuse it.
  if (!ready()) throw new Error('the embedded PostgreSQL was not ready after 30 s');
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.runIf(CAN_SWITCH_USERS)("the CLI's embedded PostgreSQL, while a sync runs", () => {
  it('It should let no other OS user connect, and keep the data directory 0700', async () => {
    // LiteLLM's answer is held until the stranger has tried, so the server is up and the sync waiting.
    const litellmAnswers = gate();
    litellm.answer({ body: readFixture('model-info-basic.json'), until: litellmAnswers.opened });
    const sync = runCli(['--json'], {
      LITELLM_API_URL: litellm.url,
      LITELLM_API_KEY: 'sk-private-db-test',
      LITELLM_TIMEOUT_MS: '30000',
      MODEL_SYNC_DATA_DIR: dataDir,
    });
    try {
      await waitUntilServerReady();
      const targets = advertisedAddresses();
      const outcomes = await connectAsAnotherUser(targets);
      expect(outcomes.filter((outcome) => outcome.connected)).toEqual([]);
      // Refused by the file system before any authentication: the stranger cannot even reach the socket.
      expect(outcomes.find((outcome) => outcome.host === targets[0]?.host)?.error).toBe('EACCES');
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'socket'))).toBe(0o700);
    } finally {
      // Whatever failed above, the held CLI and its server finish rather than outlive the test.
      litellmAnswers.open();
    }
    const finished = await sync;
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({ success: true, newModels: 4 });
    expect(mode(dataDir)).toBe(0o700);
  }, 90_000);
});
