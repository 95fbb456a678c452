/**
 * The extractor of a stage, as its configuration says (functions/commons/config.ts): the rules, or
 * Bedrock with its cache, daily cap and counters in the stage's table. Ingest and `reextract --stage`
 * use the same one. Kept out of runtime.ts so the publish function does not bundle the extractor.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '#commons/config.ts';
import { createExtractor, type Extractor } from '#commons/extraction/extractor.ts';
import { DynamoDbModelLedger } from '#commons/store/model-ledger.ts';

export function stageExtractor(pipeline: { config: RuntimeConfig; dynamo: DynamoDBDocumentClient }): Extractor {
  const ledger = new DynamoDbModelLedger({ client: pipeline.dynamo, tableName: pipeline.config.tableName });
  return createExtractor(pipeline.config.extraction, { ledger });
}
