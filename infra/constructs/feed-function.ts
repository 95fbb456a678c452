import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, Charset } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLE, REPO_ROOT, handlerEntry, type HandlerName } from '../bundling.ts';
import type { StageConfig } from '../config.ts';
import { metricsNamespace, resourcePrefix, serviceName } from '../names.ts';
import { acknowledgeNag } from '../nag.ts';

export interface FeedFunctionProps {
  config: StageConfig;
  name: HandlerName;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
}

/**
 * A Lambda handler from functions/, bundled locally with esbuild (never Docker), with its own role that holds no
 * managed policy: the role may write to this function's log group and nothing else until the owning construct
 * grants exactly what the handler needs.
 */
export class FeedFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FeedFunctionProps) {
    super(scope, id);
    const { config, name } = props;
    const functionName = `${resourcePrefix(config.stage)}-${name}`;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:CreateLogGroup and PutLogEvents on every log group):
    // the one log group that exists already.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: handlerEntry(name),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Same level as POWERTOOLS_LOG_LEVEL, so Lambda's filter and the Powertools logger agree.
      applicationLogLevelV2: lambda.ApplicationLogLevel[config.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: config.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName(name),
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.stage),
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        // Without active tracing there is no segment to add to: the Tracer stays off.
        POWERTOOLS_TRACE_ENABLED: String(config.tracing),
        ...props.environment,
      },
      bundling: {
        target: LAMBDA_BUNDLE.target,
        format: OutputFormat.ESM,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourcemap,
        charset: Charset.UTF8,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        externalModules: [...LAMBDA_BUNDLE.external],
        banner: LAMBDA_BUNDLE.banner,
        forceDockerBundling: false,
      },
    });
  
    if (config.tracing) {
      acknowledgeNag(this.role, {
        id: 'AwsSolutions-IAM5',
        reason:
          'Active tracing lets the function send its trace segments to X-Ray: xray:PutTraceSegments and ' +
          'xray:PutTelemetryRecords have no resource-level permissions (the Service Authorization Reference lists ' +
          'no resource type for them), so Lambda grants them on *. They write traces only; nothing is read.',
        appliesTo: ['Resource::*'],
      });
    }
    acknowledgeNag(this.function, {
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime this project targets on purpose: the bundle is built for node20 so the exact ' +
        'same code runs on the Node 20 used locally and in CI, and nodejs22.x is a supported Lambda runtime. ' +
        'Moving to nodejs24.x is a deliberate upgrade with its own testing, not something a synth should pick.',
    });
  }
}
