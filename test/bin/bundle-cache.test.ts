/** The cached bundles the bin and `npm start` run from (bin/bundle-cache.mjs). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bundleCache = pathToFileURL(path.resolve('bin/bundle-cache.mjs')).href;

describe('bundleIfStale', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('keeps the split build it just wrote when the command runs from another directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bundle-cache-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'main.ts'), "export const later = () => import('./later.ts');\n");
    await writeFile(path.join(dir, 'later.ts'), 'export const answer = 42;\n');
    const outdir = path.join(dir, 'out');
    const script = `import { bundleIfStale } from ${JSON.stringify(bundleCache)};
await bundleIfStale({ sources: ['package.json'], outputs: [${JSON.stringify(path.join(outdir, 'main.mjs'))}],
  entryPoints: [${JSON.stringify(path.join(dir, 'main.ts'))}], outdir: ${JSON.stringify(outdir)}, splitting: true, outExtension: { '.js': '.mjs' } });`;
    // A user's shell is anywhere: here, the system's temporary directory, not the repository.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(existsSync(path.join(outdir, 'main.mjs'))).toBe(true);
    expect(readdirSync(outdir).length).toBeGreaterThan(1);
  });
});
