import type { ExtractorSettings } from '#commons/extraction/extractor.ts';

/**
 * Runtime configuration read from the environment. The same names are set by the CDK stack on AWS
 * and by the local runtime on a laptop; only the values (and the local endpoints) differ.
 */
export interface RuntimeConfig {
  stage: string;
  tableName: string;
  inboxBucket: string;
  feedBucket: string;
  /** Public base URL the feeds are served from (CloudFront or the local server), without a trailing slash. */
  feedBaseUrl: string;
  /** Set only locally: endpoints of the embedded S3 and DynamoDB servers. */
  s3Endpoint?: string;
  dynamoEndpoint?: string;
  /** Optional WebSub hub advertised in the feeds. */
  websubHub?: string;
  /** The rules unless the stage chose Bedrock (docs/extraction.md); the local stack never sets it. */
  extraction: ExtractorSettings;
}

export const ENV = {
  stage: 'STAGE',
  tableName: 'TABLE_NAME',
  inboxBucket: 'INBOX_BUCKET',
  feedBucket: 'FEED_BUCKET',
  feedBaseUrl: 'FEED_BASE_URL',
  s3Endpoint: 'S3_ENDPOINT',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  websubHub: 'WEBSUB_HUB',
  extractor: 'EXTRACTOR',
  bedrockModelId: 'BEDROCK_MODEL_ID',
  modelCallsPerDay: 'MODEL_CALLS_PER_DAY',
  modelRequestTimeoutMs: 'MODEL_REQUEST_TIMEOUT_MS',
} as const;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`Missing environment variable ${name}`);
    return value;
  };
  return {
    stage: env[ENV.stage] ?? 'local',
    tableName: required(ENV.tableName),
    inboxBucket: required(ENV.inboxBucket),
    feedBucket: required(ENV.feedBucket),
    feedBaseUrl: required(ENV.feedBaseUrl).replace(/\/+$/, ''),
    s3Endpoint: env[ENV.s3Endpoint] || undefined,
    dynamoEndpoint: env[ENV.dynamoEndpoint] || undefined,
    websubHub: env[ENV.websubHub] || undefined,
    extraction: extractionFromEnv(env),
  };
}

function extractionFromEnv(env: NodeJS.ProcessEnv): ExtractorSettings {
  const backend = env[ENV.extractor] || 'rules';
  if (backend === 'rules') return { backend };
  if (backend !== 'bedrock') throw new Error(`${ENV.extractor} is rules or bedrock, not '${backend}'`);
  const modelId = env[ENV.bedrockModelId];
  if (!modelId) throw new Error(`${ENV.extractor}=bedrock needs ${ENV.bedrockModelId}`);
  const positive = (name: string) => {
    const value = env[name];
    if (!value) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not '${value}'`);
    return n;
  };
  const dailyModelCalls = positive(ENV.modelCallsPerDay);
  const requestTimeoutMs = positive(ENV.modelRequestTimeoutMs);
  return {
    backend,
    modelId,
    ...(dailyModelCalls ? { dailyModelCalls } : {}),
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  };
}
