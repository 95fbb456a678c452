/**
 * The local stand-in for the ingest queue and its Lambda event source mapping: S3 notifications are
 * queued as SQS messages, handed to the ingest handler in batches (up to `batchSize`, after a short
 * batching window), a few batches at a time. Messages the handler reports as failed (or all of them,
 * when it throws) come back after a delay, like an expired visibility timeout; after `maxReceiveCount`
 * receives they go to the dead-letter callback. The queue lives in memory: on restart the runtime
 * re-queues every inbox object that has no outcome yet, so a crash loses nothing.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { sqsRecord } from '#commons/pipeline/s3-events.ts';

export interface InboxQueueOptions {
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  /** Lambda's SQS batch size (the stack uses 10). */
  batchSize?: number;
  /** How long a partial batch waits for more messages. */
  batchWindowMs?: number;
  /** Batches in flight at once (Lambda's maximum concurrency). */
  concurrency?: number;
  /** Receives before a message goes to the dead-letter callback (the stack uses 5). */
  maxReceiveCount?: number;
  /** Delay before a failed message is received again, times its receive count. */
  retryDelayMs?: number;
  /** After each batch: the messages handed over and the ids that failed. */
  onBatch?: (records: readonly SQSRecord[], failedIds: ReadonlySet<string>, error?: unknown) => void;
  onDeadLetter?: (record: SQSRecord) => void;
}

interface Message {
  id: string;
  body: unknown;
  receiveCount: number;
  sentAt: number;
}

export class InboxQueue {
  readonly #options: Required<Omit<InboxQueueOptions, 'onBatch' | 'onDeadLetter'>> & Pick<InboxQueueOptions, 'onBatch' | 'onDeadLetter'>;
  readonly #ready: Message[] = [];
  readonly #delayed = new Set<NodeJS.Timeout>();
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: InboxQueueOptions) {
    this.#options = {
      batchSize: 10,
      batchWindowMs: 20,
      concurrency: 2,
      maxReceiveCount: 5,
      retryDelayMs: 500,
      ...options,
    };
  }

  /** Queue one message (an S3 notification). */
  send(body: unknown, id?: string): void {
    if (this.#closed) return;
    this.#ready.push({ id: id ?? crypto.randomUUID(), body, receiveCount: 0, sentAt: Date.now() });
    this.#schedule();
  }

  /** Messages waiting, delayed for a retry, or being handled. */
  get size(): number {
    return this.#ready.length + this.#delayed.size + this.#inFlight;
  }

  /** Resolves when nothing is queued, delayed or in flight. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stop receiving; waits for the batches in flight. Queued messages are dropped (a restart re-queues them). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const timer of this.#delayed) clearTimeout(timer);
    this.#delayed.clear();
    this.#ready.length = 0;
    await this.idle();
  }

  #schedule(): void {
    const { batchSize, batchWindowMs, concurrency } = this.#options;
    if (this.#closed) return this.#notifyIdle();
    // Full batches go at once; a partial batch waits up to the batching window for more messages.
    while (this.#inFlight < concurrency && this.#ready.length >= batchSize) void this.#runBatch();
    if (this.#inFlight < concurrency && this.#ready.length > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        if (this.#inFlight < concurrency && this.#ready.length > 0) void this.#runBatch();
      }, batchWindowMs);
    }
    this.#notifyIdle();
  }

  async #runBatch(): Promise<void> {
    const messages = this.#ready.splice(0, this.#options.batchSize);
    this.#inFlight++;
    for (const message of messages) message.receiveCount++;
    const records = messages.map((m) => sqsRecord(m.body, { messageId: m.id, receiveCount: m.receiveCount, sentAt: m.sentAt }));
    let failed: Set<string>;
    let error: unknown;
    try {
      const response = await this.#options.handler({ Records: records });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (thrown) {
      // A thrown handler (e.g. every record failed) fails the whole batch.
      error = thrown;
      failed = new Set(messages.map((m) => m.id));
    }
    this.#options.onBatch?.(records, failed, error);
    for (const message of messages) if (failed.has(message.id)) this.#retry(message, records);
    this.#inFlight--;
    this.#schedule();
  }

  #retry(message: Message, records: readonly SQSRecord[]): void {
    if (this.#closed) return;
    if (message.receiveCount >= this.#options.maxReceiveCount) {
      const record = records.find((r) => r.messageId === message.id);
      if (record) this.#options.onDeadLetter?.(record);
      return;
    }
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      this.#ready.push(message);
      this.#schedule();
    }, this.#options.retryDelayMs * message.receiveCount);
    this.#delayed.add(timer);
  }

  #notifyIdle(): void {
    if (this.size > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
