/**
 * `npx cdk synth -c stage=prod` works offline with the pinned CLI: it runs the app through tsx, bundles both
 * handlers with the local esbuild (no Docker), runs cdk-nag and CDK's built-in CloudFormation validation, and writes
 * an assembly the CLI can read. This is the slow test of the suite (about 20 s, mostly CDK's template validation).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLERS, REPO_ROOT } from '../../infra/bundling.ts';
import { resourcePrefix } from '../../infra/names.ts';

const run = promisify(execFile);
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const offlineEnv = {
  ...process.env,
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  // No instance metadata lookups for credentials on machines without AWS access.
  AWS_EC2_METADATA_DISABLED: 'true',
  CI: 'true',
  FORCE_COLOR: '0',
};
const outdirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ceasefire-feed-synth-'));
  outdirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function cdk(args: string[]) {
  try {
    return await run(bin('cdk'), args, { cwd: REPO_ROOT, env: offlineEnv, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`cdk ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`.slice(0, 8000));
  }
}

describe('cdk CLI', () => {
  it('is a version that reads this aws-cdk-lib assembly (aws-cdk 2.1148.x, not 3.0.0)', async () => {
    const { stdout } = await cdk(['--version']);
    expect(stdout).toMatch(/^2\.\d+\.\d+/);
  });

  it('synthesizes prod offline, with bundled handlers and a clean validation report', { timeout: 180_000 }, async () => {
    const outdir = tempDir();
    await cdk(['synth', '-c', 'stage=prod', '--quiet', '--no-notices', '-o', outdir]);

    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'CeasefireFeed-prod.template.json'), 'utf8'));
    const functions = Object.values(template.Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.FunctionName ?? '').startsWith(resourcePrefix('prod')),
    );
    expect(functions).toHaveLength(Object.keys(HANDLERS).length);
    for (const f of functions) {
      const assetHash = String(f.Metadata['aws:asset:path']);
      const bundle = path.join(outdir, assetHash, 'index.mjs');
      expect(fs.existsSync(bundle), `${f.Properties.FunctionName} bundle at ${bundle}`).toBe(true);
      expect(fs.readFileSync(bundle, 'utf8')).toContain('createRequire');
    }

    // cdk-nag ran as a validation plugin (its acknowledgments are written into the template for audit), and
    // neither it nor CDK's CloudFormation validation reported anything: plugins only appear here with findings.
    expect(JSON.stringify(functions[0].Metadata.cdk_nag)).toContain('AwsSolutions-L1');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    for (const plugin of report.pluginReports) expect(plugin.violations, plugin.pluginName).toEqual([]);
  });

  it('refuses an unknown stage with a clear message', { timeout: 60_000 }, async () => {
    const outdir = tempDir();
    const failure = await run(bin('tsx'), ['infra/app.ts'], {
      cwd: REPO_ROOT,
      env: { ...offlineEnv, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'production' }) },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Unknown stage "production". Use one of: dev, staging, prod');
  });
});
