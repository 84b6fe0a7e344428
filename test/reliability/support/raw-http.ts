import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A loopback HTTP server with a hand-written answer, for faults the LiteLLM stand-in cannot play. */
export interface RawServer {
  url: string;
  /** The Authorization header of every request received. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export async function startRawServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<RawServer> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://${host === '127.0.0.1' ? '127.0.0.1' : host}:${port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the status line, headers and the first `fraction` of `body`, then `then` (hang or reset). */
export function partialAnswer(body: string, fraction: number, then: 'hang' | 'reset') {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.write(body.slice(0, Math.floor(body.length * fraction)));
    if (then === 'reset') setTimeout(() => response.socket?.destroy(), 20);
  };
}
