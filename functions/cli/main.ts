/** `ceasefire-feed` command line: one module per command, dispatched here. */

const USAGE = `Usage: ceasefire-feed <command> [options]

Commands:
  extract [--json] [--explain] [--published YYYY-MM-DD] [--url U] [--publisher P] [--extractor rules|bedrock] FILE...
      Read articles and print the ceasefire developments they report.
  eval [--extractor rules|bedrock] [--gold FILE] [--text-only]
      Score an extractor on a hand-labelled gold file, as the shared scorer does.
  drop [--published D] [--url U] [--publisher P] [--stage S | --bucket B] [--wait] FILE|DIR...
      Upload articles into the inbox (the local stack from 'npm start' unless --stage/--bucket).
  publish [--full] [--json]
      Rebuild the local stack's feeds now.
  status [--json] [--stage S]
      Count dropped, processed, rejected and pending objects, the developments found,
      and the articles in a language the extractor does not read yet.
  reextract [--dry-run] [--json] [--stage S]
      Apply this extractor to every stored article (after an upgrade), then rebuild the feeds.
  sources list|add URL|remove NAME|poll|import FILE|export [--stage S]
      The publishers' feeds followed by themselves: list, follow, stop following, poll now, YAML in and out.
  help [COMMAND]
      Print this help, or a command's help.

Run 'ceasefire-feed help <command>' (or '<command> --help') for a command's options.
`;

type Command = (args: string[]) => Promise<number>;

// The SDK's Node 20 deprecation notice says nothing a user of this CLI can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Each command's module is loaded when it runs: `status` need not load the extractor.
const commands: Record<string, Command> = {
  extract: async (args) => (await import('./extract.ts')).runExtract(args),
  eval: async (args) => (await import('./eval.ts')).runEval(args),
  drop: async (args) => (await import('./drop.ts')).runDrop(args),
  publish: async (args) => (await import('./publish.ts')).runPublish(args),
  status: async (args) => (await import('./status.ts')).runStatus(args),
  reextract: async (args) => (await import('./reextract.ts')).runReextract(args),
  sources: async (args) => (await import('./sources.ts')).runSources(args),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  // `help` and `help <command>` are `--help` and `<command> --help`.
  if (name === 'help') return rest[0] && rest[0] !== 'help' ? main([rest[0], '--help']) : main(['--help']);
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
