// The embedded S3 (s3rver) and DynamoDB (dynalite) servers, run in a worker thread by ./emulators.ts so
// that they use their own core, as the real services would, instead of competing with the handlers for
// the main thread. Plain JavaScript: a worker loads it as is (no TypeScript loader), from the sources, a
// test run or the bundle that local/run.mjs builds (which copies this file beside it).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17+) no longer
// provides: every listing of more than 1,000 keys failed with InternalError, so `status` and the restart
// rescan of inbox/ broke past 1,000 objects. Triple DES with the key repeated is the same cipher (EDE with
// K1 = K2 = K3 is single DES) and is still in the default provider. Only this worker's crypto is patched.
const crypto = require('node:crypto');
const tripleDesKey = (key) => (Buffer.isBuffer(key) && key.length === 8 ? Buffer.concat([key, key, key]) : key);
for (const name of ['createCipheriv', 'createDecipheriv']) {
  const original = crypto[name];
  crypto[name] = (algorithm, key, iv, ...rest) =>
    algorithm === 'des' ? original('des-ede3-cbc', tripleDesKey(key), iv, ...rest) : original(algorithm, key, iv, ...rest);
}

const S3rver = require('s3rver');
const dynalite = require('dynalite');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

/** @type {{ s3Dir: string, dynamoDir: string, s3Port: number, dynamoPort: number, host: string, credentials: { accessKeyId: string, secretAccessKey: string } }} */
const options = workerData;
// Besides s3rver's own S3RVER/S3RVER, accept the pair functions/commons/aws/clients.ts uses locally.
DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use.`) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const s3 = new S3rver({
  address: options.host,
  port: options.s3Port,
  directory: options.s3Dir,
  silent: true,
  // Buckets are addressed by path (the SDK clients use forcePathStyle).
  vhostBuckets: false,
  allowMismatchedSignatures: true,
});
// s3rver emits S3-shaped events for PUT, POST, COPY and DELETE, with raw (not URL-encoded) keys.
s3.on('event', (event) => parentPort.postMessage({ type: 's3-event', event }));
// Our own HTTP server around s3rver's request listener, so a busy port is a clear error.
const s3Server = createServer(s3.callback());
// dynalite's close() also closes its LevelDB, so the next start can open it.
const dynamo = dynalite({ path: options.dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

parentPort.on('message', async (message) => {
  if (message?.type !== 'stop') return;
  await Promise.allSettled([close(s3Server), close(dynamo)]);
  parentPort.postMessage({ type: 'stopped' });
});

try {
  const s3Port = await listen(s3Server, options.s3Port, options.host);
  let dynamoPort;
  try {
    dynamoPort = await listen(dynamo, options.dynamoPort, options.host);
  } catch (error) {
    await close(s3Server);
    throw error;
  }
  parentPort.postMessage({ type: 'ready', s3Port, dynamoPort });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
