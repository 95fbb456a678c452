/**
 * cdk-nag 3 runs as a CDK policy-validation plugin (`Validations.of(app).addPlugins(...)`), not as an aspect, and
 * findings are acknowledged with CDK's own `Validations.of(construct).acknowledge(...)`. A finding-scoped
 * acknowledgment uses the `Rule[Finding]` id, which is what cdk-nag 2 called `appliesTo`.
 *
 * cdk-nag is CommonJS with `__esModule` set and no default export, and Node's ESM loader cannot see its named
 * exports; tsx, vitest and Node each interpret an ESM import of it differently. `require` behaves the same everywhere
 * and shares aws-cdk-lib's CommonJS instance, which cdk-nag's `instanceof` checks need.
 */
import { createRequire } from 'node:module';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const cdkNag = createRequire(import.meta.url)('cdk-nag') as typeof import('cdk-nag');

export const { AwsSolutionsChecks } = cdkNag;

export interface NagAcknowledgment {
  /** Rule id, e.g. `AwsSolutions-IAM5`. */
  id: string;
  /** Why the finding is acceptable here; it is written into the template metadata for audit. */
  reason: string;
  /** Findings of the rule this covers, e.g. `Resource::*`; only these are acknowledged. */
  appliesTo?: string[];
}

/** Acknowledges cdk-nag findings on `scope` and every resource beneath it. */
export function acknowledgeNag(scope: IConstruct, ...acknowledgments: NagAcknowledgment[]): void {
  for (const { id, reason, appliesTo } of acknowledgments) {
    const ids = appliesTo?.length ? appliesTo.map((finding) => `${id}[${finding}]`) : [id];
    Validations.of(scope).acknowledge(...ids.map((ruleId) => ({ id: ruleId, reason })));
  }
}

/**
 * The IAM5 finding for a wildcard under a resource's ARN, as cdk-nag spells it: `Resource::<LogicalId.Arn>/suffix`.
 * Built from the live logical id so an acknowledgment cannot silently drift from the resource it is about.
 */
export function arnFinding(resource: IConstruct, suffix: string): string {
  const cfn = resource instanceof CfnResource ? resource : resource.node.defaultChild;
  if (!(cfn instanceof CfnResource)) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return `Resource::<${Stack.of(cfn).resolve(cfn.logicalId)}.Arn>${suffix}`;
}
