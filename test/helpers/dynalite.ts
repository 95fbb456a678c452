/**
 * An embedded dynalite server for tests: the real DynamoDB adapter runs against it, no mocks.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeDynamoDocumentClient } from '#commons/aws/clients.ts';
import { createTable, DynamoDbEventStore } from '#commons/store/dynamodb-store.ts';
import { TABLE_KEYS } from '#commons/store/keys.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// dynalite ships no type declarations; type the one call we make instead of declaring the module globally.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs?: number; path?: string }) => Server;

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBDocumentClient;
  /** Command names the adapter sent (for "Query, never Scan" checks). */
  commands: string[];
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = makeDynamoDocumentClient({ dynamoEndpoint: endpoint });
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommandNames' },
  );
  return {
    endpoint,
    client,
    commands,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((err?: Error) => (err ? reject(err) : resolve())));
    },
  };
}

let tableCounter = 0;
export async function freshStore(local: LocalDynamo, client: DynamoDBDocumentClient = local.client) {
  const tableName = `events-${process.pid}-${++tableCounter}`;
  await createTable(client, tableName);
  return { tableName, store: new DynamoDbEventStore({ client, tableName }) };
}

/** Every item in the table, sorted by key (test-only Scan, on a separate client). */
export async function dumpTable(local: LocalDynamo, tableName: string): Promise<Record<string, unknown>[]> {
  const client = makeDynamoDocumentClient({ dynamoEndpoint: local.endpoint });
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  client.destroy();
  const key = (item: Record<string, unknown>) => `${item[TABLE_KEYS.partitionKey]}|${item[TABLE_KEYS.sortKey]}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
