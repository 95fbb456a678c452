/**
 * cdk-nag's AwsSolutions pack over every stage (and over prod with every optional setting on).
 *
 * cdk-nag 3 is a CDK policy-validation plugin rather than an aspect: findings are no longer CDK annotations, so
 * `Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))` would be empty even for a
 * non-compliant stack. The checks below ask the pack directly (`validateScope`, its documented testing entry point),
 * and also run it the way `cdk synth` does (registered on the app, where a finding makes synthesis throw).
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../infra/build-app.ts';
import { AwsSolutionsChecks } from '../../infra/nag.ts';
import { STAGES } from '../../infra/names.ts';
import { FULL_OVERRIDES, buildStage, testApp } from './helpers.ts';

const variants = [
  ...STAGES.map((stage) => ({ label: stage, stage, overrides: {} })),
  { label: 'prod with every optional setting', stage: 'prod' as const, overrides: FULL_OVERRIDES },
  { label: 'staging with an existing alarm topic', stage: 'staging' as const, overrides: { alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' } },
  { label: 'prod extracting with Bedrock through an inference profile', stage: 'prod' as const, overrides: { ...FULL_OVERRIDES, extractor: 'bedrock' as const } },
  { label: 'dev extracting with a Bedrock model of its own region', stage: 'dev' as const, overrides: { extractor: 'bedrock' as const, bedrockModelId: 'amazon.nova-lite-v1:0' } },
];

/** Runs the pack and records which acknowledgments actually silenced a finding. */
function check(scope: IConstruct) {
  const checks = new AwsSolutionsChecks(undefined, { verbose: true });
  const used: { path: string; ruleId: string }[] = [];
  const target = checks as unknown as { isAcknowledged(resource: CfnResource, ruleId: string): boolean };
  const original = target.isAcknowledged.bind(checks);
  target.isAcknowledged = (resource, ruleId) => {
    const hit = original(resource, ruleId);
    if (hit) used.push({ path: resource.node.path, ruleId });
    return hit;
  };
  const report = checks.validateScope(scope);
  const findings = report.violations.map(
    (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
  return { findings, used };
}

function acknowledgments(scope: IConstruct) {
  const found: { path: string; ruleId: string; reason: string }[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, ruleId: key.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

describe.each(variants)('AwsSolutions on $label', ({ stage, overrides }) => {
  const { stack } = buildStage(stage, overrides);
  const { findings, used } = check(stack);
  const acks = acknowledgments(stack).filter((a) => a.ruleId.startsWith('AwsSolutions-'));

  it('reports no unacknowledged errors and no warnings', () => {
    expect(findings).toEqual([]);
  });

  it('has no CDK error annotations, and no AwsSolutions annotations either', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('gives every acknowledgment a reason worth reading', () => {
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.path} ${ack.ruleId}`).toBeGreaterThanOrEqual(100);
      expect(ack.reason, `${ack.path} ${ack.ruleId}`).toMatch(/\s\w+\s/);
    }
  });

  it('scopes IAM acknowledgments to the exact findings (appliesTo)', () => {
    for (const ack of acks.filter((a) => /AwsSolutions-IAM[45]/.test(a.ruleId))) {
      expect(ack.ruleId, ack.path).toMatch(/^AwsSolutions-IAM[45]\[(Resource|Action|Policy)::.+\]$/);
    }
  });

  it('keeps no stale acknowledgments: each one silences a real finding', () => {
    for (const ack of acks) {
      const silenced = used.some((u) => u.ruleId === ack.ruleId && (u.path === ack.path || u.path.startsWith(`${ack.path}/`)));
      expect(silenced, `${ack.path} ${ack.ruleId} acknowledges nothing`).toBe(true);
    }
  });
});

describe('AwsSolutions as the CDK app runs it', () => {
  it.each([
    ['on the rules', {}],
    ['switched to Bedrock', { extractor: 'bedrock' as const }],
  ])('lets the prod app %s synthesize with the pack registered as a validation plugin', (_, overrides) => {
    const app = testApp();
    const { stack } = buildStage('prod', overrides, app);
    addNagChecks(app);
    expect(() => app.synth()).not.toThrow();
    expect(stack.stackName).toBe('CeasefireFeed-prod');
  });

  it('would fail synthesis on an unacknowledged finding', async () => {
    const { Stack } = await import('aws-cdk-lib');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const app = testApp();
    new Bucket(new Stack(app, 'Bare'), 'NoLogsNoTls');
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|AwsSolutions-S10/);
  });
});
