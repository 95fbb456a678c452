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
  };
}
