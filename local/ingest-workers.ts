/**
 * A pool of ingest workers (./ingest-worker.ts), the local counterpart of the ingest function's
 * concurrent execution environments: each batch runs in a free worker, on its own core.
 */
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import type { DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Worker } from 'node:worker_threads';
import type { IngestWorkerData } from './ingest-worker.ts';

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'stream'; record: DynamoDBRecord }
  | { type: 'result'; id: number; response?: SQSBatchResponse; error?: string };

/**
 * The worker script: beside the bundle that local/run.mjs builds, or the TypeScript source started
 * through tsx (./tsx-worker.mjs) when local/ runs from its sources (tests, the bench).
 */
function workerScript(): { url: URL; script?: string } {
  return import.meta.url.endsWith('.mjs')
    ? { url: new URL('./local-ingest-worker.mjs', import.meta.url) }
    : { url: new URL('./tsx-worker.mjs', import.meta.url), script: new URL('./ingest-worker.ts', import.meta.url).href };
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class IngestWorkers {
  readonly #slots: Slot[];
  readonly #pending = new Map<number, { resolve: (r: SQSBatchResponse) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  private constructor(slots: Slot[]) {
    this.#slots = slots;
  }

  static async start(options: { count: number; env: NodeJS.ProcessEnv; logLevel: LogLevel; onStreamRecord: (record: DynamoDBRecord) => void }): Promise<IngestWorkers> {
    const script = workerScript();
    const data: IngestWorkerData & { script?: string } = { env: options.env, logLevel: options.logLevel, ...(script.script ? { script: script.script } : {}) };
    let pool: IngestWorkers | undefined;
    const slots = await Promise.all(
      Array.from({ length: Math.max(1, options.count) }, async () => {
        const worker = new Worker(script.url, { workerData: data });
        await new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'ready') resolve();
            else if (message.type === 'stream') options.onStreamRecord(message.record);
            else if (message.type === 'result' && pool) pool.#settle(message);
          });
        });
        return { worker, busy: 0 };
      }),
    );
    pool = new IngestWorkers(slots);
    return pool;
  }

  /** Invoke the ingest handler with one SQS batch in the least busy worker. */
  invoke(event: SQSEvent): Promise<SQSBatchResponse> {
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = ++this.#nextId;
    slot.busy++;
    return new Promise<SQSBatchResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'batch', id, event });
    }).finally(() => slot.busy--);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#slots.map(async ({ worker }) => {
        const stopped = new Promise<void>((resolve) => {
          worker.on('message', (m: WorkerMessage) => m.type === 'stopped' && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'stop' });
        await stopped;
        await worker.terminate();
      }),
    );
  }

  #settle(message: Extract<WorkerMessage, { type: 'result' }>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.response ?? { batchItemFailures: [] });
  }
}
