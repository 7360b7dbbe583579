import type { CommandModule } from 'yargs';

import { UsageError } from '../../errors.js';

interface EmulatorFlags {
  port: number;
  state?: string;
  seed: boolean;
  faults?: string;
  token?: string;
  'read-only-token'?: string;
  'deploy-ms': number;
  'default-network-name': string;
}

/** `emulator`: runs the bundled Marathon emulator on 127.0.0.1 until SIGINT or SIGTERM. */
export const emulatorCommand: CommandModule<object, EmulatorFlags> = {
  command: 'emulator',
  describe: 'run the bundled Marathon emulator on 127.0.0.1 for trying the tool',
  builder: (yargs) =>
    yargs
      .option('port', { type: 'number', default: 0, describe: 'TCP port on 127.0.0.1 (0 picks a free one)' })
      .option('state', {
        type: 'string',
        describe: 'cluster state file (GET /v2/groups JSON): loaded at start when it exists, saved on exit',
      })
      .option('seed', {
        type: 'boolean',
        default: false,
        describe: 'start from the bundled example cluster (fixtures/cluster) when there is no state file yet',
      })
      .option('faults', { type: 'string', describe: 'fault spec, e.g. latency=20-80,5xx=0.1,reset=0.02,409=0.05,seed=42' })
      .option('token', { type: 'string', describe: 'require this token (Authorization: token=...), answered the Admin Router way' })
      .option('read-only-token', { type: 'string', describe: 'a token that may only read (changes get 403); needs --token' })
      .option('deploy-ms', { type: 'number', default: 0, describe: 'milliseconds each deployment step takes (0: instant)' })
      .option('default-network-name', { type: 'string', default: 'dcos', describe: "Marathon's default_network_name" })
      .implies('read-only-token', 'token')
      .example('$0 emulator --seed --port 8080', 'the example cluster at http://127.0.0.1:8080')
      .example('$0 emulator --state cluster.json --faults 5xx=0.1,seed=7', 'a flaky cluster that remembers its state')
      .check((flags) => {
        if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) throw new UsageError(`--port must be 0-65535, got ${flags.port}`);
        if (!(flags['deploy-ms'] >= 0)) throw new UsageError(`--deploy-ms must be a non-negative number, got ${flags['deploy-ms']}`);
        return true;
      }) as never,
  handler: async (flags) => {
    const [{ runEmulator }] = await Promise.all([import('../run-emulator.js')]);
    await runEmulator(
      {
        port: flags.port,
        state: flags.state,
        seed: flags.seed,
        faults: flags.faults,
        token: flags.token,
        readOnlyToken: flags['read-only-token'],
        deployMs: flags['deploy-ms'],
        defaultNetworkName: flags['default-network-name'],
      },
      { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    );
  },
};
