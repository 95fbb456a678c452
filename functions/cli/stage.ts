/**
 * A deployed stage's stack outputs (infra/names.ts STACK_OUTPUTS), read with CloudFormation
 * DescribeStacks using the caller's AWS profile and region (AWS_PROFILE, AWS_REGION or the profile's own),
 * and the pipeline environment built from them for `--stage`.
 */
import { parseStage, stackName, STACK_OUTPUTS } from '../../infra/names.ts';
import { ENV } from '#commons/config.ts';
import { findLocalStack, localStackEnv, type LocalStackState } from './local-stack.ts';

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

/** The config.ts environment of a deployed stage, so the CLI builds the same pipeline its functions use. */
async function stageEnv(stage: string): Promise<NodeJS.ProcessEnv> {
  const outputs = await stageOutputs(stage);
  if (!outputs.tableName || !outputs.inboxBucketName || !outputs.feedBucketName) {
    throw new Error(`The ${stage} stack lacks the TableName, InboxBucketName or FeedBucketName output.`);
  }
  return {
    [ENV.stage]: stage,
    [ENV.tableName]: outputs.tableName,
    [ENV.inboxBucket]: outputs.inboxBucketName,
    [ENV.feedBucket]: outputs.feedBucketName,
    [ENV.feedBaseUrl]: outputs.feedBaseUrl ?? 'https://unknown.invalid',
    ...(outputs.extractor ? { [ENV.extractor]: outputs.extractor } : {}),
    ...(outputs.bedrockModelId ? { [ENV.bedrockModelId]: outputs.bedrockModelId } : {}),
    ...(outputs.modelCallsPerDay ? { [ENV.modelCallsPerDay]: outputs.modelCallsPerDay } : {}),
  };
}

/** What a command with `--stage` works on: that stage, or else the local stack of this PORT and DATA_DIR. */
export async function stageOrLocal(stage: string | undefined): Promise<{ env: NodeJS.ProcessEnv; where: string; local?: LocalStackState }> {
  if (stage) return { env: await stageEnv(stage), where: `stage ${stage}` };
  const local = await findLocalStack();
  return { env: localStackEnv(local), where: `local stack ${local.feedBaseUrl}/, data in ${local.dataDir}`, local };
}
