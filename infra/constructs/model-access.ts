import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNag } from '../nag.ts';

/** A system-defined inference profile id: a geography (`global`, `us`, `eu`, `apac`, `us-gov`, ...) before the model id. */
const INFERENCE_PROFILE = /^([a-z]{2,6}(?:-[a-z]+)?)\.([a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*)$/;

/**
 * Lets `grantee` invoke one Bedrock model and nothing else (`bedrock:InvokeModel`, which the Converse API needs).
 * A foundation model id: that model in the stack's region. An inference profile id: the profile in the stack's
 * region, and its model in whatever region the profile routes a request to, but only through that profile.
 */
export function grantModelInvoke(grantee: iam.Role, modelId: string): void {
  const stack = Stack.of(grantee);
  const arnOf = (resource: string, resourceName: string, account?: string) =>
    stack.formatArn({ service: 'bedrock', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME, ...(account === undefined ? {} : { account }) });
  const profile = INFERENCE_PROFILE.exec(modelId);
  if (!profile) {
    grantee.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [arnOf('foundation-model', modelId, '')] }),
    );
    return;
  }
  const profileArn = arnOf('inference-profile', modelId);
  const routedModels = `arn:${stack.partition}:bedrock:*::foundation-model/${profile[2]}`;
  grantee.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [profileArn] }));
  grantee.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['bedrock:InvokeModel'],
      resources: [routedModels],
      conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
    }),
  );
  acknowledgeNag(grantee, {
    id: 'AwsSolutions-IAM5',
    reason:
      `The inference profile ${modelId} sends each request to the model in one of several regions, chosen by Bedrock, ` +
      'and the invocation is authorised against the model in that region; the profile decides the regions, so the ' +
      'region is a wildcard. The statement names one model and applies only through this one profile ' +
      '(condition bedrock:InferenceProfileArn), so it allows no direct call of the model and no other model.',
    appliesTo: [`Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${profile[2]}`],
  });
}
