/** Where LiteLLM is and how the functions reach it: its URL and an optional VPC attachment. */

import { BlockList, isIP } from 'node:net';
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

/**
 * Addresses that stay inside a VPC or on the host: private (RFC 1918, RFC 4193), shared (RFC 6598),
 * loopback and link-local. Any other IP address literal is public, reached through a gateway.
 */
const NON_PUBLIC_ADDRESSES = new BlockList();
for (const [network, prefix] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['0.0.0.0', 8]] as const) {
  NON_PUBLIC_ADDRESSES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['fc00::', 7], ['fe80::', 10], ['::1', 128]] as const) {
  NON_PUBLIC_ADDRESSES.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether a URL's host is a literal public IP address (`http://8.8.8.8`, `http://[2001:db8::1]`):
 * a VPC attachment does not keep such traffic private, so `http://` to it crosses the internet. A
 * name is not judged: what it resolves to inside the VPC is not known at synth.
 */
export function hasPublicIpHost(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  if (family === 0) return false;
  return !NON_PUBLIC_ADDRESSES.check(host, family === 4 ? 'ipv4' : 'ipv6');
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
