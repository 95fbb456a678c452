/** The `npm start` banner: its next-step commands carry PORT and DATA_DIR when they are not the defaults. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localEnvPrefix, type LocalStackState } from '../../functions/cli/local-stack.ts';
import { startBanner } from '../../local/banner.ts';

const state = (port: number, dataDir: string): LocalStackState => ({
  version: 1,
  pid: 1,
  dataDir,
  port,
  feedBaseUrl: `http://localhost:${port}`,
  s3Endpoint: `http://127.0.0.1:${port + 1}`,
  dynamoEndpoint: `http://127.0.0.1:${port + 2}`,
  inboxBucket: 'inbox-bucket',
  feedBucket: 'feed-bucket',
  tableName: 'table',
  startedAt: '2024-01-01T00:00:00.000Z',
});
const DEFAULT_DIR = path.resolve('.data');

describe('startBanner', () => {
  it('with the defaults, names the commands alone', () => {
    const banner = startBanner(state(3000, DEFAULT_DIR), 812.4);
    expect(banner).toContain(`started in 812 ms; data in ${DEFAULT_DIR})`);
    expect(banner).toContain('  RSS 2.0     http://localhost:3000/feed.xml\n');
    expect(banner).toContain(
      '\nDrop articles:   npx ceasefire-feed drop FILE|DIR...   (or: npm run demo)\n' +
        'Follow a feed:   npx ceasefire-feed sources add FEED-URL   (polled every 15 minutes, or now: sources poll)\n' +
        'Check progress:  npx ceasefire-feed status\n' +
        'Subscribe:       add http://localhost:3000/feed.xml to your feed reader\n',
    );
    expect(banner).not.toMatch(/PORT=|DATA_DIR=/);
    expect(startBanner(state(3000, DEFAULT_DIR), 1, 0)).toContain('sources add FEED-URL   (polled when you run: sources poll)');
  });

  it('with another PORT and DATA_DIR, puts them before every command', () => {
    const banner = startBanner(state(3100, '/tmp/x'), 900);
    expect(banner).toContain(
      '\nDrop articles:   PORT=3100 DATA_DIR=/tmp/x npx ceasefire-feed drop FILE|DIR...\n' +
        '                 (or: PORT=3100 DATA_DIR=/tmp/x npm run demo)\n' +
        'Follow a feed:   PORT=3100 DATA_DIR=/tmp/x npx ceasefire-feed sources add FEED-URL\n' +
        'Check progress:  PORT=3100 DATA_DIR=/tmp/x npx ceasefire-feed status\n',
    );
    expect(banner).toContain('  Page        http://localhost:3100/\n');
  });
});

describe('localEnvPrefix', () => {
  it('names only the settings that differ from the defaults, quoted for the shell when needed', () => {
    expect(localEnvPrefix(state(3000, DEFAULT_DIR))).toBe('');
    expect(localEnvPrefix(state(3100, DEFAULT_DIR))).toBe('PORT=3100 ');
    expect(localEnvPrefix(state(3000, '/tmp/x'))).toBe('DATA_DIR=/tmp/x ');
    expect(localEnvPrefix(state(3000, "/tmp/my data/it's"))).toBe(`DATA_DIR='/tmp/my data/it'\\''s' `);
  });
});
