// Starts a TypeScript worker script (workerData.script, a file URL) through tsx. Used when local/ runs
// from its sources (tests, the bench); `npm start` runs bundles that need no loader.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.script);
