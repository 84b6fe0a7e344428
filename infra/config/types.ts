/** The shapes of the stack's validated settings; `parseConfig` (./index.ts) produces them. */

import type { JwtScopes } from '../../lib/settings/deploy-names.js';
import type { PassedSettings } from './passed-settings.js';

/** The OAuth scopes a JWT must carry: the functions' type, which they check. */
export type { JwtScopes };

/** An existing Aurora cluster (e.g. the one LiteMaaS already uses), imported instead of created. */
export interface ExistingDatabaseConfig {
  /** The cluster ARN, when given as `existingClusterArn`. */
  readonly clusterArn?: string;
  /** The cluster identifier, when given as `existingClusterIdentifier` (same account and region). */
  readonly clusterIdentifier?: string;
  /** Complete ARN of the Secrets Manager secret the Data API signs in with. */
  readonly secretArn: string;
  /** The PostgreSQL database holding the LiteMaaS `models` table. */
  readonly databaseName: string;
  /** A customer managed KMS key encrypting the secret. @default - the secret uses the AWS managed key */
  readonly secretKmsKeyArn?: string;
}

/** JWT authorization for the HTTP API instead of IAM (SigV4). */
export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string[];
  readonly scopes: JwtScopes;
}

/**
 * LiteMaaS token authorization instead of IAM: a Lambda authorizer verifies the HS256 access
 * tokens LiteMaaS signs for its users and lets its admins through (functions/litemaas-authorizer.ts).
 */
export interface LitemaasAuthConfig {
  /** Complete ARN of the secret holding LiteMaaS's `JWT_SECRET`. */
  readonly jwtSecretArn: string;
}

/** Existing network the functions run in, when LiteLLM is only reachable inside a VPC. */
export interface VpcAttachmentConfig {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/**
 * The validated settings of one deployment. The settings the stack passes to the syncing functions
 * as they are (`maxRetireFraction`, the catalog policy: rows with a `passTo` in
 * lib/settings/settings-table.ts) come from {@link PassedSettings}, absent when not given.
 */
export interface ModelSyncConfig extends PassedSettings {
  /** The stack name; it also prefixes descriptions and names operators look up. @default 'LiteMaaSModelSync' */
  readonly instanceName: string;
  /** Whether this stack creates its database or uses an existing one. Required: no default. */
  readonly database: DatabaseMode;
  /** Minutes between scheduled syncs. @default 60 */
  readonly syncIntervalMinutes: number;
  /** Whether the schedule rule is enabled. @default true */
  readonly autoSync: boolean;
  /** Base URL of the LiteLLM proxy. @default FAKE_LITELLM_URL (synth only; deploy refuses it) */
  readonly litellmUrl: string;
  /** True when `litellmUrl` was not given and the fake default is in use. */
  readonly litellmUrlIsFake: boolean;
  /** An existing secret holding the LiteLLM master key. @default - a new secret with a placeholder */
  readonly litellmApiKeySecretArn?: string;
  /** @default - a new Aurora Serverless v2 cluster */
  readonly existingDatabase?: ExistingDatabaseConfig;
  /** @default - IAM (SigV4) authorization on every route */
  readonly jwt?: JwtConfig;
  /** @default - IAM (SigV4) authorization on every route; never together with `jwt` */
  readonly litemaasAuth?: LitemaasAuthConfig;
  /** @default - alarms go to the SNS topic without a subscription */
  readonly alarmEmail?: string;
  /** @default - the functions run outside any VPC */
  readonly vpcAttachment?: VpcAttachmentConfig;
  /**
   * A secret of a database user limited to the sync's tables, for the scheduled and API functions;
   * the deploy-time function keeps the main secret (it migrates). @default - every function uses the main secret
   */
  readonly runtimeDatabaseSecretArn?: string;
  /** Reserve concurrency (scheduled 1, start API 5). @default false - unreserved, fits any account quota */
  readonly reservedConcurrency: boolean;
  /** Whether the deploy-time function syncs after the migrations. @default true */
  readonly deploySync: boolean;
  /** The freshness alarm fires after this many intervals without a successful sync. @default 3 */
  readonly freshnessAlarmMultiplier: number;
  /** Allows an `http://` LiteLLM URL outside a VPC (the key then crosses the network in clear). @default false */
  readonly allowInsecureLitellm: boolean;
  /** The read API shows callers' full ARNs (account id included) in the run history. @default false - role/session only */
  readonly showCallerArns: boolean;
  /** An existing EventBridge bus for the change events, by name or ARN. @default - a new bus */
  readonly eventBus?: { readonly name?: string; readonly arn?: string };
}

/** `new`: this stack creates an Aurora cluster; `existing`: it uses the one the `existing*` keys name. */
export type DatabaseMode = 'new' | 'existing';
