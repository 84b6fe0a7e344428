import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every model-sync metric. */
export const METRICS_NAMESPACE = 'LiteMaaS/ModelSync';
const SERVICE_NAME = 'model-sync';

/**
 * The one Logger of the container. `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL` still
 * override the defaults, so the stack can tune them without a code change.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/**
 * The one Metrics instance of the container; metrics are written as EMF log lines. Its own
 * warnings (e.g. "no application metrics" after a `GET /sync/runs`) go through the logger, so they
 * are structured and carry the request id like every other line.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
