import type { APIGatewayProxyEventV2, ScheduledEvent } from 'aws-lambda';

/** An EventBridge scheduled event as a rate rule delivers it. */
export function scheduledEvent(): ScheduledEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-11-26T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/model-sync-schedule'],
    detail: {},
  };
}

export const IAM_CALLER_ARN = 'arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice';
export const JWT_SUBJECT = '7f9d2a4e-0b1c-4e0a-9c55-2f1d3b6a8e21';

/** What a JWT caller may do unless a test says otherwise: read runs and start a sync, not force one. */
export const DEFAULT_TEST_SCOPES = ['model-sync/read', 'model-sync/start'];

/** `jwt` carries {@link DEFAULT_TEST_SCOPES}; `{ jwtScopes }` carries exactly the scopes given. */
export type Authorizer = 'iam' | 'jwt' | 'none' | { jwtScopes: string[] };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** The route key API Gateway matched, e.g. `GET /sync/runs/{runId}`. */
  routeKey: string;
  path: string;
  authorizer?: Authorizer;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
}

function authorizerContext(authorizer: Authorizer): Record<string, unknown> | undefined {
  if (authorizer === 'iam') {
    return {
      iam: {
        accessKey: 'ASIAEXAMPLEEXAMPLE',
        accountId: '123456789012',
        callerId: 'AROAEXAMPLEEXAMPLE:alice',
        cognitoIdentity: null,
        principalOrgId: 'o-example',
        userArn: IAM_CALLER_ARN,
        userId: 'AROAEXAMPLEEXAMPLE:alice',
      },
    };
  }
  if (authorizer === 'none') return undefined;
  const scopes = authorizer === 'jwt' ? DEFAULT_TEST_SCOPES : authorizer.jwtScopes;
  return {
    jwt: {
      claims: { sub: JWT_SUBJECT, iss: 'https://idp.example.com', aud: 'model-sync', scope: scopes.join(' ') },
      scopes,
    },
  };
}

/** An HTTP API payload 2.0 event, with an IAM or JWT authorizer context (or none). */
export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const query = request.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const authorizer = authorizerContext(request.authorizer ?? 'iam');
  const event = {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString,
    headers: {
      accept: 'application/json',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'vitest',
      'x-forwarded-proto': 'https',
      ...(request.headers ?? {}),
    },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      ...(authorizer === undefined ? {} : { authorizer }),
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'vitest',
      },
      requestId: `req-${crypto.randomUUID()}`,
      routeKey: request.routeKey,
      stage: '$default',
      time: '26/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795687200000,
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: request.isBase64Encoded ?? false,
  };
  return event;
}

/** `POST /sync` with a JSON body (or none). */
export function postSync(body?: unknown, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  return postTo('/sync', body, authorizer);
}

/** `POST /sync/force` with a JSON body (or none). */
export function postForce(body?: unknown, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  return postTo('/sync/force', body, authorizer);
}

/**
 * The same request asking for a background run: `Prefer: respond-async`, or the `prefer` given
 * (e.g. with a `wait=` the API ignores).
 */
export function preferAsync(event: APIGatewayProxyEventV2, prefer = 'respond-async'): APIGatewayProxyEventV2 {
  return { ...event, headers: { ...event.headers, prefer } };
}

/** `GET /sync/runs`, optionally with a query. */
export function getRuns(query?: Record<string, string>, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  return httpEvent({ method: 'GET', routeKey: 'GET /sync/runs', path: '/sync/runs', authorizer, ...(query ? { query } : {}) });
}

/** `GET /sync/runs/{runId}`. */
export function getRun(runId: string, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  return httpEvent({
    method: 'GET',
    routeKey: 'GET /sync/runs/{runId}',
    path: `/sync/runs/${runId}`,
    pathParameters: { runId },
    authorizer,
  });
}

/** `GET /sync/runs/{runId}/changes`. */
export function getRunChanges(runId: string, query?: Record<string, string>, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  return httpEvent({
    method: 'GET',
    routeKey: 'GET /sync/runs/{runId}/changes',
    path: `/sync/runs/${runId}/changes`,
    pathParameters: { runId },
    authorizer,
    ...(query ? { query } : {}),
  });
}

/** `GET /sync/models/{modelId}/history`, with the model id URL-encoded as a client sends it. */
export function getModelHistory(modelId: string, query?: Record<string, string>, authorizer: Authorizer = 'iam'): APIGatewayProxyEventV2 {
  const encoded = encodeURIComponent(modelId);
  return httpEvent({
    method: 'GET',
    routeKey: 'GET /sync/models/{modelId}/history',
    path: `/sync/models/${encoded}/history`,
    pathParameters: { modelId: encoded },
    authorizer,
    ...(query ? { query } : {}),
  });
}

function postTo(path: '/sync' | '/sync/force', body: unknown, authorizer: Authorizer): APIGatewayProxyEventV2 {
  return httpEvent({
    method: 'POST',
    routeKey: `POST ${path}`,
    path,
    authorizer,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}
