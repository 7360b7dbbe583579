/**
 * The `emulator` command's implementation: starts the emulator, prints its URL on stdout, and runs until SIGINT or
 * SIGTERM, then closes it (saving the state file when one was given). The token is never printed.
 */
import { existsSync, readFileSync } from 'node:fs';

import { startEmulator, type EmulatorOptions } from '../emulator/index.js';
import { parseFaultSpec } from '../emulator/faults.js';
import { UsageError } from '../errors.js';
import { fixturePath } from '../paths.js';

/** Options of `runEmulator`, as the command line gives them. */
export interface RunEmulatorOptions {
  port: number;
  state?: string | undefined;
  seed: boolean;
  faults?: string | undefined;
  token?: string | undefined;
  readOnlyToken?: string | undefined;
  deployMs: number;
  defaultNetworkName: string;
}

/** Where output goes. */
export interface RunEmulatorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the emulator should stop; default: the first SIGINT or SIGTERM. */
  stopSignal?: Promise<void>;
}

/**
 * Runs the emulator until stopped. Throws UsageError for a bad fault spec or a port in use, InputError for a bad
 * state file.
 */
export async function runEmulator(options: RunEmulatorOptions, io: RunEmulatorIo): Promise<void> {
  const faults = options.faults === undefined ? undefined : parseFaultSpec(options.faults);
  const seeded = options.seed && (options.state === undefined || !existsSync(options.state));
  const emulatorOptions: EmulatorOptions = {
    port: options.port,
    deployMs: options.deployMs,
    defaultNetworkName: options.defaultNetworkName,
    ...(faults ? { faults } : {}),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.readOnlyToken === undefined ? {} : { readOnlyToken: options.readOnlyToken }),
  };
  const seedTree = seeded ? (JSON.parse(readFileSync(fixturePath('cluster', 'cluster.json'), 'utf8')) as Record<string, unknown>) : undefined;
  const emulator = await startEmulator({
    ...emulatorOptions,
    ...(seedTree ? { state: seedTree } : options.state === undefined ? {} : { state: options.state }),
    ...(options.state === undefined ? {} : { saveTo: options.state }),
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${options.port} on 127.0.0.1 is already in use. Pick another with --port, or --port 0 for a free one.`);
    }
    throw error;
  });
  io.stdout(`${emulator.url}\n`);
  const details = [
    options.state === undefined ? 'in-memory state' : `state file ${options.state}`,
    seedTree ? 'seeded from fixtures/cluster' : undefined,
    options.faults ? `faults ${options.faults}` : undefined,
    options.token === undefined ? 'no authentication' : 'token required',
    options.deployMs > 0 ? `deployment steps take ${options.deployMs} ms` : 'instant deployments',
  ].filter(Boolean);
  io.stderr(`Marathon emulator listening on ${emulator.url} (${details.join(', ')}). Stop with Ctrl-C.\n`);
  await (io.stopSignal ?? firstSignal());
  await emulator.close();
  if (options.state !== undefined) io.stderr(`saved the cluster state to ${options.state}\n`);
}

function firstSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
