import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Records that a cdk-nag finding on `scope` (and its children) is accepted, with the reason.
 * Each granular finding is acknowledged on its own, e.g.
 * `AwsSolutions-IAM5[Resource::*]`, so a new finding of the same rule still fails the synth.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
