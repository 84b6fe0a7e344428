import middy from '@middy/core';
import type { MiddlewareObj, MiddyfiedHandler, Request } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { Container } from './container.js';
import { litellmKeyMiddleware } from './litellm-key.js';
import { logger, metrics } from './powertools.js';

/** A container whose configuration was valid. */
export type ReadyContainer = Extract<Container, { ready: true }>;

/** The part of a handler that is specific to it: it receives the built container. */
export type HandlerCore<TEvent, TResult> = (event: TEvent, context: Context, container: ReadyContainer) => Promise<TResult>;

/** How a handler's requests are checked and when it needs the LiteLLM key. */
export interface ComposeOptions<TEvent, TResult> {
  /**
   * Middlewares that check the request before the LiteLLM key is fetched (e.g. the API's
   * identity and input checks), so a refused request never reaches Secrets Manager. @default none
   */
  validate?: MiddlewareObj<TEvent, TResult>[];
  /** Whether a request needs the LiteLLM key. @default every request */
  needsLitellmKey?: (request: Request<TEvent, TResult>) => boolean;
}

/**
 * Wraps a handler core with the middlewares every function shares, in this order: the Lambda
 * context on every log line (keys appended during one invocation are reset before the next),
 * metrics flushed at the end of each invocation (with a cold-start metric), the handler's own
 * request checks (`options.validate`), and the LiteLLM key fetched from Secrets Manager onto the
 * context when the request needs it. `extra` middlewares (e.g. the API's error answers) come
 * last, so their `onError` runs first.
 *
 * When the configuration is invalid, every invocation throws the configuration error, which
 * names the variable to fix.
 */
export function composeHandler<TEvent, TResult>(
  container: Container,
  core: HandlerCore<TEvent, TResult>,
  extra: MiddlewareObj<TEvent, TResult>[] = [],
  options: ComposeOptions<TEvent, TResult> = {},
): MiddyfiedHandler<TEvent, TResult> {
  const base = async (event: TEvent, context: Context): Promise<TResult> => {
    // Logged by the handler's error middleware; the message names the variable to fix.
    if (!container.ready) throw container.error;
    return core(event, context, container);
  };
  const handler = middy<TEvent, TResult>(base);
  handler.use(injectLambdaContext(logger, { resetKeys: true }));
  handler.use(logMetrics(metrics, { captureColdStartMetric: true }));
  for (const middleware of options.validate ?? []) handler.use(middleware);
  if (container.ready) {
    handler.use(litellmKeyMiddleware(container.config.litellmKeySecretArn, options.needsLitellmKey));
  }
  for (const middleware of extra) handler.use(middleware);
  return handler;
}
