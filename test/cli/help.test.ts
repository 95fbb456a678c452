/**
 * `help`, `help <command>` and `--help` print the same text, and the README's command table names every
 * command and every option the commands' own help lists.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const COMMANDS = ['extract', 'eval', 'drop', 'publish', 'status', 'reextract', 'sources'];

describe('help', () => {
  it('`help` is `--help`, exit 0', async () => {
    const help = await cli('help');
    expect(help).toEqual({ code: 0, out: (await cli('--help')).out, err: '' });
    expect(help.out).toContain('Usage: ceasefire-feed <command>');
    expect(await cli('help', 'help')).toEqual(help);
  });

  it.each(COMMANDS)('`help %s` is `%s --help`, exit 0', async (command) => {
    const help = await cli('help', command);
    expect(help.code).toBe(0);
    expect(help.out).toContain(`Usage: ceasefire-feed ${command}`);
    expect(help).toEqual(await cli(command, '--help'));
  });

  it('`help` of an unknown command says so, exit 2', async () => {
    const { code, err } = await cli('help', 'frobnicate');
    expect(code).toBe(2);
    expect(err).toContain("Unknown command 'frobnicate'");
  });
});

describe('README command table', () => {
  const rows = async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## The event schema'));
    return new Map([...table.matchAll(/^\| `([a-z]+)([^`]*)` \|/gm)].map((m) => [m[1]!, m[2]!]));
  };

  it('lists every command, with every option of its --help', async () => {
    const table = await rows();
    expect([...table.keys()].sort()).toEqual([...COMMANDS, 'help'].sort());
    for (const command of COMMANDS) {
      const options = new Set((await cli(command, '--help')).out.match(/--[a-z][a-z-]*/g));
      options.delete('--help');
      expect(options.size, command).toBeGreaterThan(0);
      for (const option of options) expect(table.get(command), `${command} ${option}`).toContain(option);
    }
  });
});
