/**
 * A stage switched to Bedrock: ingest may invoke exactly the configured model (through its inference
 * profile where it is one), gets the settings functions/commons/config.ts reads, one object per
 * invocation with a timeout that fits model latency, and the stack says which extractor it runs.
 * A stage on the rules has none of it. cdk-nag runs over both in nag.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/commons/config.ts';
import { TTL_ATTRIBUTE } from '../../functions/commons/store/keys.ts';
import { DEFAULT_MODEL_ID } from '../../functions/commons/extraction/bedrock/models.ts';
import { BEDROCK_INGEST, parseOverrides, stageConfig } from '../../infra/config.ts';
import { STACK_OUTPUTS, resourcePrefix, type Stage } from '../../infra/names.ts';
import { asArray, buildStage, onlyResource, resourcesOfType } from './helpers.ts';

const PARTITION = { Ref: 'AWS::Partition' };

function ingestOf(stage: Stage, template: ReturnType<typeof buildStage>['template']) {
  const fn = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: `${resourcePrefix(stage)}-ingest` });
  const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties!.Roles.some((r: { Ref: string }) => r.Ref === role))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
  const bedrock = statements.filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('bedrock:')));
  return { fn, bedrock };
}

describe('a stage on the rules (the default)', () => {
  const { template } = buildStage('prod');
  it('grants no Bedrock action and sets no extractor variables', () => {
    const { fn, bedrock } = ingestOf('prod', template);
    expect(bedrock).toEqual([]);
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain(ENV.extractor);
  });
});

describe('a stage switched to Bedrock through an inference profile', () => {
  const { template } = buildStage('staging', parseOverrides('staging', { staging: { extractor: 'bedrock', modelCallsPerDay: 300 } }));
  const config = stageConfig('staging', { extractor: 'bedrock', modelCallsPerDay: 300 });
  const { fn, bedrock } = ingestOf('staging', template);
  const profileArn = {
    'Fn::Join': ['', ['arn:', PARTITION, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:inference-profile/${DEFAULT_MODEL_ID}`]],
  };

  it('may invoke the profile, and the model only through that profile', () => {
    expect(bedrock).toEqual([
      { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: profileArn },
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: { 'Fn::Join': ['', ['arn:', PARTITION, `:bedrock:*::foundation-model/${DEFAULT_MODEL_ID.replace(/^global\./, '')}`]] },
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
      },
    ]);
  });

  it('gets the model, the daily cap and the request timeout', () => {
    expect(fn.Properties.Environment.Variables).toMatchObject({
      [ENV.extractor]: 'bedrock',
      [ENV.bedrockModelId]: DEFAULT_MODEL_ID,
      [ENV.modelCallsPerDay]: '300',
      [ENV.modelRequestTimeoutMs]: String(config.extraction.requestTimeout.toMilliseconds()),
    });
  });

  it('takes one object per invocation, with a timeout for model latency and a queue that waits 6x as long', () => {
    expect(fn.Properties.Timeout).toBe(BEDROCK_INGEST.timeout.toSeconds());
    expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(4 * config.extraction.requestTimeout.toSeconds());
    const queue = onlyResource(template, 'AWS::SQS::Queue', { QueueName: `${resourcePrefix('staging')}-ingest` });
    expect(queue.Properties.VisibilityTimeout).toBe(6 * BEDROCK_INGEST.timeout.toSeconds());
    const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: fn.logicalId } });
    expect(mapping.Properties.BatchSize).toBe(1);
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: config.extraction.modelConcurrency });
  });

  it('says which extractor, model and cap it runs, for reextract --stage', () => {
    template.hasOutput(STACK_OUTPUTS.extractor, { Value: 'bedrock' });
    template.hasOutput(STACK_OUTPUTS.bedrockModelId, { Value: DEFAULT_MODEL_ID });
    template.hasOutput(STACK_OUTPUTS.modelCallsPerDay, { Value: '300' });
  });

  it('lets the table expire cached answers and old counters', () => {
    expect(onlyResource(template, 'AWS::DynamoDB::Table').Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });
});

describe('a stage switched to a model of its own region', () => {
  const { template } = buildStage('dev', { extractor: 'bedrock', bedrockModelId: 'amazon.nova-lite-v1:0' });
  it('may invoke that model in the stack’s region and nothing else', () => {
    expect(ingestOf('dev', template).bedrock).toEqual([
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: { 'Fn::Join': ['', ['arn:', PARTITION, ':bedrock:', { Ref: 'AWS::Region' }, '::foundation-model/amazon.nova-lite-v1:0']] },
      },
    ]);
  });
});

describe('the settings in cdk.json', () => {
  it('refuses what is not a choice, a model id or a cap', () => {
    expect(() => parseOverrides('prod', { prod: { extractor: 'gpt' } })).toThrow(/expected rules or bedrock/);
    expect(() => parseOverrides('prod', { prod: { bedrockModelId: 'arn:aws:bedrock:us-east-1::foundation-model/x' } })).toThrow(/Bedrock model id/);
    expect(() => parseOverrides('prod', { prod: { modelCallsPerDay: 0 } })).toThrow(/at least 1/);
    expect(parseOverrides('prod', { prod: { extractor: 'bedrock', bedrockModelId: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', modelCallsPerDay: 50 } })).toEqual({
      extractor: 'bedrock',
      bedrockModelId: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
      modelCallsPerDay: 50,
    });
  });
});
