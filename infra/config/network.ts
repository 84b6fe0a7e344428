/** Where LiteLLM is and how the functions reach it: its URL and an optional VPC attachment. */

import { hasUrlCredentials } from '../../lib/credentials.js';
import { httpUrlProblem, withoutTrailingSlashes } from '../../lib/setting-values.js';
import { InvalidValue, readList, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import type { VpcAttachmentConfig } from './types.js';

/**
 * The URL used when `litellmUrl` is not given. `.invalid` is a reserved top-level domain that never
 * resolves, so the value cannot reach anything by accident.
 */
export const FAKE_LITELLM_URL = 'https://litellm-url-not-set.invalid';

/**
 * Accepts http and https URLs, loopback included (a LiteLLM reachable through a VPC attachment may
 * well be plain http). Credentials in the URL are refused: they would land in the template; the
 * CLI and functions refuse them with the same rule (`hasUrlCredentials`).
 */
export function checkHttpUrl(key: string, text: string): string {
  if (httpUrlProblem(text) !== undefined) {
    throw new InvalidValue(`${key} must be an http or https URL, e.g. https://litellm.example.com`);
  }
  if (hasUrlCredentials(text)) {
    throw new InvalidValue(`${key} must not contain credentials; put the key in the LiteLLM key secret instead`);
  }
  return withoutTrailingSlashes(text);
}

/** A VPC attachment needs the VPC, at least one subnet and at least one security group. */
export function readVpcAttachment(read: ContextReader): VpcAttachmentConfig | undefined {
  const vpcId = readText(read, 'vpcId');
  const subnetIds = readList(read, 'subnetIds');
  const securityGroupIds = readList(read, 'securityGroupIds');
  if (vpcId === undefined && subnetIds === undefined && securityGroupIds === undefined) return undefined;
  const missing = [
    vpcId === undefined ? 'vpcId' : undefined,
    subnetIds === undefined ? 'subnetIds' : undefined,
    securityGroupIds === undefined ? 'securityGroupIds' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0 || vpcId === undefined || subnetIds === undefined || securityGroupIds === undefined) {
    throw new InvalidValue(`a VPC attachment needs vpcId, subnetIds and securityGroupIds together; missing: ${missing.join(', ')}`);
  }
  if (!/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(vpcId)) throw new InvalidValue(`vpcId must be a VPC id like vpc-0123abcd (got "${vpcId}")`);
  const badSubnet = subnetIds.find((id) => !/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
  if (badSubnet !== undefined) throw new InvalidValue(`subnetIds must be subnet ids like subnet-0123abcd (8 or 17 hex digits) (got "${badSubnet}")`);
  const badGroup = securityGroupIds.find((id) => !/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
  if (badGroup !== undefined) throw new InvalidValue(`securityGroupIds must be security group ids like sg-0123abcd (8 or 17 hex digits) (got "${badGroup}")`);
  return { vpcId, subnetIds, securityGroupIds };
}
