import { privateBucketProps } from './private-bucket.ts';
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeNag } from '../nag.ts';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../names.ts';

export interface FeedDeliveryProps {
  config: StageConfig;
  accessLogs: s3.IBucket;
}

/**
 * The private feed bucket (written only by the publish function, never the inbox, so output cannot re-trigger
 * ingestion) served through CloudFront with Origin Access Control, HTTPS only.
 *
 * Caching: the publish function puts `Cache-Control: public, max-age=N, stale-while-revalidate=...` on every
 * object. The cache policy honours that header (between 0 s and a day), S3 supplies ETag and Last-Modified, and
 * CloudFront answers readers' If-None-Match / If-Modified-Since with 304, so a poll that finds nothing new costs a
 * few hundred bytes and usually never reaches S3.
 */
export class FeedDelivery extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<custom domain or CloudFront domain>, without a trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: FeedDeliveryProps) {
    super(scope, id);
    const { config } = props;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(config),
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/feed/',
    });

    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: `ceasefire-feed ${config.stage}: honour the objects' Cache-Control, compress, ignore query strings`,
      minTtl: Duration.seconds(0),
      defaultTtl: config.feed.cacheTtl,
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });

    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'ResponseHeaders', {
      comment: `ceasefire-feed ${config.stage}: security headers, and CORS so web feed readers can fetch feed.json`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        // The pages are static: no scripts, no forms, no framing. Styles and images are allowed.
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
      },
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        accessControlExposeHeaders: ['ETag', 'Last-Modified'],
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
    });

    const domain = config.customDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `ceasefire-feed ${config.stage} feeds`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy,
        compress: true,
      },
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(config.webAclArn ? { webAclId: config.webAclArn } : {}),
    });

    this.baseUrl = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;

    acknowledgeNag(
      this.distribution,
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The feeds are public news syndication meant to be readable from every country; there is no audience ' +
          'or licence to restrict by geography.',
      },
      ...(config.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'No WAF by default: the distribution serves a handful of static, cached objects read-only (GET/HEAD) ' +
                'from a private bucket, and Shield Standard covers volumetric attacks. A web ACL costs a monthly ' +
                'fee per stage; set webAclArn in cdk.json to attach one.',
            },
          ]),
      ...(domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose ' +
                'security policy CloudFront fixes at TLSv1 and does not let us raise. Setting domainName and ' +
                'certificateArn in cdk.json switches to SNI with TLSv1.2_2021.',
            },
          ]),
    );
  }

  /**
   * What publish may do here: put the rendered objects, read them back (HeadObject/GetObject) to skip writes
   * whose bytes did not change, and delete the files of pages that no longer exist. ListBucket lets a
   * HeadObject of a not-yet-written feed answer 404 instead of 403.
   */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }
}
