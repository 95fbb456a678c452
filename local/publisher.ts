/**
 * The local stand-in for the table stream -> publish function wiring. Stream records from ingest are
 * gathered; when they touch an event (`changesFeed`, the publish handler's own test), one rebuild runs
 * after a short quiet period (at most `maxWaitMs` after the first change), so 1,000 drops cost a few
 * rebuilds, not 1,000. Rebuilds never overlap, like the publish function's reserved concurrency of 1.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { changesFeed } from '#commons/pipeline/stream.ts';
import type { PublishOptions, PublishResult } from '#commons/pipeline/publish-feeds.ts';

export interface DebouncedPublisherOptions {
  publish: (options: PublishOptions) => Promise<PublishResult>;
  quietMs?: number;
  /** Longest wait after the first change while ingest is idle (the drop-to-feed latency). */
  maxWaitMs?: number;
  /** While this says ingest still has work queued, rebuilds wait up to `busyMaxWaitMs` instead. */
  busy?: () => boolean;
  busyMaxWaitMs?: number;
  /** Rebuild attempts after a change before giving up until the next change (the stream's retries). */
  attempts?: number;
  onPublished?: (result: PublishResult) => void;
  onError?: (error: unknown, willRetry: boolean) => void;
}

export class DebouncedPublisher {
  readonly #options: Required<Omit<DebouncedPublisherOptions, 'onPublished' | 'onError'>> & Pick<DebouncedPublisherOptions, 'onPublished' | 'onError'>;
  #dirtySince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #running = 0;
  #failures = 0;
  #attempting = false;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: DebouncedPublisherOptions) {
    this.#options = { quietMs: 50, maxWaitMs: 500, busy: () => false, busyMaxWaitMs: 10_000, attempts: 4, ...options };
  }

  /** Stream records written by ingest. */
  notify(records: readonly DynamoDBRecord[]): void {
    if (this.#closed || records.length === 0 || !changesFeed(records)) return;
    this.#dirtySince ??= Date.now();
    this.#failures = 0;
    this.#arm(this.#options.quietMs);
  }

  /** Rebuild now (after any rebuild in progress), e.g. for `ceasefire-feed publish`. */
  publishNow(options: PublishOptions = {}): Promise<PublishResult> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirtySince = undefined;
    return this.#run(options);
  }

  /** Resolves when no change is waiting and no rebuild is running. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirtySince = undefined;
    await this.#chain.catch(() => {});
    this.#notifyIdle();
  }

  #arm(delayMs: number): void {
    const since = this.#dirtySince ?? Date.now();
    const due = Math.min(delayMs, Math.max(0, since + this.#options.maxWaitMs - Date.now()));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#fire(since), due);
  }

  async #fire(since: number): Promise<void> {
    // A bulk drop: one rebuild every few seconds instead of one per batch; the last runs when ingest is done.
    if (this.#options.busy() && Date.now() - since < this.#options.busyMaxWaitMs) {
      this.#timer = setTimeout(() => void this.#fire(since), this.#options.quietMs);
      return;
    }
    this.#timer = undefined;
    this.#dirtySince = undefined;
    this.#attempting = true;
    try {
      await this.#run({});
    } catch (error) {
      this.#failures++;
      const willRetry = this.#failures < this.#options.attempts && !this.#closed;
      this.#options.onError?.(error, willRetry);
      if (willRetry) {
        this.#dirtySince ??= Date.now();
        this.#arm(500 * this.#failures);
      }
    } finally {
      this.#attempting = false;
      this.#notifyIdle();
    }
  }

  #run(options: PublishOptions): Promise<PublishResult> {
    this.#running++;
    const run = this.#chain.catch(() => {}).then(() => this.#options.publish(options));
    this.#chain = run;
    return run
      .then((result) => {
        this.#options.onPublished?.(result);
        return result;
      })
      .finally(() => {
        this.#running--;
        this.#notifyIdle();
      });
  }

  #isIdle(): boolean {
    return this.#running === 0 && !this.#attempting && this.#timer === undefined && this.#dirtySince === undefined;
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
