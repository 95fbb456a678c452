/**
 * Accounting of dropped objects: what is under inbox/, what the store says became of each, and which
 * objects have no outcome yet (never ingested, or dropped again after their last outcome). The CLI's
 * `status` prints this; the local runtime re-queues the pending objects when it starts, so nothing
 * dropped while it was down (or lost in a crash) stays unprocessed.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 as sdk } from '#commons/aws/sdk.ts';
import { INBOX_PREFIX } from '../../../infra/names.ts';
import type { EventStore, RejectedObject, UnsupportedArticle } from '#commons/store/store.ts';
import { mapLimit } from './concurrency.ts';

export interface StatusDeps {
  s3: S3Client;
  store: EventStore;
  inboxBucket: string;
}

/** The `status --json` contract. */
export interface PipelineCounts {
  /** Objects under inbox/ now. */
  dropped: number;
  /** Object records by outcome (an object dropped again keeps its latest outcome). */
  processed: number;
  rejected: number;
  /** Objects under inbox/ with no outcome newer than their last drop. */
  pending: number;
  /** Developments in the feed. */
  events: number;
  /** Stored articles (not objects) in a language the extractor does not read yet: kept, not read. */
  unsupported: number;
}

export interface PipelineStatus extends PipelineCounts {
  pendingKeys: string[];
  rejectedObjects: RejectedObject[];
  /** Newest first. */
  unsupportedArticles: UnsupportedArticle[];
}

export interface InboxObject {
  key: string;
  size: number;
  lastModified: string;
  eTag?: string;
}

/** Every object under inbox/, one ListObjectsV2 page at a time. */
export async function* listInbox(s3: S3Client, bucket: string): AsyncIterable<InboxObject> {
  for await (const page of sdk.paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: INBOX_PREFIX })) {
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/')) continue;
      const item: InboxObject = {
        key: object.Key,
        size: object.Size ?? 0,
        lastModified: (object.LastModified ?? new Date(0)).toISOString(),
      };
      if (object.ETag) item.eTag = object.ETag;
      yield item;
    }
  }
}

/** Inbox objects whose latest drop has no recorded outcome (GetItem per object, 16 at a time). */
export async function findPending(deps: StatusDeps, objects?: readonly InboxObject[]): Promise<InboxObject[]> {
  const all = objects ?? (await collectInbox(deps));
  const done = await mapLimit(all, 16, async (object) => {
    const record = await deps.store.getObject(object.key);
    return record !== undefined && Date.parse(record.at) >= Date.parse(object.lastModified);
  });
  return all.filter((_, i) => !done[i]);
}

export async function pipelineStatus(deps: StatusDeps): Promise<PipelineStatus> {
  const inbox = await collectInbox(deps);
  const [pending, counts, rejectedObjects, events, unsupportedArticles] = await Promise.all([
    findPending(deps, inbox),
    deps.store.countObjects(),
    deps.store.listRejected(),
    deps.store.countEvents(),
    deps.store.listUnsupported(),
  ]);
  return {
    dropped: inbox.length,
    processed: counts.processed,
    rejected: counts.rejected,
    pending: pending.length,
    events,
    unsupported: unsupportedArticles.length,
    pendingKeys: pending.map((o) => o.key),
    rejectedObjects,
    unsupportedArticles,
  };
}

async function collectInbox(deps: StatusDeps): Promise<InboxObject[]> {
  const out: InboxObject[] = [];
  for await (const object of listInbox(deps.s3, deps.inboxBucket)) out.push(object);
  return out;
}
