/**
 * The embedded servers that stand in for S3 and DynamoDB: s3rver (objects on disk under `<dataDir>/s3`)
 * and dynalite (LevelDB under `<dataDir>/dynamodb`), both keeping their data across restarts. They run
 * in a worker thread (./emulator-worker.mjs), so the services and the handlers calling them use separate
 * cores, as on AWS; S3 events reach this thread as messages.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The S3 event s3rver emits for a PUT, POST, COPY or DELETE (keys raw, not URL-encoded). */
export interface S3rverEvent {
  Records: {
    eventName: string;
    eventTime: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }[];
}

/**
 * Credentials the embedded S3 accepts: the pair functions/commons/aws/clients.ts uses for local
 * endpoints, besides s3rver's own S3RVER/S3RVER. Any S3 client can use either pair.
 */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface EmulatorOptions {
  dataDir: string;
  /** 0 picks a free port. */
  s3Port: number;
  dynamoPort: number;
  /** Interface to listen on; localhost only by default. */
  host?: string;
  /** Called for every S3 event (object created or removed), with the raw key. */
  onS3Event?: (event: S3rverEvent) => void;
}

export interface Emulators {
  s3Endpoint: string;
  dynamoEndpoint: string;
  stop(): Promise<void>;
}

type WorkerMessage =
  | { type: 'ready'; s3Port: number; dynamoPort: number }
  | { type: 'error'; message: string }
  | { type: 's3-event'; event: S3rverEvent }
  | { type: 'stopped' };

/** Beside this module in the sources, and beside the bundle that local/run.mjs builds. */
const WORKER_URL = new URL('./emulator-worker.mjs', import.meta.url);

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const host = options.host ?? '127.0.0.1';
  const s3Dir = path.join(options.dataDir, 's3');
  const dynamoDir = path.join(options.dataDir, 'dynamodb');
  await Promise.all([mkdir(s3Dir, { recursive: true }), mkdir(dynamoDir, { recursive: true })]);

  const worker = new Worker(WORKER_URL, {
    workerData: { s3Dir, dynamoDir, s3Port: options.s3Port, dynamoPort: options.dynamoPort, host, credentials: LOCAL_S3_CREDENTIALS },
  });
  const ready = await new Promise<{ s3Port: number; dynamoPort: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The embedded S3/DynamoDB servers stopped while starting (exit ${code}).`)));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'error') reject(new Error(message.message));
      else if (message.type === 's3-event') options.onS3Event?.(message.event);
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (error: Error) => console.error(`embedded S3/DynamoDB servers: ${error.message}`));

  const url = (port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    s3Endpoint: url(ready.s3Port),
    dynamoEndpoint: url(ready.dynamoPort),
    stop: () =>
      (stopped ??= (async () => {
        const done = new Promise<void>((resolve) => {
          worker.on('message', (message: WorkerMessage) => message.type === 'stopped' && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'stop' });
        await done;
        await worker.terminate();
      })()),
  };
}
