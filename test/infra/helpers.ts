import fs from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '../../infra/bundling.ts';
import { stageConfig, type StageOverrides } from '../../infra/config.ts';
import { stackName, type Stage } from '../../infra/names.ts';
import { CeasefireFeedStack } from '../../infra/stacks/ceasefire-feed-stack.ts';

/** The feature flags and settings of cdk.json, so tests build the same templates `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

/**
 * An app that neither bundles the Lambda code (`aws:cdk:bundling-stacks: []`) nor runs CDK's built-in CloudFormation
 * validation (about ten seconds per synth; the `cdk synth` test keeps it on).
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
}

export function buildStage(stage: Stage, overrides: StageOverrides = {}, app: App = testApp()) {
  const stack = new CeasefireFeedStack(app, stackName(stage), { config: stageConfig(stage, overrides) });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Every optional setting at once, with valid-looking values. */
export const FULL_OVERRIDES: StageOverrides = {
  alarmEmail: 'ops@example.org',
  domainName: 'feeds.example.org',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  inboxWriterArns: ['arn:aws:iam::123456789012:role/newsroom-dropper'],
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/feeds/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  websubHub: 'https://pubsubhubbub.appspot.com/',
  feedMinConfidence: 0.7,
};

type CfnResourceJson = {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: any;
};
type Resources = Record<string, CfnResourceJson>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The single resource of `type` whose properties contain `match` (a shallow equality on the given keys). */
export function onlyResource(
  template: Template,
  type: string,
  match: Record<string, unknown> = {},
): CfnResourceJson & { logicalId: string; Properties: Record<string, any> } {
  const found = Object.entries(resourcesOfType(template, type)).filter(([, r]) =>
    Object.entries(match).every(([k, v]) => JSON.stringify(r.Properties?.[k]) === JSON.stringify(v)),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${JSON.stringify(match)}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, ...resource, Properties: resource.Properties ?? {} };
}

/** Every IAM policy statement in the template: identity policies, role inline policies and resource policies. */
export function allPolicyStatements(template: Template): { owner: string; statement: Record<string, any> }[] {
  const statements: { owner: string; statement: Record<string, any> }[] = [];
  const collect = (owner: string, document: any) => {
    for (const statement of document?.Statement ?? []) statements.push({ owner, statement });
  };
  for (const [id, r] of Object.entries(template.toJSON().Resources as Resources)) {
    const p = r.Properties ?? {};
    if (p.PolicyDocument) collect(id, p.PolicyDocument);
    for (const policy of p.Policies ?? []) collect(id, policy.PolicyDocument);
    if (p.AssumeRolePolicyDocument) collect(`${id} (trust)`, p.AssumeRolePolicyDocument);
  }
  return statements;
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
