import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the stand-in answers to the next requests. */
export interface StandInAnswer {
  status?: number;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  /** Extra response headers, e.g. a redirect's `location`. */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * Answer only once this settles: the test releases the answer when it has seen what it waits for
   * (a sync kept waiting on LiteLLM while the test looks), instead of guessing a delay.
   */
  until?: Promise<unknown>;
  /** Accept the request and never answer. */
  hang?: boolean;
}

interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** A loopback HTTP server that records every request and answers with `handle`. */
export interface LocalHttpServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP server that plays LiteLLM's `/model/info`, for tests and benchmarks. `requests` lists
 * the `/model/info` requests; `/model/deprecations` has its own standing answer, so that the
 * answers queued for the catalog are never taken by the deprecation request that goes with it.
 */
export interface LiteLLMStandIn extends LocalHttpServer {
  /** Answer every request with this from now on. */
  answer(answer: StandInAnswer): void;
  /** Answer the next requests with these, in order, then fall back to the standing answer. */
  answerOnce(...answers: StandInAnswer[]): void;
  /** Answer `/model/deprecations` with this from now on (by default an empty list, as LiteLLM 1.108 serves). */
  answerDeprecations(answer: StandInAnswer): void;
}

const DEPRECATIONS_PATH = '/model/deprecations';
/** What LiteLLM 1.108 answers when no model has a retirement date. */
const NO_DEPRECATIONS: StandInAnswer = { body: { deprecated: [], imminent: [], upcoming: [], warn_within_days: 30 } };

function send(response: ServerResponse, answer: StandInAnswer): void {
  if (answer.hang === true) return;
  const write = (): void => {
    // Released after the test closed the stand-in: nobody is listening any more.
    if (response.destroyed) return;
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? { data: [] });
    response.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? 'application/json',
      ...answer.headers,
    });
    response.end(body);
  };
  const delayed = (): void => {
    if (answer.delayMs !== undefined) setTimeout(write, answer.delayMs);
    else write();
  };
  if (answer.until !== undefined) void answer.until.then(delayed, delayed);
  else delayed();
}

function recordOf(request: IncomingMessage): RecordedRequest {
  return { method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization };
}

/**
 * Starts a loopback HTTP server for answers written by hand (a hung endpoint, a body cut off
 * half-way, a redirect elsewhere); the LiteLLM stand-in is one.
 *
 * @example
 * const hung = await startHttpServer(() => undefined); // takes every request, never answers
 */
export async function startHttpServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  /** Record every request in `requests` (a caller that records its own passes false). */
  recordAll = true,
): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    if (recordAll) requests.push(recordOf(request));
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startLiteLLMStandIn(initial: StandInAnswer = {}): Promise<LiteLLMStandIn> {
  let standing: StandInAnswer = initial;
  let deprecations: StandInAnswer = NO_DEPRECATIONS;
  const queue: StandInAnswer[] = [];
  const server = await startHttpServer((request, response) => {
    if (request.url?.split('?')[0] === DEPRECATIONS_PATH) {
      send(response, deprecations);
      return;
    }
    requests.push(recordOf(request));
    send(response, queue.shift() ?? standing);
  }, false);
  const { requests } = server;
  return {
    ...server,
    answer: (answer) => {
      standing = answer;
    },
    answerOnce: (...answers) => {
      queue.push(...answers);
    },
    answerDeprecations: (answer) => {
      deprecations = answer;
    },
  };
}
