import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

describe('diff --format html', () => {
  it('prints one self-contained page with every item of the bookstore fixtures', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'diff', '--format', 'html', 'fixtures/bookstore/apps'], { cwd: packageRoot() });

    expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(stdout.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']) expect(stdout).toContain(`<span class="item-id">${id}</span>`);
    expect(stdout).toContain('<code>dcos-calico-migrate diff fixtures/bookstore/apps</code>');
  });
});
