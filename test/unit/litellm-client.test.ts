import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiteLLMError } from '../../lib/errors.js';
import { fetchModelInfo } from '../../lib/litellm/client.js';
import { findFreePort } from '../../local/free-port.js';
import type { LiteLLMRetryPolicy } from '../../lib/litellm/client.js';
import { startHttpServer, startLiteLLMStandIn } from '../../local/litellm-stand-in.js';
import { readFixture } from '../support/fixtures.js';
import type { LiteLLMStandIn } from '../../local/litellm-stand-in.js';

const KEY = 'sk-sentinel-7f3a9c1e';
const fast: LiteLLMRetryPolicy = { timeoutMs: 500, maxAttempts: 3, backoffBaseMs: 5 };
let litellm: LiteLLMStandIn;

async function failureOf(promise: Promise<unknown>): Promise<LiteLLMError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LiteLLMError) return error;
    throw error;
  }
  throw new Error('expected a LiteLLMError');
}

beforeAll(async () => {
  litellm = await startLiteLLMStandIn();
});
afterAll(() => litellm.close());
beforeEach(() => {
  litellm.requests.length = 0;
  litellm.answer({ body: readFixture('model-info-basic.json') });
});

describe('fetchModelInfo', () => {
  it('It should send the master key as a bearer token to /model/info', async () => {
    const answer = await fetchModelInfo({ baseUrl: `${litellm.url}/`, apiKey: KEY }, fast);
    expect(answer.entries).toHaveLength(4);
    expect(litellm.requests).toEqual([{ method: 'GET', url: '/model/info', authorization: `Bearer ${KEY}` }]);
  });

  it('It should accept a single entry object as LiteLLM sends in CLI mode', async () => {
    litellm.answer({ body: { data: { model_name: 'solo', litellm_params: {}, model_info: {} } } });
    const answer = await fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast);
    expect(answer.entries.map((entry): unknown => JSON.parse(entry.text()))).toEqual([{ model_name: 'solo', litellm_params: {}, model_info: {} }]);
  });

  it('It should read "LLM Model List not loaded in" as an empty catalog, without retrying', async () => {
    litellm.answer({ status: 500, body: { detail: { error: 'LLM Model List not loaded in. Make sure you passed models' } } });
    const answer = await fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast);
    expect(answer).toEqual({ entries: [], notLoaded: true });
    expect(litellm.requests).toHaveLength(1);
  });

  it('It should retry 5xx and 429, then succeeds', async () => {
    litellm.answerOnce({ status: 503, body: 'busy' }, { status: 429, body: { detail: 'slow down' } });
    const answer = await fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast);
    expect(answer.entries).toHaveLength(4);
    expect(litellm.requests).toHaveLength(3);
  });

  it('It should give up after the last attempt and name the status and message', async () => {
    litellm.answer({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTTP 502 after 3 attempts: 502 Bad Gateway/);
    expect(litellm.requests).toHaveLength(3);
  });

  it('It should fail at once on 401 with LiteLLM message, never echoing the key', async () => {
    const body = readFixture('error-401.json');
    litellm.answer({ status: 401, body: JSON.stringify(body).replace('sk-...4iJw', KEY) });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(litellm.requests).toHaveLength(1);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/HTTP 401: Authentication Error, Invalid proxy server token passed/);
    expect(error.message).toMatch(/master key/);
    expect(error.message).not.toContain(KEY);
    // The key's hash identifies it as well as the key: LiteLLM's lookup token.
    expect(error.message).not.toContain('d5568bf235b137109f05d7809524977a65517b4749dec14163203bc560818978');
    expect(error.message).toContain('Key Hash (Token) =[redacted]');
  });

  it('It should redact the key hash however LiteLLM spaces it', async () => {
    litellm.answer({ status: 401, body: { error: { message: 'Bad key. Key Hash (Token)= 0123abcd, Key Hash=beef01.', code: '401' } } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).not.toMatch(/0123abcd|beef01/);
  });

  it('It should read the 400 "No connected db" of a proxy without a database as a rejected key', async () => {
    // A proxy with no database can check only its master key: any other key gets this 400.
    litellm.answer({ status: 400, body: { error: { message: 'No connected db.', type: 'no_db_connection', param: null, code: '400' } } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toBe(
      'LiteLLM rejected the API key (HTTP 400: No connected db.). Use the proxy master key (LITELLM_API_KEY, or the LiteLLM key secret when deployed).',
    );
    expect(litellm.requests).toHaveLength(1);
  });

  it('It should end the message of another 4xx with one period, whatever LiteLLM wrote', async () => {
    litellm.answer({ status: 422, body: { detail: 'Unprocessable.' } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toBe('LiteLLM answered HTTP 422: Unprocessable.');
  });

  it('It should fail at once on 403 in the FastAPI detail envelope', async () => {
    litellm.answer({ status: 403, body: { detail: 'Only proxy admin can access this route' } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toMatch(/HTTP 403: Only proxy admin can access this route/);
    expect(litellm.requests).toHaveLength(1);
  });

  it('It should fail at once on 404 and say to check the URL', async () => {
    litellm.answer({ status: 404, body: { detail: 'Not Found' } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toMatch(/HTTP 404 .*LITELLM_API_URL/);
  });

  it('It should not follow a redirect to another host', async () => {
    const elsewhere = await startLiteLLMStandIn({ body: readFixture('model-info-edge.json') });
    try {
      litellm.answer({ status: 307, body: '', contentType: 'text/plain', headers: { location: `${elsewhere.url}/model/info` } });
      const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
      expect(error.message).toMatch(/HTTP 307 \(a redirect\).*redirects are not followed/);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('It should report a body that is not JSON', async () => {
    litellm.answer({ body: '{"data": [', contentType: 'application/json' });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toMatch(/not JSON/);
  });

  it('It should stop reading an answer larger than the cap, without retrying', async () => {
    const body = readFixture('model-info-basic.json');
    const size = Buffer.byteLength(JSON.stringify(body));
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast, size - 1));
    expect(error.message).toMatch(new RegExp(`larger than ${size - 1} bytes \\(LITELLM_MAX_RESPONSE_BYTES\\).*changed nothing`));
    expect(litellm.requests).toHaveLength(1);
    expect((await fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast, size)).entries).toHaveLength(4);
  });

  it('It should stop a chunked answer with no declared length at the cap', async () => {
    const body = JSON.stringify(readFixture('model-info-basic.json'));
    litellm.answer({ body, headers: { 'transfer-encoding': 'chunked' } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast, 1000));
    expect(error.message).toMatch(/larger than 1000 bytes/);
  });

  it('It should report an entry that is not JSON, however well the rest of the body is formed', async () => {
    litellm.answer({ body: '{"data": [{"model_name": nope}], "total": 1}', contentType: 'application/json' });
    // The member is read as the entry arrives (it is in the shape asked for), so its value is parsed there.
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast, undefined, { model_name: true }));
    expect(error.message).toMatch(/not JSON \(it starts with "\{"data": \[\{"model_name": nope/);
  });

  it('It should report a data field that is neither a list nor an entry', async () => {
    litellm.answer({ body: { data: 42 } });
    const error = await failureOf(fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, fast));
    expect(error.message).toMatch(/"data" is a number/);
  });

  it('It should time out a server that never answers, retrying each attempt', async () => {
    litellm.answer({ hang: true });
    const error = await failureOf(
      fetchModelInfo({ baseUrl: litellm.url, apiKey: KEY }, { timeoutMs: 100, maxAttempts: 2, backoffBaseMs: 1 }),
    );
    expect(error.message).toMatch(/after 2 attempts \(no answer within 100 ms\)/);
    expect(litellm.requests).toHaveLength(2);
  });

  it('It should explain a refused connection without the key or URL credentials', async () => {
    const port = await findFreePort();
    const error = await failureOf(
      fetchModelInfo({ baseUrl: `http://admin:hunter2@127.0.0.1:${port}`, apiKey: KEY }, { ...fast, maxAttempts: 2 }),
    );
    expect(error.message).toContain(
      'Could not reach LiteLLM after 2 attempts (connection refused). Check LITELLM_API_URL',
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain(String(port));
  });
});

describe('fetchModelInfo with an answer that never ends', () => {
  // The per-attempt timeout would end the download too; it is far longer than the waits below.
  const patient: LiteLLMRetryPolicy = { ...fast, timeoutMs: 5_000, maxAttempts: 1 };

  /** A server whose answer streams for ever; counts the connections the client closed. */
  async function endlessAnswer(status: number, headers: Record<string, string>): Promise<{ url: string; closed: () => number; close: () => Promise<void> }> {
    let closed = 0;
    const chunk = Buffer.from(`<html>${'x'.repeat(16 * 1024)}`);
    const server = await startHttpServer((_request, response) => {
      const endless = new Readable({
        read() {
          this.push(chunk);
        },
      });
      response.writeHead(status, headers);
      response.on('close', () => {
        endless.destroy();
        closed += 1;
      });
      endless.pipe(response);
    });
    return { url: server.url, closed: () => closed, close: () => server.close() };
  }

  it('It should read only the start of an error body, stop the rest and report the status', async () => {
    // Prepare
    const server = await endlessAnswer(400, { 'content-type': 'text/html' });
    try {
      // Act
      const failure = await failureOf(fetchModelInfo({ baseUrl: server.url, apiKey: KEY }, patient));
      // Assess
      expect(failure.message).toMatch(/^LiteLLM answered HTTP 400: x{300}…$/);
      await vi.waitFor(() => expect(server.closed()).toBe(1), { timeout: 1_000 });
    } finally {
      await server.close();
    }
  });

  it('It should stop an answer that declares itself too large without reading it', async () => {
    // Prepare
    const server = await endlessAnswer(200, { 'content-type': 'application/json', 'content-length': String(10 ** 12) });
    try {
      // Act
      const failure = await failureOf(fetchModelInfo({ baseUrl: server.url, apiKey: KEY }, patient, 1_000_000));
      // Assess
      expect(failure.message).toMatch(/larger than 1000000 bytes/);
      await vi.waitFor(() => expect(server.closed()).toBe(1), { timeout: 1_000 });
    } finally {
      await server.close();
    }
  });
});
