import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { INSTANCE_DIMENSION, INSTANCE_VARIABLE, METRICS_NAMESPACE, SERVICE_NAME } from './observability-names.js';

/**
 * The one Logger of the container. The service name is fixed here (an explicit option wins over
 * `POWERTOOLS_SERVICE_NAME`); `POWERTOOLS_LOG_LEVEL` still tunes the level without a code change.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/**
 * The one Metrics instance of the container; metrics are written as EMF log lines. The service
 * name must stay an explicit option: it is the dimension the SyncFailed alarm filters on, and
 * without it `POWERTOOLS_SERVICE_NAME` would rename it. Its own warnings (e.g. "no application
 * metrics" after a `GET /sync/runs`) go through the logger, so they carry the request id too.
 * The stack's instance name is a default dimension, so each copy's dashboard graphs its own runs.
 */
const instance = process.env[INSTANCE_VARIABLE];
export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: SERVICE_NAME,
  logger,
  ...(instance === undefined || instance === '' ? {} : { defaultDimensions: { [INSTANCE_DIMENSION]: instance } }),
});
