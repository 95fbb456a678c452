import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, buildApp, configFromContext } from '../../infra/build-app.ts';
import { Duration } from 'aws-cdk-lib';
import { OVERRIDES_CONTEXT_KEY, feedCacheControl, parseOverrides, stageConfig, validateStageConfig } from '../../infra/config.ts';
import { STAGES, parseStage } from '../../infra/names.ts';
import { CDK_JSON_CONTEXT, FULL_OVERRIDES, testApp } from './helpers.ts';

describe('stage selection (-c stage=...)', () => {
  it('defaults to dev and accepts the three stages', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(parseStage('')).toBe('dev');
    for (const stage of STAGES) expect(parseStage(stage)).toBe(stage);
  });

  it('rejects an unknown stage with a message that lists the valid ones', () => {
    expect(() => parseStage('production')).toThrow(
      'Unknown stage "production". Use one of: dev, staging, prod (for example: npx cdk synth -c stage=prod).',
    );
    expect(() => configFromContext(testApp({ stage: 'qa' }))).toThrow(ConfigurationError);
  });

  it('builds the stack of the stage named in context', () => {
    const { stack } = buildApp(testApp({ stage: 'staging' }));
    expect(stack.stackName).toBe('CeasefireFeed-staging');
    expect(stack.config.stage).toBe('staging');
  });

  it('ships cdk.json with valid settings for every stage and the recommended CDK feature flags', () => {
    for (const stage of STAGES) {
      expect(() => stageConfig(stage, parseOverrides(stage, CDK_JSON_CONTEXT[OVERRIDES_CONTEXT_KEY]))).not.toThrow();
    }
    expect(CDK_JSON_CONTEXT['@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy']).toBe(true);
  });
});

describe('typed stage configuration', () => {
  it('destroys and auto-empties outside prod only', () => {
    expect(STAGES.map((s) => stageConfig(s).removalPolicy)).toEqual([
      RemovalPolicy.DESTROY,
      RemovalPolicy.DESTROY,
      RemovalPolicy.RETAIN,
    ]);
    expect(STAGES.map((s) => stageConfig(s).autoDeleteObjects)).toEqual([true, true, false]);
  });

  it('gives prod point-in-time recovery, deletion protection, inbox versioning and alarms', () => {
    const prod = stageConfig('prod');
    expect(prod).toMatchObject({
      pointInTimeRecovery: true,
      deletionProtection: true,
      inboxVersioning: true,
      alarms: { enabled: true },
    });
    const dev = stageConfig('dev');
    expect(dev).toMatchObject({ pointInTimeRecovery: false, deletionProtection: false, inboxVersioning: false });
    expect(dev.customDomain).toBeUndefined();
  });

  it('polls every 15 minutes by default, and checks a stage’s default sources like an imported list', () => {
    for (const stage of STAGES) expect(stageConfig(stage).poll.interval.toMinutes()).toBe(15);
    const staging = stageConfig('staging');
    const withDefaults = { ...staging, poll: { ...staging.poll, defaultSources: [{ name: 'un-news', url: 'https://news.example.org/feed.xml', keywords: ['ceasefire'] }] } };
    expect(() => validateStageConfig(withDefaults)).not.toThrow();
    const bad = { ...staging, poll: { ...staging.poll, defaultSources: [{ name: 'UN News', url: 'https://news.example.org/feed.xml' }] } };
    expect(() => validateStageConfig(bad)).toThrow('staging: poll.defaultSources is not a valid source list:\nentry 1: name: must be 1-64 lowercase letters');
    expect(() => validateStageConfig({ ...staging, poll: { ...staging.poll, interval: Duration.seconds(30) } })).toThrow('poll.interval must be at least a minute');
  });

  it('traces with X-Ray in staging and prod, not in dev', () => {
    expect(STAGES.map((stage) => stageConfig(stage).tracing)).toEqual([false, true, true]);
  });

  it('keeps the queue contract: at least 5 receives, concurrency within the SQS event source limits', () => {
    for (const stage of STAGES) {
      const { ingest } = stageConfig(stage);
      expect(ingest.maxReceiveCount).toBeGreaterThanOrEqual(5);
      expect(ingest.maxConcurrency).toBeGreaterThanOrEqual(2);
    }
  });

  it('turns the feed cache TTL into a Cache-Control header', () => {
    expect(feedCacheControl(stageConfig('prod').feed)).toBe(
      'public, max-age=300, stale-while-revalidate=300, stale-if-error=86400',
    );
  });
});

describe('optional settings from cdk.json', () => {
  const context = (prod: Record<string, unknown>) => ({ prod });

  it('applies a custom domain, writers, alarm e-mail, web ACL and WebSub hub', () => {
    const config = stageConfig('prod', parseOverrides('prod', context({ ...FULL_OVERRIDES })));
    expect(config.customDomain).toEqual({
      domainName: FULL_OVERRIDES.domainName,
      certificateArn: FULL_OVERRIDES.certificateArn,
    });
    expect(config.inboxWriterArns).toEqual(FULL_OVERRIDES.inboxWriterArns);
    expect(config.alarms.email).toBe('ops@example.org');
    expect(config.webAclArn).toBe(FULL_OVERRIDES.webAclArn);
    expect(config.websubHub).toBe(FULL_OVERRIDES.websubHub);
    expect(config.feed.minConfidence).toBe(0.7);
    expect(config.feed.cacheTtl.toSeconds()).toBe(300);
  });

  it('keeps the minimum confidence of the feeds at 0.55 in every stage unless a stage sets its own', () => {
    for (const stage of STAGES) expect(stageConfig(stage).feed.minConfidence, stage).toBe(0.55);
    expect(stageConfig('dev', parseOverrides('dev', { dev: { feedMinConfidence: 0 } })).feed.minConfidence).toBe(0);
    expect(() => validateStageConfig({ ...stageConfig('dev'), feed: { ...stageConfig('dev').feed, minConfidence: 2 } })).toThrow(
      /dev: feed\.minConfidence must be a number from 0 to 1/,
    );
  });

  it('reads only the settings of the chosen stage', () => {
    expect(parseOverrides('dev', context({ alarmEmail: 'ops@example.org' }))).toEqual({});
  });

  it.each([
    [{ domainName: 'feeds.example.org' }, /needs certificateArn too/],
    [{ certificateArn: FULL_OVERRIDES.certificateArn }, /needs domainName too/],
    [
      { domainName: 'feeds.example.org', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
      /only accepts ACM certificates from us-east-1/,
    ],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail is invalid/],
    [{ inboxWriterArns: ['arn:aws:s3:::bucket'] }, /inboxWriterArns must be a list of IAM role, user or account-root ARNs/],
    [{ alarmEmail: 'ops@example.org', alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' }, /either alarmEmail or alarmTopicArn/],
    [{ domain: 'typo' }, /unknown setting "domain"/],
    [{ feedMinConfidence: 1.2 }, /prod\.feedMinConfidence must be a number from 0 to 1/],
    [{ feedMinConfidence: '0.6' }, /prod\.feedMinConfidence must be a number from 0 to 1, not "0\.6"/],
  ])('rejects %j', (prod, message) => {
    expect(() => stageConfig('prod', parseOverrides('prod', context(prod)))).toThrow(message);
  });

  it('rejects settings for a stage that does not exist', () => {
    expect(() => parseOverrides('prod', { production: {} })).toThrow(/unknown stage "production"/);
  });
});
