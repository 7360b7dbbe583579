import type { CommandModule } from 'yargs';

import { UsageError } from '../../errors.js';

interface CheckConfigFlags {
  config: string;
  to: string;
  'to-cidr'?: string;
  instances?: number;
  agents?: number;
  masters?: number;
  'host-mtu': number;
  'docker-bridge': string;
  resources: string[];
  format: 'text' | 'json';
  strict: boolean;
}

/** `check-config`: validate a DC/OS config.yaml's Calico parameters, more strictly than DC/OS does. */
export const checkConfigCommand: CommandModule<object, CheckConfigFlags> = {
  command: 'check-config <config>',
  describe: 'validate the calico_* parameters of a DC/OS config.yaml, more strictly than the installer',
  builder: (yargs) =>
    yargs
      .positional('config', { type: 'string', demandOption: true, describe: 'the DC/OS config.yaml (genconf/config.yaml)' })
      .option('to', { type: 'string', default: 'calico', describe: 'network the migration moves to; another name plans an additional Calico network' })
      .option('to-cidr', { type: 'string', describe: "the additional network's pool (default: the first free private /16)" })
      .option('instances', { type: 'number', describe: 'task instances planned on the target network (capacity check)' })
      .option('agents', { type: 'number', describe: 'private + public agents (default: agent_list + public_agent_list)' })
      .option('masters', { type: 'number', describe: 'masters (default: master_list)' })
      .option('host-mtu', { type: 'number', default: 1500, describe: "MTU of the hosts' network" })
      .option('docker-bridge', { type: 'string', default: '172.17.0.0/16', describe: "Docker's docker0 network on the agents" })
      .option('resources', { alias: 'r', type: 'string', array: true, default: [], describe: 'calicoctl files with the IP pools the cluster already has' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 1 on warnings too' })
      .example('$0 check-config genconf/config.yaml --instances 1200', 'is the Calico pool clear of every install network and big enough?')
      .example('$0 check-config genconf/config.yaml --to blue --to-cidr 10.1.0.0/16', 'the pool, profile and docker command for a network "blue"') as never,
  handler: async (flags) => {
    for (const key of ['instances', 'agents', 'masters'] as const) {
      const value = flags[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new UsageError(`--${key} must be a whole number, got ${value}`);
    }
    if (!Number.isInteger(flags['host-mtu']) || flags['host-mtu'] < 576) throw new UsageError(`--host-mtu must be a whole number of at least 576, got ${flags['host-mtu']}`);
    const { runCheckConfig } = await import('../check-config/run.js');
    await runCheckConfig(
      {
        config: flags.config,
        options: {
          to: flags.to,
          hostMtu: flags['host-mtu'],
          dockerBridge: flags['docker-bridge'],
          ...(flags['to-cidr'] !== undefined ? { toCidr: flags['to-cidr'] } : {}),
          ...(flags.instances !== undefined ? { instances: flags.instances } : {}),
          ...(flags.agents !== undefined ? { agents: flags.agents } : {}),
          ...(flags.masters !== undefined ? { masters: flags.masters } : {}),
        },
        resources: flags.resources,
        format: flags.format,
        strict: flags.strict,
      },
      { cwd: process.cwd(), stdout: (text: string) => void process.stdout.write(text) },
    );
  },
};
