import { privateBucketProps } from './private-bucket.ts';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

/**
 * The bucket that receives S3 server access logs of the inbox and feed buckets (under `s3/<bucket>/`) and the
 * CloudFront standard logs (under `cloudfront/`). CloudFront standard logging writes with an ACL grant, so this
 * bucket keeps ACLs enabled (BUCKET_OWNER_PREFERRED); S3 server access logging is authorised by bucket policy.
 */
export class AccessLogs extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(config, s3.ObjectOwnership.BUCKET_OWNER_PREFERRED),
      lifecycleRules: [{ id: 'expire-access-logs', expiration: config.accessLogExpiry }],
    });
  }
}
