import { Duration } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { JWT_SECRET_ARN_VARIABLE } from '../../functions/commons/secrets/litemaas-token.js';
import { SyncFunction } from './sync-function.js';

/** Settings of the LiteMaaS token authorizer. */
export interface LitemaasAuthorizerProps {
  /** Complete ARN of the existing secret holding LiteMaaS's `JWT_SECRET`. */
  readonly jwtSecretArn: string;
  /**
   * How long API Gateway reuses a decision for the same `Authorization` header. Short, because a
   * cached "yes" outlives the token's expiry by up to this long.
   * @default Duration.seconds(30)
   */
  readonly resultsCacheTtl?: Duration;
}

/**
 * An HTTP API Lambda authorizer that accepts the access tokens LiteMaaS signs for its admins
 * (functions/litemaas-authorizer.ts): simple responses, identity from the `Authorization` header
 * (a request without it gets 401 before the function runs), decisions cached briefly. The function
 * may read that one secret and write its own logs, nothing else.
 */
export class LitemaasAuthorizer extends Construct {
  readonly authorizer: HttpLambdaAuthorizer;
  readonly function: SyncFunction;
  readonly jwtSecret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: LitemaasAuthorizerProps) {
    super(scope, id);
    this.jwtSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'JwtSecret', props.jwtSecretArn);
    this.function = new SyncFunction(this, 'Function', {
      entryFile: 'litemaas-authorizer.ts',
      description: 'LiteMaaS model sync API: lets LiteMaaS admins in with their LiteMaaS access token',
      // API Gateway waits at most 10 s for an authorizer.
      timeout: Duration.seconds(10),
      memorySize: 256,
      environment: { [JWT_SECRET_ARN_VARIABLE]: this.jwtSecret.secretArn },
    });
    this.jwtSecret.grantRead(this.function);
    this.authorizer = new HttpLambdaAuthorizer('LitemaasAuthorizer', this.function, {
      authorizerName: 'litemaas-admin-token',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: props.resultsCacheTtl ?? Duration.seconds(30),
    });
  }
}
