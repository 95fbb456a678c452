/**
 * Names shared by the CDK app and by tools that talk to a deployed stage (the `drop` command reads the
 * stack outputs by these keys). Deliberately free of aws-cdk-lib imports so the CLI can import it cheaply.
 */
export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const DEFAULT_STAGE: Stage = 'dev';

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Throws a message that names the accepted stages, for `-c stage=...` and `--stage`. */
export function parseStage(value: unknown): Stage {
  if (value === undefined || value === null || value === '') return DEFAULT_STAGE;
  if (isStage(value)) return value;
  throw new Error(
    `Unknown stage "${String(value)}". Use one of: ${STAGES.join(', ')} (for example: npx cdk synth -c stage=prod).`,
  );
}

/** CloudFormation stack name of a stage: two stages live side by side in one account. */
export function stackName(stage: Stage): string {
  return `CeasefireFeed-${stage}`;
}

/** Prefix of the physical names the stack sets explicitly (functions, queues, alarms, topic). */
export function resourcePrefix(stage: Stage): string {
  return `ceasefire-feed-${stage}`;
}

/** CloudWatch namespace of the metrics the functions publish (POWERTOOLS_METRICS_NAMESPACE), one per stage. */
export function metricsNamespace(stage: string): string {
  return `CeasefireFeed/${stage}`;
}

/** Powertools service name of a function (POWERTOOLS_SERVICE_NAME): its metrics carry it as the `service` dimension. */
export function serviceName(name: string): string {
  return `ceasefire-feed-${name}`;
}

/** Stack output keys. The CLI looks these up with CloudFormation DescribeStacks. */
export const STACK_OUTPUTS = {
  inboxBucketName: 'InboxBucketName',
  inboxPrefix: 'InboxPrefix',
  feedUrl: 'FeedUrl',
  feedBaseUrl: 'FeedBaseUrl',
  feedBucketName: 'FeedBucketName',
  distributionId: 'DistributionId',
  distributionDomainName: 'DistributionDomainName',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  publishFailureQueueUrl: 'PublishFailureQueueUrl',
  tableName: 'TableName',
  /** `rules` or `bedrock`, and for Bedrock the model and the daily cap: `reextract --stage` extracts as ingest does. */
  extractor: 'Extractor',
  bedrockModelId: 'BedrockModelId',
  modelCallsPerDay: 'ModelCallsPerDay',
  pollFunctionName: 'PollFunctionName',
} as const;

/**
 * The Content-Security-Policy every response of the feed site carries: CloudFront adds it on AWS
 * (infra/constructs/feed-delivery.ts) and the local feed server on a laptop, so a browser treats the
 * site alike in both. The site is static: no script, no form, no framing; its own stylesheets
 * (feed.css, which styles the XML feeds, and the pages' inline CSS) and images.
 */
export const SITE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Key prefixes inside the inbox bucket. Only `inbox/` triggers ingestion. */
export const INBOX_PREFIX = 'inbox/';
export const REJECTED_PREFIX = 'rejected/';

/** Environment variables the stack sets beyond functions/commons/config.ts (which owns the rest). */
export const EXTRA_ENV = {
  /** Cache-Control the publish function puts on every feed object. */
  feedCacheControl: 'FEED_CACHE_CONTROL',
  /** The minimum corroborated confidence of a development in the RSS, Atom and JSON feeds (0 to 1); the local stack reads it too. */
  feedMinConfidence: 'FEED_MIN_CONFIDENCE',
} as const;

/** Objects the publish function writes at the root of the feed bucket, with their content types. */
export const FEED_CONTENT_TYPES = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
  'index.html': 'text/html; charset=utf-8',
} as const;
