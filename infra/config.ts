import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_MODEL_ID } from '../functions/commons/extraction/bedrock/models.ts';
import { DEFAULT_MIN_CONFIDENCE, parseMinConfidence } from '../functions/commons/feeds/threshold.ts';
import { parseSourceList, type SourceDefinition } from '../functions/commons/sources/definition.ts';
import { POLL_DEFAULTS } from '../functions/commons/sources/settings.ts';
import { STAGES, type Stage } from './names.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** A custom domain for the feeds. The certificate must be an ACM certificate in us-east-1 (a CloudFront rule). */
export interface CustomDomain {
  domainName: string;
  certificateArn: string;
}

export interface AlarmConfig {
  /** Create CloudWatch alarms at all. */
  enabled: boolean;
  /** Subscribe this address to a new SNS topic that receives alarm and OK notifications. */
  email?: string;
  /** Or send notifications to an existing SNS topic. */
  topicArn?: string;
}

export interface IngestConfig {
  memorySize: number;
  timeout: Duration;
  /** Upper bound of concurrent ingest invocations the SQS event source starts (2..1000). */
  maxConcurrency: number;
  batchSize: number;
  /** Receives before a message moves to the dead-letter queue (>= 5). */
  maxReceiveCount: number;
}

export interface PublishConfig {
  memorySize: number;
  timeout: Duration;
  batchSize: number;
  maxBatchingWindow: Duration;
  retryAttempts: number;
  maxRecordAge: Duration;
}

/** The poller that follows publishers' feeds (functions/poll). */
export interface PollConfig {
  /** How often EventBridge Scheduler starts a round. */
  interval: Duration;
  memorySize: number;
  timeout: Duration;
  /** New items taken from one source in one round; the rest wait for the next round. */
  maxItemsPerSource: number;
  /** Pause between two requests to one host. */
  hostDelay: Duration;
  /** Longest wait for one answer (connection, headers and body). */
  requestTimeout: Duration;
  /** How long a dropped item's id is remembered (the table's TTL forgets it after that). */
  seenFor: Duration;
  /**
   * Sources the stage follows from its first deploy: each deployment that changes the poller adds those
   * that are missing (a default removed with `sources remove` comes back at the next such deploy; take it
   * out of this list to stop following it for good). Validated like `sources import`.
   */
  defaultSources: SourceDefinition[];
}

export interface FeedConfig {
  /** How long readers and CloudFront may reuse a feed object before asking again. */
  cacheTtl: Duration;
  /** After max-age, CloudFront and readers may serve the stale copy while they revalidate. */
  staleWhileRevalidate: Duration;
  /**
   * The RSS, Atom and JSON feeds carry only developments whose corroborated confidence reaches this (0 to 1); the
   * pages show the others, marked, until another outlet reports them (docs/feeds.md). The publish function's
   * FEED_MIN_CONFIDENCE.
   */
  minConfidence: number;
}

/**
 * Which extractor the stage's ingest runs (docs/extraction.md). `rules` is deterministic, free and offline;
 * `bedrock` asks a model, verifies its answer against the article and falls back to the rules.
 */
export interface ExtractionConfig {
  extractor: 'rules' | 'bedrock';
  /**
   * A Bedrock model id, or a system inference profile id (`global.`, `us.`, `eu.`, `apac.`, ... before the model
   * id) for models the stack's region serves only through one. IAM allows invoking exactly this.
   */
  bedrockModelId: string;
  /** Converse requests per UTC day over the whole stage; past it, the rules read the day's remaining articles. */
  modelCallsPerDay: number;
  /** One Converse request; the SDK retries a timed-out request once. */
  requestTimeout: Duration;
  /**
   * Ingest functions (so model calls) in flight at once with Bedrock: each makes one call at a time, so this bounds
   * the stage's share of the account's Bedrock requests-per-minute quota.
   */
  modelConcurrency: number;
}

/**
 * With Bedrock, one object per invocation (a slow feed of many articles holds no other object back) and a timeout
 * that fits model latency: a few seconds per article, at worst two requests (the answer and one repair turn) of two
 * attempts each.
 */
export const BEDROCK_INGEST = { batchSize: 1, timeout: Duration.minutes(10) } as const;

/** Typed configuration of one stage. Everything that differs between dev, staging and prod lives here. */
export interface StageConfig {
  stage: Stage;
  /** DESTROY outside prod (with auto-delete of bucket objects); RETAIN in prod. */
  removalPolicy: RemovalPolicy;
  autoDeleteObjects: boolean;
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
  /** CloudFormation termination protection on the whole stack. */
  terminationProtection: boolean;
  inboxVersioning: boolean;
  alarms: AlarmConfig;
  /**
   * X-Ray active tracing and the Powertools Tracer on every function: one trace follows a story from the
   * publisher's feed (poll) through ingest to the feed rebuild. Costs per recorded trace, so off in dev.
   */
  tracing: boolean;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  /** Days until `rejected/` reports, old inbox versions and access logs expire. */
  rejectedReportExpiry: Duration;
  noncurrentVersionExpiry: Duration;
  accessLogExpiry: Duration;
  customDomain?: CustomDomain;
  /**
   * IAM principal ARNs (roles, users) allowed to write `inbox/`. When set, the bucket policy allows them and denies
   * every other principal; when empty, the account's own IAM policies decide who may write.
   */
  inboxWriterArns: string[];
  /** Optional AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) attached to the distribution. */
  webAclArn?: string;
  /** Optional WebSub hub advertised in the feeds. */
  websubHub?: string;
  ingest: IngestConfig;
  publish: PublishConfig;
  poll: PollConfig;
  feed: FeedConfig;
  extraction: ExtractionConfig;
}

/** The optional, account-specific settings a user supplies per stage in cdk.json (`context["ceasefire-feed"]`). */
export interface StageOverrides {
  alarmEmail?: string;
  alarmTopicArn?: string;
  domainName?: string;
  certificateArn?: string;
  inboxWriterArns?: string[];
  webAclArn?: string;
  websubHub?: string;
  /** Switch the stage's extractor (see ExtractionConfig); the model and cap default to the stage's own. */
  extractor?: 'rules' | 'bedrock';
  bedrockModelId?: string;
  modelCallsPerDay?: number;
  /** The stage's minimum confidence for the feeds (FeedConfig.minConfidence), 0 to 1. */
  feedMinConfidence?: number;
}

/** Context key under which cdk.json holds `{ dev?: StageOverrides, staging?: ..., prod?: ... }`. */
export const OVERRIDES_CONTEXT_KEY = 'ceasefire-feed';

const ingestDefaults: IngestConfig = {
  memorySize: 1024,
  timeout: Duration.seconds(30),
  maxConcurrency: 5,
  batchSize: 10,
  maxReceiveCount: 5,
};

const publishDefaults: PublishConfig = {
  memorySize: 1024,
  timeout: Duration.seconds(60),
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(5),
  retryAttempts: 3,
  maxRecordAge: Duration.hours(6),
};

/** Every stage starts on the rules; a team switches one to Bedrock after measuring the model with `eval`. */
const extractionDefaults: ExtractionConfig = {
  extractor: 'rules',
  bedrockModelId: DEFAULT_MODEL_ID,
  modelCallsPerDay: 2_000,
  requestTimeout: Duration.seconds(60),
  modelConcurrency: 2,
};

const pollDefaults: PollConfig = {
  interval: Duration.minutes(POLL_DEFAULTS.intervalMinutes),
  memorySize: 512,
  timeout: Duration.minutes(5),
  maxItemsPerSource: POLL_DEFAULTS.maxItemsPerSource,
  hostDelay: Duration.millis(POLL_DEFAULTS.hostDelayMs),
  requestTimeout: Duration.millis(POLL_DEFAULTS.requestTimeoutMs),
  seenFor: Duration.days(POLL_DEFAULTS.seenDays),
  defaultSources: [],
};

const BASE: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
    pointInTimeRecovery: false,
    deletionProtection: false,
    terminationProtection: false,
    inboxVersioning: false,
    alarms: { enabled: false },
    tracing: false,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: 'DEBUG',
    rejectedReportExpiry: Duration.days(7),
    noncurrentVersionExpiry: Duration.days(7),
    accessLogExpiry: Duration.days(14),
    inboxWriterArns: [],
    ingest: { ...ingestDefaults, memorySize: 512, maxConcurrency: 2 },
    publish: { ...publishDefaults, memorySize: 512 },
    poll: { ...pollDefaults },
    feed: { cacheTtl: Duration.minutes(1), staleWhileRevalidate: Duration.minutes(1), minConfidence: DEFAULT_MIN_CONFIDENCE },
    extraction: { ...extractionDefaults, modelCallsPerDay: 200 },
  },
  staging: {
    stage: 'staging',
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
    pointInTimeRecovery: false,
    deletionProtection: false,
    terminationProtection: false,
    inboxVersioning: false,
    alarms: { enabled: true },
    tracing: true,
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: 'INFO',
    rejectedReportExpiry: Duration.days(30),
    noncurrentVersionExpiry: Duration.days(30),
    accessLogExpiry: Duration.days(30),
    inboxWriterArns: [],
    ingest: { ...ingestDefaults },
    publish: { ...publishDefaults },
    poll: { ...pollDefaults },
    feed: { cacheTtl: Duration.minutes(5), staleWhileRevalidate: Duration.minutes(5), minConfidence: DEFAULT_MIN_CONFIDENCE },
    extraction: { ...extractionDefaults, modelCallsPerDay: 1_000 },
  },
  prod: {
    stage: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    autoDeleteObjects: false,
    pointInTimeRecovery: true,
    deletionProtection: true,
    terminationProtection: true,
    inboxVersioning: true,
    alarms: { enabled: true },
    tracing: true,
    logRetention: RetentionDays.SIX_MONTHS,
    logLevel: 'INFO',
    rejectedReportExpiry: Duration.days(90),
    noncurrentVersionExpiry: Duration.days(90),
    accessLogExpiry: Duration.days(365),
    inboxWriterArns: [],
    ingest: { ...ingestDefaults, maxConcurrency: 10 },
    publish: { ...publishDefaults },
    poll: { ...pollDefaults },
    feed: { cacheTtl: Duration.minutes(5), staleWhileRevalidate: Duration.minutes(5), minConfidence: DEFAULT_MIN_CONFIDENCE },
    extraction: { ...extractionDefaults, modelConcurrency: 4 },
  },
};

const ARN = /^arn:aws[a-z-]*:/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/;
const ACM_US_EAST_1 = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** `provider.model-version` (anthropic.claude-haiku-4-5-20251001-v1:0), optionally after a profile's geography (`eu.`). */
export const BEDROCK_MODEL_ID = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?[a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Reads the per-stage overrides out of the context value and validates them, with messages that say what to fix. */
export function parseOverrides(stage: Stage, contextValue: unknown): StageOverrides {
  if (contextValue === undefined || contextValue === null) return {};
  const where = `cdk.json context "${OVERRIDES_CONTEXT_KEY}"`;
  if (typeof contextValue !== 'object' || Array.isArray(contextValue)) {
    throw new Error(`${where} must be an object keyed by stage (${STAGES.join(', ')}).`);
  }
  const byStage = contextValue as Record<string, unknown>;
  for (const key of Object.keys(byStage)) {
    if (!(STAGES as readonly string[]).includes(key)) {
      throw new Error(`${where} has unknown stage "${key}". Use one of: ${STAGES.join(', ')}.`);
    }
  }
  const raw = byStage[stage];
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where}.${stage} must be an object.`);
  const value = raw as Record<string, unknown>;
  const known: (keyof StageOverrides)[] = [
    'alarmEmail',
    'alarmTopicArn',
    'domainName',
    'certificateArn',
    'inboxWriterArns',
    'webAclArn',
    'websubHub',
    'extractor',
    'bedrockModelId',
    'modelCallsPerDay',
    'feedMinConfidence',
  ];
  for (const key of Object.keys(value)) {
    if (!(known as string[]).includes(key)) {
      throw new Error(`${where}.${stage} has unknown setting "${key}". Known settings: ${known.join(', ')}.`);
    }
  }
  const str = (key: keyof StageOverrides, pattern: RegExp, hint: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' || !pattern.test(v)) {
      throw new Error(`${where}.${stage}.${key} is invalid (${JSON.stringify(v)}): ${hint}.`);
    }
    return v;
  };
  const overrides: StageOverrides = {
    alarmEmail: str('alarmEmail', EMAIL, 'expected an e-mail address'),
    alarmTopicArn: str('alarmTopicArn', /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'expected an SNS topic ARN'),
    domainName: str('domainName', DOMAIN, 'expected a host name such as feeds.example.org'),
    certificateArn: str(
      'certificateArn',
      ACM_US_EAST_1,
      'CloudFront only accepts ACM certificates from us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>)',
    ),
    webAclArn: str('webAclArn', ARN, 'expected the ARN of a WAFv2 web ACL with scope CLOUDFRONT'),
    websubHub: str('websubHub', /^https:\/\/\S+$/, 'expected an https:// URL'),
    extractor: str('extractor', /^(rules|bedrock)$/, 'expected rules or bedrock') as StageOverrides['extractor'],
    bedrockModelId: str('bedrockModelId', BEDROCK_MODEL_ID, 'expected a Bedrock model id such as anthropic.claude-... or an inference profile id such as global.anthropic.claude-...'),
  };
  const calls = value.modelCallsPerDay;
  if (calls !== undefined && calls !== null) {
    if (typeof calls !== 'number' || !Number.isInteger(calls) || calls < 1) {
      throw new Error(`${where}.${stage}.modelCallsPerDay must be a whole number of at least 1, not ${JSON.stringify(calls)}.`);
    }
    overrides.modelCallsPerDay = calls;
  }
  if (value.feedMinConfidence !== undefined && value.feedMinConfidence !== null) {
    if (typeof value.feedMinConfidence !== 'number') {
      throw new Error(`${where}.${stage}.feedMinConfidence must be a number from 0 to 1, not ${JSON.stringify(value.feedMinConfidence)}.`);
    }
    overrides.feedMinConfidence = parseMinConfidence(value.feedMinConfidence, `${where}.${stage}.feedMinConfidence`);
  }
  if (overrides.domainName && !overrides.certificateArn) {
    throw new Error(`${where}.${stage}.domainName needs certificateArn too (an ACM certificate in us-east-1).`);
  }
  if (overrides.certificateArn && !overrides.domainName) {
    throw new Error(`${where}.${stage}.certificateArn needs domainName too.`);
  }
  const writers = value.inboxWriterArns;
  if (writers !== undefined && writers !== null) {
    if (!Array.isArray(writers) || writers.some((w) => typeof w !== 'string' || !IAM_PRINCIPAL_ARN.test(w))) {
      throw new Error(
        `${where}.${stage}.inboxWriterArns must be a list of IAM role, user or account-root ARNs ` +
          `(arn:aws:iam::<account>:role/<name>).`,
      );
    }
    overrides.inboxWriterArns = writers as string[];
  }
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as StageOverrides;
}

/** The configuration of `stage`, with the user's overrides from context applied. */
export function stageConfig(stage: Stage, overrides: StageOverrides = {}): StageConfig {
  const base = BASE[stage];
  const config: StageConfig = {
    ...base,
    alarms: {
      ...base.alarms,
      ...(overrides.alarmEmail ? { email: overrides.alarmEmail } : {}),
      ...(overrides.alarmTopicArn ? { topicArn: overrides.alarmTopicArn } : {}),
    },
    inboxWriterArns: overrides.inboxWriterArns ?? base.inboxWriterArns,
    ...(overrides.domainName && overrides.certificateArn
      ? { customDomain: { domainName: overrides.domainName, certificateArn: overrides.certificateArn } }
      : {}),
    ...(overrides.webAclArn ? { webAclArn: overrides.webAclArn } : {}),
    ...(overrides.websubHub ? { websubHub: overrides.websubHub } : {}),
    feed: { ...base.feed, ...(overrides.feedMinConfidence !== undefined ? { minConfidence: overrides.feedMinConfidence } : {}) },
    extraction: {
      ...base.extraction,
      ...(overrides.extractor ? { extractor: overrides.extractor } : {}),
      ...(overrides.bedrockModelId ? { bedrockModelId: overrides.bedrockModelId } : {}),
      ...(overrides.modelCallsPerDay ? { modelCallsPerDay: overrides.modelCallsPerDay } : {}),
    },
  };
  if (config.extraction.extractor === 'bedrock') {
    config.ingest = { ...config.ingest, ...BEDROCK_INGEST, maxConcurrency: config.extraction.modelConcurrency };
  }
  validateStageConfig(config);
  return config;
}

/** Throws a message that says what to fix in a stage configuration. */
export function validateStageConfig(config: StageConfig): void {
  const { ingest, publish, poll, stage } = config;
  if (ingest.maxReceiveCount < 5) throw new Error(`${stage}: ingest.maxReceiveCount must be at least 5.`);
  if (ingest.maxConcurrency < 2 || ingest.maxConcurrency > 1000) {
    throw new Error(`${stage}: ingest.maxConcurrency must be between 2 and 1000 (an SQS event source limit).`);
  }
  if (ingest.timeout.toSeconds() > 900 || publish.timeout.toSeconds() > 900 || poll.timeout.toSeconds() > 900) {
    throw new Error(`${stage}: a Lambda timeout cannot exceed 15 minutes.`);
  }
  // SQS caps the visibility timeout at 12 hours, and the queue needs 6x the function timeout.
  if (ingest.timeout.toSeconds() * 6 > 43_200) throw new Error(`${stage}: ingest.timeout is too long for SQS.`);
  const { extraction } = config;
  if (extraction.extractor === 'bedrock') {
    if (!BEDROCK_MODEL_ID.test(extraction.bedrockModelId)) throw new Error(`${stage}: extraction.bedrockModelId '${extraction.bedrockModelId}' is not a Bedrock model id.`);
    if (!Number.isInteger(extraction.modelCallsPerDay) || extraction.modelCallsPerDay < 1) {
      throw new Error(`${stage}: extraction.modelCallsPerDay must be a whole number of at least 1.`);
    }
    // Two requests (the answer and one repair turn) of two attempts each must fit one article's share of the timeout.
    if (ingest.timeout.toSeconds() < 4 * extraction.requestTimeout.toSeconds()) {
      throw new Error(`${stage}: ingest.timeout must be at least 4x extraction.requestTimeout with Bedrock.`);
    }
  }
  if (poll.interval.toMinutes({ integral: false }) < 1) throw new Error(`${stage}: poll.interval must be at least a minute (an EventBridge Scheduler rate).`);
  // The deadline of a round leaves room for two request timeouts and the writes after them.
  if (poll.timeout.toMilliseconds() < 4 * poll.requestTimeout.toMilliseconds() + 10_000) {
    throw new Error(`${stage}: poll.timeout must leave room for a few requests of poll.requestTimeout.`);
  }
  parseSourceList(poll.defaultSources, `${stage}: poll.defaultSources`);
  parseMinConfidence(config.feed.minConfidence, `${stage}: feed.minConfidence`);
  if (config.alarms.email && config.alarms.topicArn) {
    throw new Error(`${stage}: set either alarmEmail or alarmTopicArn, not both.`);
  }
}

/** The Cache-Control header every feed object carries; CloudFront honours it between its min and max TTL. */
export function feedCacheControl(feed: FeedConfig): string {
  return [
    'public',
    `max-age=${feed.cacheTtl.toSeconds()}`,
    `stale-while-revalidate=${feed.staleWhileRevalidate.toSeconds()}`,
    // A reader keeps its last good copy for a day if the origin is failing.
    'stale-if-error=86400',
  ].join(', ');
}
