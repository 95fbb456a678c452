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
  /** Settles when the worker has loaded the handler (it starts in the background). */
  ready: Promise<void>;
  busy: number;
}

export interface IngestWorkersOptions {
  count: number;
  env: NodeJS.ProcessEnv;
  logLevel: LogLevel;
  onStreamRecord: (record: DynamoDBRecord) => void;
}

export class IngestWorkers {
  readonly #slots: Slot[];
  readonly #pending = new Map<number, { resolve: (r: SQSBatchResponse) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  /** Starts the workers without waiting for them: batches sent meanwhile wait for their worker. */
  constructor(options: IngestWorkersOptions) {
    const script = workerScript();
    const data: IngestWorkerData & { script?: string } = { env: options.env, logLevel: options.logLevel, ...(script.script ? { script: script.script } : {}) };
    this.#slots = Array.from({ length: Math.max(1, options.count) }, () => {
      const worker = new Worker(script.url, { workerData: data });
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`an ingest worker exited (code ${code})`)));
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'stream') options.onStreamRecord(message.record);
          else if (message.type === 'result') this.#settle(message);
        });
      });
      ready.catch(() => {}); // reported by invoke()
      return { worker, ready, busy: 0 };
    });
  }

  /** Resolves when every worker is ready (or rejects with why one is not). */
  ready(): Promise<void> {
    return Promise.all(this.#slots.map((s) => s.ready)).then(() => undefined);
  }

  /** Invoke the ingest handler with one SQS batch in the least busy worker. */
  async invoke(event: SQSEvent): Promise<SQSBatchResponse> {
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    try {
      await slot.ready;
      const id = ++this.#nextId;
      return await new Promise<SQSBatchResponse>((resolve, reject) => {
        this.#pending.set(id, { resolve, reject });
        slot.worker.postMessage({ type: 'batch', id, event });
      });
    } finally {
      slot.busy--;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#slots.map(async ({ worker, ready }) => {
        const started = await ready.then(() => true, () => false);
        if (started) {
          const stopped = new Promise<void>((resolve) => {
            worker.on('message', (m: WorkerMessage) => m.type === 'stopped' && resolve());
            worker.once('exit', () => resolve());
          });
          worker.postMessage({ type: 'stop' });
          await stopped;
        }
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
