import * as s3 from 'aws-cdk-lib/aws-s3';
import type { StageConfig } from '../config.ts';

/**
 * The baseline every bucket of the stack shares: no public access, S3-managed encryption, TLS 1.2
 * only, and the stage's removal policy. Callers add what differs (ownership, versioning, logs).
 */
export function privateBucketProps(config: StageConfig, objectOwnership = s3.ObjectOwnership.BUCKET_OWNER_ENFORCED): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership,
    removalPolicy: config.removalPolicy,
    autoDeleteObjects: config.autoDeleteObjects,
  };
}
