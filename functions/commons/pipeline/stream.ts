/**
 * What a DynamoDB stream batch means for the feeds. The table holds articles, events and dropped-object
 * records; only event items appear in a feed, so a batch without one (a re-dropped file, a rejection)
 * needs no rebuild. A record without keys is treated as a change, to be safe.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { ITEM } from '#commons/store/dynamodb-store.ts';
import { TABLE_KEYS } from '#commons/store/keys.ts';

const EVENT_PREFIX = ITEM.event.pk('');

export function changesFeed(records: readonly DynamoDBRecord[]): boolean {
  return records.some((record) => {
    const pk = record.dynamodb?.Keys?.[TABLE_KEYS.partitionKey]?.S;
    return pk === undefined || pk.startsWith(EVENT_PREFIX);
  });
}
