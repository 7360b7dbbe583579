/** The global --quiet flag: results on stdout stay, progress on stderr goes; warnings always print. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

const bin = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

function demo(extra: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'demo', ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('e2e/verbosity', () => {
  it('prints batch progress on stderr by default and none with --quiet, with the same results', () => {
    const normal = demo([]);
    const quiet = demo(['--quiet']);

    expect(normal.code).toBe(0);
    expect(quiet.code).toBe(0);
    expect(normal.stderr).toMatch(/\/bookstore-server: migrated/);
    expect(quiet.stderr).not.toMatch(/bookstore-server/);
    expect(quiet.stdout).toMatch(/fruitstore-frontend -> bookstore-server:80/);
  });

  it('still warns under --quiet when TLS verification is off', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'apply', '--quiet', '--dry-run', '--insecure', '--marathon', 'https://127.0.0.1:9', '--request-timeout', '1'],
      { encoding: 'utf8' },
    );

    expect(result.stderr).toMatch(/TLS certificate verification is OFF/);
  });
});
