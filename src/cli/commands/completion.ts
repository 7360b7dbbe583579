import type { Argv, CommandModule } from 'yargs';

/** No options: the shell is taken from `$SHELL` (zsh gets a zsh script, anything else bash). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the command takes no options of its own
export interface CompletionArgs {}

let parser: Argv | undefined;

/**
 * `dcos-calico-migrate completion`: prints yargs' shell completion script. The script calls the CLI with
 * `--get-yargs-completions`, which yargs answers from the registered commands and options.
 */
export const completionCommand: CommandModule<object, CompletionArgs> = {
  command: 'completion',
  describe: 'print a shell completion script (bash, or zsh when $SHELL is zsh)',
  builder: (yargs) => {
    // yargs renders the script; keep the instance the handler runs in.
    parser = yargs;
    return yargs
      .example('$0 completion >> ~/.bashrc', 'complete commands and options in new bash shells')
      .example('source <($0 completion)', 'enable completion in the current shell')
      .example('SHELL=/bin/zsh $0 completion >> ~/.zshrc', 'the zsh variant');
  },
  handler: () => {
    // $0 is the script name main.ts sets; the command name defaults to `completion`.
    parser?.showCompletionScript();
  },
};
