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

/** A local HTTP server that plays LiteLLM's `/model/info`, for tests and benchmarks. */
export interface LiteLLMStandIn extends LocalHttpServer {
  /** Answer every request with this from now on. */
  answer(answer: StandInAnswer): void;
  /** Answer the next requests with these, in order, then fall back to the standing answer. */
  answerOnce(...answers: StandInAnswer[]): void;
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
): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    requests.push(recordOf(request));
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
  const queue: StandInAnswer[] = [];
  const server = await startHttpServer((_request, response) => {
    const answer = queue.shift() ?? standing;
    if (answer.hang === true) return;
    const send = (): void => {
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? { data: [] });
      response.writeHead(answer.status ?? 200, {
        'content-type': answer.contentType ?? 'application/json',
        ...answer.headers,
      });
      response.end(body);
    };
    if (answer.delayMs !== undefined) setTimeout(send, answer.delayMs);
    else send();
  });
  return {
    ...server,
    answer: (answer) => {
      standing = answer;
    },
    answerOnce: (...answers) => {
      queue.push(...answers);
    },
  };
}
