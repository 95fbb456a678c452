/**
 * What `npm start` prints once the stack runs: the feed URLs, the embedded servers, and the commands to
 * use next. With a PORT or DATA_DIR that is not the default, the commands carry them (`PORT=3100 npx
 * ceasefire-feed status`): the CLI finds the stack by them.
 */
import { localEnvPrefix, type LocalStackState } from '../functions/cli/local-stack.ts';
import { POLL_DEFAULTS } from '#commons/sources/settings.ts';

export function startBanner(state: LocalStackState, startedInMs: number, pollIntervalMinutes: number = POLL_DEFAULTS.intervalMinutes): string {
  const polled = pollIntervalMinutes > 0 ? `polled every ${pollIntervalMinutes} minutes, or now: sources poll` : 'polled when you run: sources poll';
  const base = state.feedBaseUrl;
  const env = localEnvPrefix(state);
  const next = env
    ? `Drop articles:   ${env}npx ceasefire-feed drop FILE|DIR...
                 (or: ${env}npm run demo)
Follow a feed:   ${env}npx ceasefire-feed sources add FEED-URL
Check progress:  ${env}npx ceasefire-feed status
                 (run the commands with ${env.trim()}, as shown, so they reach this stack)`
    : `Drop articles:   npx ceasefire-feed drop FILE|DIR...   (or: npm run demo)
Follow a feed:   npx ceasefire-feed sources add FEED-URL   (${polled})
Check progress:  npx ceasefire-feed status`;
  return `
Ceasefire feed is running on this machine (started in ${Math.round(startedInMs)} ms; data in ${state.dataDir})

  Page        ${base}/
  RSS 2.0     ${base}/feed.xml
  Atom        ${base}/atom.xml
  JSON Feed   ${base}/feed.json

  S3          ${state.s3Endpoint}   buckets ${state.inboxBucket} (drop under inbox/), ${state.feedBucket}
  DynamoDB    ${state.dynamoEndpoint}   table ${state.tableName}

${next}
Subscribe:       add ${base}/feed.xml to your feed reader
Stop:            Ctrl+C
`;
}
