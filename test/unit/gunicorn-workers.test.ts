import { describe, expect, it } from 'vitest';
import { GunicornWorkers } from '../../local/gunicorn-workers.js';

// Lines as gunicorn 23 with LiteLLM's uvicorn worker prints them (a real proxy's log, 2026-12-08).
const FIRST_WORKER = `[2026-12-08 00:33:31 +0000] [8834] [INFO] Starting gunicorn 23.0.0
[2026-12-08 00:33:31 +0000] [8869] [INFO] Booting worker with pid: 8869
[2026-12-08 00:33:31 +0000] [8869] [INFO] Waiting for application startup.
[2026-12-08 00:33:31 +0000] [8869] [INFO] Application startup complete.
`;
const RELOAD = `[2026-12-08 00:33:36 +0000] [8834] [INFO] Handling signal: hup
[2026-12-08 00:33:36 +0000] [8941] [INFO] Booting worker with pid: 8941
[2026-12-08 00:33:36 +0000] [8869] [INFO] Shutting down
[2026-12-08 00:33:36 +0000] [8869] [INFO] Finished server process [8869]
[2026-12-08 00:33:36 +0000] [8834] [ERROR] Worker (pid:8869) was sent SIGTERM!
[2026-12-08 00:33:36 +0000] [8941] [INFO] Application startup complete.
`;

describe('the gunicorn workers a LiteLLM proxy log shows', () => {
  it('It should count a worker as serving from its startup line until it has finished', () => {
    // Prepare
    const workers = new GunicornWorkers();

    // Act
    workers.feed('stderr', FIRST_WORKER);
    const beforeReload = workers.serving();
    workers.feed('stderr', RELOAD.split('\n').slice(0, 4).join('\n') + '\n');
    const whileReloading = workers.serving();
    workers.feed('stderr', RELOAD.split('\n').slice(4).join('\n'));

    // Assess
    expect(beforeReload).toEqual([8869]);
    expect(whileReloading).toEqual([]);
    expect(workers.serving()).toEqual([8941]);
  });

  it('It should read a line split across chunks, and keep the two streams apart', () => {
    // Prepare
    const workers = new GunicornWorkers();
    const line = '[2026-12-08 00:33:31 +0000] [8869] [INFO] Application startup complete.\n';

    // Act
    workers.feed('stderr', line.slice(0, 40));
    workers.feed('stdout', 'Thank you for using LiteLLM!\n');
    const halfway = workers.serving();
    workers.feed('stderr', line.slice(40));

    // Assess
    expect(halfway).toEqual([]);
    expect(workers.serving()).toEqual([8869]);
  });
});
