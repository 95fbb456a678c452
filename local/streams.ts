/**
 * dynalite has no DynamoDB Streams. Locally, the ingest side's DynamoDB client gets a middleware that
 * turns each successful write into a stream record (keys only), in write order, as the table's stream
 * would on AWS. The runtime hands them to the publisher, which decides with the same `changesFeed` as
 * the publish handler whether the feeds need a rebuild.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { TABLE_KEYS } from '#commons/store/keys.ts';

const WRITES = new Set(['PutCommand', 'PutItemCommand', 'UpdateCommand', 'UpdateItemCommand', 'DeleteCommand', 'DeleteItemCommand']);

/** A key attribute as the document client (plain string) or the low-level client ({ S }) passes it. */
function keyValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

export function captureStreamRecords(client: DynamoDBDocumentClient, onRecord: (record: DynamoDBRecord) => void): void {
  let sequence = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (!WRITES.has(String(context.commandName))) return result;
      const input = args.input as { TableName?: string; Item?: Record<string, unknown>; Key?: Record<string, unknown>; ConditionExpression?: string };
      const keys = input.Item ?? input.Key ?? {};
      const pk = keyValue(keys[TABLE_KEYS.partitionKey]);
      const sk = keyValue(keys[TABLE_KEYS.sortKey]);
      if (pk === undefined || sk === undefined) return result;
      const removed = String(context.commandName).startsWith('Delete');
      const inserted = !removed && /^attribute_not_exists\([^)]*\)$/.test(input.ConditionExpression ?? '');
      onRecord({
        eventID: `${Date.now().toString(16)}-${++sequence}`,
        eventName: removed ? 'REMOVE' : inserted ? 'INSERT' : 'MODIFY',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${input.TableName ?? 'local'}/stream/local`,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { [TABLE_KEYS.partitionKey]: { S: pk }, [TABLE_KEYS.sortKey]: { S: sk } },
          SequenceNumber: String(sequence).padStart(21, '0'),
          StreamViewType: 'KEYS_ONLY',
        },
      });
      return result;
    },
    { step: 'initialize', name: 'localStreamRecords' },
  );
}
