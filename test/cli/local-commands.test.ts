/**
 * `drop`, `status` and `publish` against a running local stack (started in-process on free ports),
 * through the CLI's own `main`, found from DATA_DIR as a user's shell would.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectFiles } from '../../functions/cli/drop.ts';
import { main } from '../../functions/cli/main.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

const STORY = (place: string, day: number) => `Truce agreed in ${place}

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;

/** Runs the CLI and captures what it writes. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

let dir: string;
let stack: LocalStack | undefined;
const savedEnv = { DATA_DIR: process.env.DATA_DIR, PORT: process.env.PORT };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-cli-'));
  process.env.DATA_DIR = path.join(dir, 'data');
  delete process.env.PORT;
});
afterAll(async () => {
  await stack?.stop();
  Object.assign(process.env, savedEnv);
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  await rm(dir, { recursive: true, force: true });
});

describe('CLI without a running stack', () => {
  it('says how to start it', async () => {
    for (const command of [['status'], ['publish'], ['drop', import.meta.filename]]) {
      const { code, err } = await cli(...command);
      expect(code).toBe(1);
      expect(err).toContain('npm start');
    }
  });
});

describe('CLI against the local stack', () => {
  beforeAll(async () => {
    stack = await startLocalStack({ dataDir: process.env.DATA_DIR!, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0 });
  });

  it('drop uploads files and folders recursively, keeping names, and --wait waits for the feed', async () => {
    const articles = path.join(dir, 'articles');
    await mkdir(path.join(articles, 'gaza'), { recursive: true });
    await writeFile(path.join(articles, 'gaza', 'day 3.txt'), STORY('Gaza', 3));
    await writeFile(path.join(articles, 'gaza', 'day+4.txt'), STORY('Gaza', 4));
    await writeFile(path.join(articles, '.hidden.txt'), 'skipped');
    await writeFile(path.join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    expect((await collectFiles([articles, path.join(dir, 'photo.png')])).map((f) => f.key)).toEqual([
      'inbox/gaza/day 3.txt',
      'inbox/gaza/day+4.txt',
      'inbox/photo.png',
    ]);

    const { code, out } = await cli('drop', '--wait', '--publisher', 'Example News', articles, path.join(dir, 'photo.png'));
    expect(code).toBe(0);
    expect(out).toContain('Dropped 3 files into the local inbox');
    expect(out).toContain('3 dropped: 2 processed, 1 rejected, 0 pending');
  });

  it('status --json prints exactly the counts', async () => {
    const { code, out } = await cli('status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(Object.keys(status)).toEqual(['dropped', 'processed', 'rejected', 'pending', 'events']);
    expect(status).toMatchObject({ dropped: 3, processed: 2, rejected: 1, pending: 0 });
    expect(status.events).toBeGreaterThan(0);
  });

  it('status lists rejected objects with their reasons', async () => {
    const { out } = await cli('status');
    expect(out).toMatch(/rejected\s+1/);
    expect(out).toContain('inbox/photo.png');
    expect(out).toContain('binary: The file is a PNG image');
  });

  it('publish rebuilds and changes no byte when nothing changed', async () => {
    const { code, out } = await cli('publish', '--full');
    expect(code).toBe(0);
    expect(out).toMatch(/Rebuilt the feeds from \d+ developments? in \d+ ms: no file changed/);
  });

  it('drop checks its metadata before uploading', async () => {
    const { code, err } = await cli('drop', '--published', 'yesterday', path.join(dir, 'photo.png'));
    expect(code).toBe(2);
    expect(err).toContain('--published wants a date');
  });

  it('refuses a PORT that is not the stack of this DATA_DIR', async () => {
    process.env.PORT = String(stack!.state.port + 1);
    try {
      const { code, err } = await cli('status');
      expect(code).toBe(1);
      expect(err).toContain(`listens on port ${stack!.state.port}`);
    } finally {
      delete process.env.PORT;
    }
  });
});
