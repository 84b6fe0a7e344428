import { Aws, CfnRule, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** An ARN given in context, with the context key that named it. */
export interface NamedArn {
  readonly key: string;
  readonly arn: string;
}

/**
 * A CloudFormation rule that refuses the deploy before anything changes when an ARN names another
 * account or region than the stack's: the Data API cannot reach a cluster elsewhere, and a
 * function granted a secret elsewhere would fail on its first call instead of at deploy time.
 *
 * The ARNs are literals from context, so they are split here; CloudFormation rules support no
 * `Fn::Split`, only comparisons with `AWS::AccountId` and `AWS::Region`.
 */
export function refuseArnsOutsideThisAccountAndRegion(scope: Construct, id: string, arns: readonly NamedArn[]): CfnRule | undefined {
  if (arns.length === 0) return undefined;
  return new CfnRule(scope, id, {
    assertions: arns.map(({ key, arn }) => {
      const [, , , region = '', account = ''] = arn.split(':');
      return {
        assert: Fn.conditionAnd(Fn.conditionEquals(Aws.ACCOUNT_ID, account), Fn.conditionEquals(Aws.REGION, region)),
        assertDescription: `${key} is in account ${account}, region ${region}: deploy this stack to that account and region (the Data API and the grants work only there)`,
      };
    }),
  });
}
