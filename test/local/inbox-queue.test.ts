/** The local SQS stand-in: batching, partial failures redelivered, dead-lettering after maxReceiveCount. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InboxQueue } from '../../local/inbox-queue.ts';

describe('InboxQueue', () => {
  it('hands messages over in batches of at most batchSize', async () => {
    const sizes: number[] = [];
    const queue = new InboxQueue({ batchSize: 10, batchWindowMs: 5, handler: async (event) => void sizes.push(event.Records.length) });
    for (let i = 0; i < 25; i++) queue.send({ n: i });
    await queue.idle();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(25);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
  });

  it('redelivers failed items with a higher receive count, then dead-letters them', async () => {
    const seen: { body: string; receive: string }[] = [];
    const dead: SQSRecord[] = [];
    const queue = new InboxQueue({
      batchWindowMs: 1,
      retryDelayMs: 1,
      maxReceiveCount: 3,
      handler: async (event: SQSEvent) => {
        for (const r of event.Records) seen.push({ body: r.body, receive: r.attributes.ApproximateReceiveCount });
        return { batchItemFailures: event.Records.filter((r) => r.body.includes('bad')).map((r) => ({ itemIdentifier: r.messageId })) };
      },
      onDeadLetter: (record) => dead.push(record),
    });
    queue.send({ kind: 'good' });
    queue.send({ kind: 'bad' });
    await queue.idle();
    expect(seen.filter((s) => s.body.includes('good')).map((s) => s.receive)).toEqual(['1']);
    expect(seen.filter((s) => s.body.includes('bad')).map((s) => s.receive)).toEqual(['1', '2', '3']);
    expect(dead.map((r) => JSON.parse(r.body))).toEqual([{ kind: 'bad' }]);
  });

  it('retries the whole batch when the handler throws', async () => {
    let calls = 0;
    const queue = new InboxQueue({
      batchWindowMs: 1,
      retryDelayMs: 1,
      handler: async () => {
        if (++calls === 1) throw new Error('All records failed processing');
      },
    });
    queue.send({ a: 1 });
    queue.send({ b: 2 });
    await queue.idle();
    expect(calls).toBe(2);
  });
});
