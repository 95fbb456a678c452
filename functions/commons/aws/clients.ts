/**
 * AWS SDK v3 client factories. Every module reaches DynamoDB and S3 through these, so the local
 * runtime (embedded dynalite / s3rver) and AWS differ only in configuration:
 * - `dynamoEndpoint` / `s3Endpoint` set: point at the local server with dummy static credentials
 *   and region `us-east-1` (the emulators accept any signature).
 * - unset: SDK defaults (region and credentials from the Lambda environment or the AWS profile).
 * Retries are the SDK's own (standard mode, `maxAttempts`); callers never loop on transport errors.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { documents, dynamodb, s3 } from '#commons/aws/sdk.ts';
import type { RuntimeConfig } from '#commons/config.ts';

/** Attempts per SDK call (first try included), with the SDK's standard back-off and jitter. */
export const SDK_MAX_ATTEMPTS = 5;

const LOCAL_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface ClientOptions {
  maxAttempts?: number;
}

export function makeDynamoClient(
  config: Pick<RuntimeConfig, 'dynamoEndpoint'>,
  options: ClientOptions = {},
): DynamoDBClient {
  const maxAttempts = options.maxAttempts ?? SDK_MAX_ATTEMPTS;
  const client = config.dynamoEndpoint
    ? new dynamodb.DynamoDBClient({ endpoint: config.dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts })
    : new dynamodb.DynamoDBClient({ maxAttempts });
  // The SDK's logger middleware copies every response through its sensitive-data filter even when no
  // logger is set (a tenth of the CPU of reading 10,000 events); this code never gives the SDK a logger.
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * Document client (plain JS values in and out). `removeUndefinedValues` lets optional schema fields
 * that are present-but-undefined be written without failing marshalling.
 */
export function makeDynamoDocumentClient(
  config: Pick<RuntimeConfig, 'dynamoEndpoint'>,
  options: ClientOptions = {},
): DynamoDBDocumentClient {
  return documents.DynamoDBDocumentClient.from(makeDynamoClient(config, options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

export function makeS3Client(config: Pick<RuntimeConfig, 's3Endpoint'>, options: ClientOptions = {}): S3Client {
  const maxAttempts = options.maxAttempts ?? SDK_MAX_ATTEMPTS;
  if (config.s3Endpoint) {
    return new s3.S3Client({
      endpoint: config.s3Endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts,
      // s3rver: virtual-hosted buckets and the newer default checksums are not supported.
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }
  return new s3.S3Client({ maxAttempts });
}
