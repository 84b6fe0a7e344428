/**
 * The deploy guide's security claims, checked against the template: each role's number of granted
 * actions, every statement whose resource holds a wildcard, and every managed policy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionsOf, DEFAULT_CONTEXT, resourcesOf, rolesOf, statementsOf, templateFor } from './synth-stack.js';

const DEFAULT = DEFAULT_CONTEXT;
const guide = (): string => readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');

type Statement = { Action: string | string[]; Resource: unknown };
type PolicyDocument = { Statement: Statement[] };

/** A role's construct path without CDK's hash suffix, e.g. `ScheduledSyncFunctionRole`. */
const roleName = (logicalId: string): string => logicalId.replace(/[0-9A-F]{8}$/, '');

/** Every statement granted to each role (CDK's trigger provider role included): attached policies and inline ones. */
function statementsByRole(context: Record<string, unknown>): Map<string, Statement[]> {
  const template = templateFor(context);
  const byRole = new Map<string, Statement[]>();
  for (const [id, role] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
    const inline = ((role.Properties?.Policies ?? []) as { PolicyDocument: PolicyDocument }[]).flatMap((policy) => policy.PolicyDocument.Statement);
    byRole.set(roleName(id), inline);
  }
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    for (const role of rolesOf(policy)) {
      byRole.get(roleName(role.Ref))?.push(...statementsOf<Statement>(policy));
    }
  }
  return byRole;
}


describe('the deploy guide matches the template', () => {
  it('It should state how many actions each role is granted (default configuration)', { timeout: 120_000 }, () => {
    // Prepare: rows like "| `ScheduledSyncFunctionRole` | 11 | ..." in the guide
    const claimed: Record<string, number> = Object.fromEntries(
      [...guide().matchAll(/^\| `(\w+Role)` \| (\d+) \|/gm)].map((match): [string, number] => [match[1] ?? '', Number(match[2])]),
    );

    // Act
    const granted = Object.fromEntries([...statementsByRole(DEFAULT)].map(([role, statements]) => [role, new Set(statements.flatMap(actionsOf)).size]));

    // Assess
    expect(claimed).toEqual(granted);
  });

  it.each([
    ['default', DEFAULT],
    ['VPC attachment', { ...DEFAULT, vpcId: 'vpc-0123abcd', subnetIds: 'subnet-0123abcd', securityGroupIds: 'sg-0123abcd' }],
  ])('It should name every wildcard resource and every managed policy (%s)', { timeout: 120_000 }, (_name, context) => {
    // Prepare
    const text = guide();
    const wildcardSection = text.slice(text.indexOf('### Wildcards'), text.indexOf('###', text.indexOf('### Wildcards') + 3));

    // Act
    const wildcardActions = [...statementsByRole(context).values()].flat().filter((statement) => JSON.stringify(statement.Resource).includes('*')).flatMap(actionsOf);
    const managed = Object.values(templateFor(context).toJSON().Resources as Record<string, { Type: string; Properties?: { ManagedPolicyArns?: unknown[] } }>)
      .filter((resource) => resource.Type === 'AWS::IAM::Role')
      .flatMap((role) => role.Properties?.ManagedPolicyArns ?? [])
      .map((arn) => JSON.stringify(arn).match(/policy\/(?:service-role\/)?([A-Za-z]+)/)?.[1]);

    // Assess
    expect(wildcardActions.length + managed.length).toBeGreaterThan(0);
    for (const action of wildcardActions) expect(wildcardSection).toContain(`\`${action}\``);
    for (const policy of managed) expect(wildcardSection).toContain(`\`${policy}\``);
  });
});
