import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTE_ACCESS, ROUTE_KEYS } from '../../lib/settings/deploy-names.js';
import type { RouteAccess } from '../../lib/settings/deploy-names.js';
import { ONE_AUTHORIZER_MESSAGE } from '../config/index.js';
import type { JwtConfig, LitemaasAuthConfig } from '../config/index.js';
import { LitemaasAuthorizer } from './litemaas-authorizer.js';

/** Settings of the manual sync API. */
export interface SyncApiProps {
  /** Prefixes the API's name and description. */
  readonly instanceName: string;
  /** The function answering the POST routes (it may read the LiteLLM key). */
  readonly startHandler: lambda.IFunction;
  /** The function answering the GET routes (it never reads the LiteLLM key). */
  readonly readHandler: lambda.IFunction;
  /** JWT authorization instead of IAM, with a scope per kind of access. @default - IAM (SigV4) on every route */
  readonly jwt?: JwtConfig;
  /**
   * LiteMaaS token authorization instead of IAM: a Lambda authorizer admits LiteMaaS admins by
   * their LiteMaaS access token. Routes then carry no scopes. Never together with `jwt`.
   * @default - IAM (SigV4) on every route
   */
  readonly litemaas?: LitemaasAuthConfig;
  /** Steady request rate per second for the whole stage. @default 5 */
  readonly rateLimit?: number;
  /** Burst size for the whole stage. @default 10 */
  readonly burstLimit?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: logs.RetentionDays;
}

/**
 * The routes, as the functions dispatch them (lib/settings/deploy-names.ts: one list for both
 * sides). Forcing has its own route because IAM sees the method and path, never the body: a policy
 * can grant `POST /sync` without `POST /sync/force`.
 */
export const SYNC_API_ROUTES: ReadonlyArray<{ path: string; method: apigw.HttpMethod; access: RouteAccess }> = (
  Object.keys(ROUTE_KEYS) as (keyof typeof ROUTE_KEYS)[]
).map((name) => {
  const [method, path] = ROUTE_KEYS[name].split(' ') as [apigw.HttpMethod, string];
  return { path, method, access: ROUTE_ACCESS[name] };
});

/**
 * An HTTP API for manual syncs and the run history. Every route carries an authorizer (IAM by
 * default, JWT when configured); the stage is throttled and writes JSON access logs.
 */
export class SyncApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The Lambda authorizer, in LiteMaaS token mode only. */
  readonly litemaasAuthorizer?: LitemaasAuthorizer;

  constructor(scope: Construct, id: string, props: SyncApiProps) {
    super(scope, id);
    if (props.jwt !== undefined && props.litemaas !== undefined) throw new Error(ONE_AUTHORIZER_MESSAGE);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${props.instanceName}-sync-api`,
      description: `${props.instanceName}: ${SYNC_API_ROUTES.map((route) => `${route.method} ${route.path}`).join(', ')}`,
      // The stage is created below, with throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 5, burstLimit: props.burstLimit ?? 10 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    if (props.litemaas !== undefined) {
      this.litemaasAuthorizer = new LitemaasAuthorizer(this, 'LitemaasAuthorizer', { jwtSecretArn: props.litemaas.jwtSecretArn });
    }
    const authorizer =
      this.litemaasAuthorizer?.authorizer ??
      (props.jwt ? new HttpJwtAuthorizer('JwtAuthorizer', props.jwt.issuer, { jwtAudience: props.jwt.audience }) : new HttpIamAuthorizer());
    // API Gateway ends every integration at 30 s; the functions' own timeouts are shorter.
    const integrations = {
      start: new HttpLambdaIntegration('SyncIntegration', props.startHandler, { timeout: Duration.seconds(29) }),
      read: new HttpLambdaIntegration('ReadIntegration', props.readHandler, { timeout: Duration.seconds(29) }),
    };
    for (const route of SYNC_API_ROUTES) {
      // API Gateway answers 403 to a token without the route's scope; the function never runs.
      const authorizationScopes = props.jwt === undefined ? undefined : [props.jwt.scopes[route.access]];
      const integration = route.access === 'read' ? integrations.read : integrations.start;
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer, authorizationScopes });
    }
  }

  /** The stage's base URL, without a trailing slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

/** HTTP API context variables worth keeping: who called what, the outcome and why it failed. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  jwtSubject: '$context.authorizer.claims.sub',
  litemaasCaller: '$context.authorizer.requestedBy',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  // The ApiServerErrors alarm tells the function's designed 503 (integration status 200) from a failure.
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};
