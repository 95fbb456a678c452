/**
 * A deployed stage's stack outputs (infra/names.ts STACK_OUTPUTS), read with CloudFormation
 * DescribeStacks using the caller's AWS profile and region (AWS_PROFILE, AWS_REGION or the profile's own).
 */
import { parseStage, stackName, STACK_OUTPUTS } from '../../infra/names.ts';

export type StackOutputs = Partial<Record<keyof typeof STACK_OUTPUTS, string>>;

export async function stageOutputs(stageName: string): Promise<StackOutputs> {
  const stage = parseStage(stageName);
  const name = stackName(stage);
  // Loaded only for --stage: the SDK client is not needed for the local stack.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({});
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = out.Stacks?.[0]?.Outputs ?? [];
    const byKey = new Map(outputs.map((o) => [o.OutputKey, o.OutputValue]));
    const result: StackOutputs = {};
    for (const [field, key] of Object.entries(STACK_OUTPUTS) as [keyof typeof STACK_OUTPUTS, string][]) {
      const value = byKey.get(key);
      if (value) result[field] = value;
    }
    return result;
  } catch (error) {
    const message = (error as Error).message;
    if ((error as Error).name === 'ValidationError' && /does not exist/.test(message)) {
      throw new Error(`Stack ${name} does not exist in this account and region. Deploy it with: npx cdk deploy -c stage=${stage}`);
    }
    if (/credential|Could not load|token/i.test(message)) {
      throw new Error(`No AWS credentials for --stage ${stage} (${message}). Set AWS_PROFILE to a profile that can read ${name}.`);
    }
    throw error;
  } finally {
    client.destroy();
  }
}
