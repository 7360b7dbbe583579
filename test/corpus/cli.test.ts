import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { fixturePath, packageRoot } from '../../src/paths.js';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: packageRoot(), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('corpus through the CLI', () => {
  it('rewrite --check finds every network reference of the corpus, proves each, and writes nothing', () => {
    const result = cli('rewrite', '--check', fixturePath('corpus'));

    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/111 files: 38 changed, 70 unchanged, 3 skipped, 0 errors/);
  });

  it('scan of a framework folder shows the package view with the update command for existing installs', () => {
    const result = cli('scan', fixturePath('corpus', 'dcos-kafka-service'));

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('option service.virtual_network_name: default "dcos" -> "calico"');
    expect(result.stdout).toMatch(/svc\.yml pod kafka: dcos -> calico \(\{\{VIRTUAL_NETWORK_NAME\}\} <- service\.virtual_network_name\)/);
    expect(result.stdout).toContain('options.json: {"service":{"virtual_network_name":"calico"}}');
    expect(result.stdout).toContain('dcos kafka --name=kafka update start --options=options.json');
  });

  it('diff of a package whose option the template ignores reports no option to switch', () => {
    const result = cli('diff', fixturePath('corpus', 'universe', 'beta-mesosphere-jupyter-service'));

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no option names a network');
    expect(result.stdout).toContain('network-option-unused');
  });
});
