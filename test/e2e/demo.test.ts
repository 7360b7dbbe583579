import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

describe('npm start (the demo)', () => {
  it('migrates the seeded cluster over HTTP and prints the documented verdicts', () => {
    const run = spawnSync(process.execPath, [join(packageRoot(), 'dist', 'src', 'cli', 'main.js'), 'demo', '--deploy-ms', '50'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    const out = run.stdout;
    for (const step of ['1. A DC/OS cluster to migrate', '2. scan', '3. diff', '4. apply', '5. simulate', 'Verdicts']) expect(out).toContain(step);
    expect(out).toMatch(/8 item\(s\): 8 migrated/);
    expect(out).toMatch(/\/payments\/checkout +pod/);
    expect(out).toContain('bookstore-frontend -> bookstore-server:80: allowed (as the DC/OS documentation says)');
    expect(out).toContain('fruitstore-frontend -> bookstore-server:80: denied (as the DC/OS documentation says)');
    expect(out.indexOf('2. scan')).toBeLessThan(out.indexOf('4. apply'));
    expect(out.indexOf('4. apply')).toBeLessThan(out.indexOf('5. simulate'));
  });
});
