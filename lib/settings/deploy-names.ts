/**
 * The names that cross the deploy boundary, in one place: the stack (infra/) sets them, the
 * functions read or answer them, and the docs checks compare docs/functions.md with them. If the
 * two sides ever spelled one differently, a function would read an unset variable or answer a
 * route no request reaches. Settings with a rule have their variable in their row
 * (settings-table.ts); this module adds the variables that point at resources, the API's routes
 * and the JWT scopes' defaults. Metric names are in functions/commons/observability/observability-names.ts.
 *
 * Plain constants only, so every layer can import it without pulling in code.
 */
import { SETTINGS } from './settings-table.js';

/** The variables the stack sets to the resources it creates or imports (no secret value: names and ARNs). */
export const RESOURCE_VARIABLES = {
  /** Every function: how it reaches the database, `data-api` (unset) or `postgres` (node-postgres over TLS; `database=postgres`). */
  databaseAdapter: 'DB_ADAPTER',
  /** Every function with the Data API: the Aurora cluster (Data API enabled). */
  clusterArn: 'DB_CLUSTER_ARN',
  /** Every function: the database credentials secret it signs in with (Data API), or connects with (postgres, RDS format). */
  databaseSecretArn: 'DB_SECRET_ARN',
  /** Every function: the LiteMaaS database (with postgres, optional: the secret's `dbname`). */
  databaseName: 'DB_NAME',
  /** With postgres: the host to connect to instead of the secret's (context `databaseHost`, e.g. an RDS Proxy). */
  databaseHost: 'DB_HOST',
  /** The deploy-time function: the writer user's secret (the scheduled and start functions sign in with it). */
  writerSecretArn: 'DB_WRITER_SECRET_ARN',
  /** The deploy-time function: the role it keeps ready for the writer's secret; unset, an operator's own user, left alone. */
  writerRole: 'DB_WRITER_ROLE',
  /** The deploy-time function: the reader user's secret (the read function signs in with it). */
  readerSecretArn: 'DB_READER_SECRET_ARN',
  /** The deploy-time function: the role it keeps ready for the reader's secret; unset, an operator's own user, left alone. */
  readerRole: 'DB_READER_ROLE',
  /** The syncing functions: the secret holding the LiteLLM master key. */
  litellmKeySecretArn: 'LITELLM_API_KEY_SECRET_ARN',
  /** The syncing functions: the change-event bus (name or ARN); unset, no events. */
  eventBusName: 'EVENT_BUS_NAME',
  /** The start API: the function that completes `Prefer: respond-async` runs (the scheduled one). */
  backgroundRunFunctionName: 'ASYNC_SYNC_FUNCTION_NAME',
  /** The LiteMaaS token authorizer: the secret holding LiteMaaS's `JWT_SECRET`. */
  litemaasJwtSecretArn: 'LITEMAAS_JWT_SECRET_ARN',
  /** Every function: the stack's `instanceName`, the metrics' `instance` dimension. */
  instance: 'MODEL_SYNC_INSTANCE',
} as const;

/** Every variable the functions read: the resources' and the settings rows'. */
export const FUNCTION_VARIABLES: readonly string[] = [
  ...Object.values(RESOURCE_VARIABLES),
  ...Object.values(SETTINGS).map((row) => row.variable),
];

/** The API's routes, as the stack creates them and the handlers dispatch them (`routeKey`). */
export const ROUTE_KEYS = {
  startSync: 'POST /sync',
  forceSync: 'POST /sync/force',
  listRuns: 'GET /sync/runs',
  getRun: 'GET /sync/runs/{runId}',
  syncStatus: 'GET /sync/status',
  runChanges: 'GET /sync/runs/{runId}/changes',
  modelHistory: 'GET /sync/models/{modelId}/history',
} as const;

/** Which kind of access a route needs: its JWT scope, and what an IAM policy grants separately. */
export type RouteAccess = 'read' | 'start' | 'force';

/** The access each route needs; the stack puts that kind's scope on the route in JWT mode. */
export const ROUTE_ACCESS: Readonly<Record<keyof typeof ROUTE_KEYS, RouteAccess>> = {
  startSync: 'start',
  forceSync: 'force',
  listRuns: 'read',
  getRun: 'read',
  syncStatus: 'read',
  runChanges: 'read',
  modelHistory: 'read',
};

/** The rows of the JWT scopes, one per kind of access. */
export const JWT_SCOPE_SETTINGS = {
  read: SETTINGS.jwtScopeRead,
  start: SETTINGS.jwtScopeStart,
  force: SETTINGS.jwtScopeForce,
} as const;

/** The OAuth scopes of JWT mode, one per kind of access. */
export type JwtScopes = Readonly<Record<RouteAccess, string>>;

/** The scopes the stack puts on the JWT routes, and the functions check, unless the operator names others. */
export const DEFAULT_JWT_SCOPES: JwtScopes = {
  read: JWT_SCOPE_SETTINGS.read.default,
  start: JWT_SCOPE_SETTINGS.start.default,
  force: JWT_SCOPE_SETTINGS.force.default,
};
