/** The library API as another tool imports it: by package name, from the built package, with its types. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

const script = `
import { migrateApp, migratePod, rewriteText, parseSelector, createSimulator, startEmulator } from 'dcos-calico-migrate';
const { app, changes } = migrateApp({ id: '/a', networks: [{ mode: 'container', name: 'dcos' }], labels: { tier: 'web' } });
const { pod } = migratePod({ id: '/p', networks: [{ mode: 'container' }], containers: [{ name: 'c', resources: { cpus: 1, mem: 32 } }] });
const text = rewriteText('{"id": "/b", "networks": [{"mode": "container", "name": "dcos"}]}', { path: 'b.json' });
const selector = parseSelector("tier == 'web'");
const sim = createSimulator({ resources: [], endpoints: [{ name: 'x', labels: {} }, { name: 'y', labels: {} }] });
const marathon = await startEmulator({});
const ping = await fetch(marathon.url + '/ping').then((r) => r.text());
await marathon.close();
console.log(JSON.stringify({
  network: app.networks[0], kinds: changes.map((c) => c.kind), pod: pod.networks[0].name, status: text.status,
  canonical: selector.toString(), verdict: sim.check({ from: 'x', to: 'y', protocol: 'TCP', port: 80 }).verdict, ping,
}));
`;

describe('e2e/library', () => {
  it('exports the API of the design by package name, with type declarations', () => {
    const root = packageRoot();

    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      network: { mode: 'container', name: 'calico', labels: { tier: 'web' } },
      kinds: ['network-renamed', 'label-carried'],
      pod: 'calico',
      status: 'changed',
      canonical: 'tier == "web"',
      verdict: 'allow',
      ping: 'pong',
    });
    expect(existsSync(join(root, 'dist', 'src', 'index.d.ts'))).toBe(true);
  });
});
