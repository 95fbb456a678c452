import { describe, expect, it } from 'vitest';
import { makeDynamoDocumentClient, makeS3Client, SDK_MAX_ATTEMPTS } from '#commons/aws/clients.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

describe('SDK client factories', () => {
  it('point S3 at a local endpoint with path-style addressing and checksums only when required', async () => {
    const s3 = makeS3Client({ s3Endpoint: 'http://127.0.0.1:4569' });
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.region()).toBe('us-east-1');
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect((await s3.config.credentials()).accessKeyId).toBe('local');
    expect(await s3.config.maxAttempts()).toBe(SDK_MAX_ATTEMPTS);
    const endpoint = await s3.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:4569');
    s3.destroy();
  });

  it('point DynamoDB at a local endpoint with dummy credentials', async () => {
    const doc = makeDynamoDocumentClient({ dynamoEndpoint: 'http://127.0.0.1:4567' }, { maxAttempts: 2 });
    expect(await doc.config.region()).toBe('us-east-1');
    expect((await doc.config.credentials()).accessKeyId).toBe('local');
    expect(await doc.config.maxAttempts()).toBe(2);
    doc.destroy();
  });

  it('leave region, credentials and endpoints to the SDK defaults on AWS', async () => {
    const s3 = makeS3Client({});
    expect(s3.config.forcePathStyle).toBeFalsy();
    expect(s3.config.endpoint).toBeUndefined();
    expect(await s3.config.maxAttempts()).toBe(SDK_MAX_ATTEMPTS);
    s3.destroy();
  });
});
