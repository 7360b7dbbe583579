import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

describe('simulate --format html', () => {
  it('prints the matrix with the lost connection highlighted and each query explained', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        cli,
        'simulate',
        '--apps',
        'fixtures/bookstore/apps',
        '--migrate',
        '--resources',
        'fixtures/bookstore/calico/policy.yaml',
        '--matrix',
        '--port',
        '80',
        '--query',
        'fruitstore-frontend -> bookstore-server',
        '--format',
        'html',
      ],
      { cwd: packageRoot() },
    );

    expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(stdout.match(/class="cell deny lost"/g)).toHaveLength(1);
    expect(stdout).toContain('fruitstore-frontend -&gt; bookstore-server: deny (0 of 1 instance pairs)');
    expect(stdout).toContain('denied by ingress rule 1 (Deny) of NetworkPolicy default/allow-bookstore-cliient-to-server');
    expect(stdout).not.toContain('id="items"');
  });
});

describe('diff --format html', () => {
  it('prints one self-contained page with every item of the bookstore fixtures', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'diff', '--format', 'html', 'fixtures/bookstore/apps'], { cwd: packageRoot() });

    expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(stdout.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']) expect(stdout).toContain(`<span class="item-id">${id}</span>`);
    expect(stdout).toContain('<code>dcos-calico-migrate diff fixtures/bookstore/apps</code>');
  });
});
