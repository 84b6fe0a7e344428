import { fileURLToPath } from 'node:url';
import type { Duration, ILocalBundling } from 'aws-cdk-lib';
import { AssetHashType, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { addNodeFlagsWrapper, handlerBuildOptions, handlerRuntimeEnvironment, SYNC_FUNCTION_MEMORY_MIB } from '../handler-bundling.js';
import { acknowledge } from '../nag.js';

/** Where the handlers live, relative to this file. */
const FUNCTIONS_DIR = new URL('../../functions/', import.meta.url);
/** The repository: the asset's source, never read as such (the bundle is the asset). */
const REPOSITORY_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles one handler on this machine with the local esbuild and the options of `npm run build`
 * (infra/handler-bundling.ts): `index.mjs` and the chunks it imports, the whole output folder. Not
 * `NodejsFunction`, whose esbuild writes one `--outfile` and so cannot split code into chunks. A
 * build error fails the synth with esbuild's message. `entry` is a field, not a closure: CDK reuses
 * a staged asset whose options serialize alike, so every function would otherwise get one bundle.
 */
class LocalHandlerBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    buildSync(handlerBuildOptions(this.entry, outputDir));
    addNodeFlagsWrapper(outputDir);
    return true;
  }
}

/** The handler's Lambda package; hashed by its output, like `NodejsFunction`, so a synth does not fingerprint the repository. */
function handlerCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(REPOSITORY_DIR, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new LocalHandlerBundling(entry),
      // Required by CDK for when local bundling declines; it never does (it succeeds or throws).
      image: lambda.Runtime.NODEJS_24_X.bundlingImage,
    },
  });
}

/** Settings of one sync function. */
export interface SyncFunctionProps {
  /** Handler file under `functions/`, e.g. `sync-api.ts`; it exports `handler`. */
  readonly entryFile: string;
  /** What the function is for, shown in the console. */
  readonly description: string;
  /** Maximum run time. */
  readonly timeout: Duration;
  /** Environment variables (never secret values: only names and ARNs). */
  readonly environment: Record<string, string>;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Network attachment, when LiteLLM is only reachable inside a VPC. @default - no VPC */
  readonly vpc?: ec2.IVpc;
  /** @default - none (only with `vpc`) */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** @default - none (only with `vpc`) */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * A Lambda function with the house defaults, so every function is built the same way:
 * Node.js 24 on arm64, an ESM bundle made by the local esbuild (no Docker) with the AWS SDK
 * inside (so what runs is the SDK version the tests ran) and the esbuild options of
 * infra/handler-bundling.ts, and its own log group with a retention.
 */
export class SyncFunction extends lambda.Function {
  /** The function's log group; kept when the stack is deleted, so the last runs stay readable. */
  readonly logGroupResource: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SyncFunctionProps) {
    // Created beside the function (not inside it: `this` does not exist before `super`).
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role with write access to the own log group only, instead of the managed
    // AWSLambdaBasicExecutionRole (which may write to every log group in the account).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${id}: ${props.description}`,
    });
    logGroup.grantWrite(role);
    if (props.vpc !== undefined) {
      // Lambda creates the function's network interfaces with the execution role. It checks these
      // exact permissions when the function is created, and DescribeNetworkInterfaces cannot be
      // scoped to a resource, so the AWS managed policy is the dependable choice.
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
      acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', 'Only with the optional VPC attachment: Lambda needs these EC2 network-interface permissions to place the function in the given subnets; DescribeNetworkInterfaces supports no resource scoping, and AWS maintains the policy as Lambda changes.');
    }
    const entry = fileURLToPath(new URL(props.entryFile, FUNCTIONS_DIR));
    const memorySize = props.memorySize ?? SYNC_FUNCTION_MEMORY_MIB;
    super(scope, id, {
      code: handlerCode(entry),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout: props.timeout,
      environment: { ...props.environment, ...handlerRuntimeEnvironment(memorySize) },
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      role,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
    });
    this.logGroupResource = logGroup;
  }
}
