/**
 * `check-config`: reads a DC/OS `config.yaml` (and optionally the cluster's Calico resources, for existing pools),
 * runs the checks of `calico/dcos-config`, prints the findings and, for `--to` another network, the resources and
 * command to create it. Exit 1 when a finding is an error (or a warning, with `--strict`).
 */
import { checkDcosConfig, type ConfigCheckOptions, type ConfigCheckResult, parseDcosConfig } from '../../calico/dcos-config/index.js';
import { ipPoolsFromResources } from '../../calico/ipam/pools.js';
import { loadResources, type ResourceInput } from '../../calico/resources/load.js';
import { ExitError, UsageError } from '../../errors.js';
import { collectFiles, readInput } from '../collect-files.js';

export interface CheckConfigArgs {
  config: string;
  options: Omit<ConfigCheckOptions, 'existingPools'>;
  /** calicoctl files whose IPPools already exist in the cluster. */
  resources: readonly string[];
  format: 'text' | 'json';
  strict: boolean;
}

export interface CheckConfigContext {
  cwd: string;
  stdout(text: string): void;
}

/** Runs the checks and prints the result. @throws ExitError(1) on errors (warnings with strict); InputError on bad files. */
export async function runCheckConfig(args: CheckConfigArgs, context: CheckConfigContext): Promise<void> {
  const [file] = await collectFiles({ cwd: context.cwd, paths: [args.config], include: [], exclude: [] });
  if (!file || !file.named) throw new UsageError(`${args.config}: name the config.yaml file, not a folder`);
  const config = parseDcosConfig(await readInput(file), file.path);
  const inputs: ResourceInput[] = [];
  if (args.resources.length > 0) {
    for (const resource of await collectFiles({ cwd: context.cwd, paths: args.resources, include: ['*.yaml', '*.yml', '*.json'], exclude: [] })) {
      inputs.push({ file: resource.path, text: await readInput(resource) });
    }
  }
  const existingPools = inputs.length > 0 ? ipPoolsFromResources(loadResources(inputs).ipPools) : [];
  const result = checkDcosConfig(config, { ...args.options, existingPools });
  context.stdout(args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderText(result));
  const errors = result.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = result.findings.filter((finding) => finding.severity === 'warning').length;
  if (errors > 0 || (args.strict && warnings > 0)) {
    throw new ExitError(1, `${file.path}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
}

/** Text report: findings by severity with `file:line`, the pool figures, and the additional network's resources. */
export function renderText(result: ConfigCheckResult): string {
  const lines: string[] = [];
  const count = (severity: string): number => result.findings.filter((finding) => finding.severity === severity).length;
  lines.push(`${result.file}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}`);
  if (result.settings) {
    const s = result.settings;
    lines.push(
      `  Calico ${s.calicoEnabled ? 'enabled' : 'disabled'}, pool ${s.networkCidr}, ` +
        (s.vxlanEnabled ? `VXLAN port ${s.vxlanPort} VNI ${s.vxlanVni} MTU ${s.vxlanMtu}` : `IP-in-IP MTU ${s.ipinipMtu}`) +
        `, veth MTU ${s.vethMtu}`,
    );
  }
  if (result.capacity) {
    const c = result.capacity;
    lines.push(
      `  ${c.network}: ${c.cidr} = ${c.addresses} addresses in ${c.blocks} /${c.blockSize} blocks` +
        (c.nodes !== undefined ? `, ${c.nodes} nodes` : '') +
        `, ${c.workloadAddresses} for tasks` +
        (c.instances !== undefined ? `, ${c.instances} planned` : ''),
    );
  }
  for (const severity of ['error', 'warning', 'info'] as const) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    lines.push('', `${severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Notes'}:`);
    for (const finding of findings) {
      const where = finding.line !== undefined ? `${result.file}:${finding.line}` : finding.parameter;
      const origin = finding.source === 'dcos' ? 'DC/OS rejects this too' : 'stricter than DC/OS';
      lines.push(`  ${where} [${finding.code}, ${origin}]`, `    ${finding.message}`);
    }
  }
  const plan = result.additionalNetwork;
  if (plan) {
    lines.push(
      '',
      `Network ${plan.name} (${plan.cidr}${plan.cidrSource === 'automatic' ? ', chosen automatically' : plan.cidrSource === 'existing' ? ', existing pool' : ''}):`,
      '',
      `1. IP pool (save as ${plan.name}-pool.yaml, then: dcos calico create -f ${plan.name}-pool.yaml):`,
      '',
      ...indent(plan.ipPoolYaml),
      `2. Profile (save as ${plan.name}-profile.yaml, then: dcos calico create -f ${plan.name}-profile.yaml):`,
      '',
      ...indent(plan.profileYaml),
      '3. On every agent, the Docker network:',
      '',
      ...indent(`${plan.dockerCommand}\n`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '' : `    ${line}`));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
