/**
 * The single-table key names, shared by the DynamoDB adapter and the CDK table definition so the two
 * cannot drift. The item layout that uses them is described in functions/commons/store/README.md.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

/** Global secondary indexes. `feed` lists events newest first; `status` counts dropped objects by state. */
export const TABLE_INDEXES = {
  feed: { name: 'feed', partitionKey: 'feedPk', sortKey: 'feedSk' },
  status: { name: 'status', partitionKey: 'statusPk', sortKey: 'statusSk' },
} as const;
