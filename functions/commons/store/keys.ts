/**
 * The single-table key names, shared by the DynamoDB adapter and the CDK table definition so the two
 * cannot drift. The item layout that uses them is described in functions/commons/store/README.md.
 * Also the one error every writer of the table checks: a failed write condition.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

/** Attribute of an event item that grows with every write of it (optimistic concurrency). */
export const EVENT_VERSION = 'version';
/** Attribute of an event item: sha256 of its content, so equal digests mean equal events. */
export const EVENT_DIGEST = 'digest';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Non-key attributes the index carries (projection INCLUDE); absent = every attribute (ALL). */
  include?: readonly string[];
}

/**
 * Global secondary indexes. `feed` lists events newest first; `feedDigests` lists the same events
 * with a digest of their content only, so a publisher can tell what changed without reading every event;
 * `status` counts dropped objects by state.
 */
export const TABLE_INDEXES = {
  feed: { name: 'feed', partitionKey: 'feedPk', sortKey: 'feedSk' },
  feedDigests: { name: 'feedDigests', partitionKey: 'feedPk', sortKey: 'feedSk', include: [EVENT_DIGEST] },
  status: { name: 'status', partitionKey: 'statusPk', sortKey: 'statusSk' },
} as const satisfies Record<string, IndexDefinition>;

/**
 * Attribute holding an item's expiry in epoch seconds: the table's TTL deletes the item some time after
 * it. Only the poller's seen-item records and the Bedrock extractor's cached results and daily counters
 * carry it; articles, events and objects never expire. dynalite has no TTL, so locally they stay (readers
 * that care check the time themselves).
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The poller's own partitions: every followed source in one (sort key: its name), and the ids of the
 * items already dropped from each source in one per source. The poller's IAM policy names exactly
 * these partition keys (`dynamodb:LeadingKeys`).
 */
export const SOURCE_PARTITIONS = {
  sources: 'SOURCES',
  seenPrefix: 'SEEN#',
} as const;

/** Whether a conditional write was refused because its condition did not hold (not an error for its callers). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
