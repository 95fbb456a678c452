/** `ceasefire-feed` command line: one module per command, dispatched here. */
import { runDrop } from './drop.ts';
import { runExtract } from './extract.ts';
import { runPublish } from './publish.ts';
import { runStatus } from './status.ts';

const USAGE = `Usage: ceasefire-feed <command> [options]

Commands:
  extract [--json] [--published YYYY-MM-DD] [--url U] [--publisher P] FILE...
      Read articles and print the ceasefire developments they report.
  drop [--published D] [--url U] [--publisher P] [--stage S | --bucket B] [--wait] FILE|DIR...
      Upload articles into the inbox (the local stack from 'npm start' unless --stage/--bucket).
  publish [--full] [--json]
      Rebuild the local stack's feeds now.
  status [--json] [--stage S]
      Count dropped, processed, rejected and pending objects and the developments in the feed.

Run 'ceasefire-feed <command> --help' for a command's options.
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  extract: runExtract,
  drop: runDrop,
  publish: runPublish,
  status: runStatus,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    process.stderr.write(`ceasefire-feed ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
