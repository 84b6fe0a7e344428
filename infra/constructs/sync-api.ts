import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { JwtConfig } from '../config.js';

/** Settings of the manual sync API. */
export interface SyncApiProps {
  /** The function answering every route. */
  readonly handler: lambda.IFunction;
  /** JWT authorization instead of IAM. @default - IAM (SigV4) on every route */
  readonly jwt?: JwtConfig;
  /** Steady request rate per second for the whole stage. @default 5 */
  readonly rateLimit?: number;
  /** Burst size for the whole stage. @default 10 */
  readonly burstLimit?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: logs.RetentionDays;
}

/** The routes the sync API serves; all go to the same function. */
export const SYNC_API_ROUTES: ReadonlyArray<{ path: string; method: apigw.HttpMethod }> = [
  { path: '/sync', method: apigw.HttpMethod.POST },
  { path: '/sync/runs', method: apigw.HttpMethod.GET },
  { path: '/sync/runs/{runId}', method: apigw.HttpMethod.GET },
  { path: '/sync/status', method: apigw.HttpMethod.GET },
];

/**
 * An HTTP API for manual syncs and the run history. Every route carries an authorizer (IAM by
 * default, JWT when configured); the stage is throttled and writes JSON access logs.
 */
export class SyncApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SyncApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'LiteMaaS model sync: POST /sync, GET /sync/runs, GET /sync/runs/{runId}, GET /sync/status',
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

    const authorizer = props.jwt
      ? new HttpJwtAuthorizer('JwtAuthorizer', props.jwt.issuer, { jwtAudience: props.jwt.audience })
      : new HttpIamAuthorizer();
    const authorizationScopes = props.jwt?.scope === undefined ? undefined : [props.jwt.scope];
    // API Gateway ends every integration at 30 s; the function's own timeout is shorter.
    const integration = new HttpLambdaIntegration('SyncIntegration', props.handler, { timeout: Duration.seconds(29) });
    for (const route of SYNC_API_ROUTES) {
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
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};
