/** The shared migration flags as a user types them, before and after the paths. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { fixturePath, packageRoot } from '../../src/paths.js';

const bin = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

/** The labels each item's network gets, read from the json report's changes. */
function diffJson(args: string[]): { code: number; labels: Record<string, unknown>[] } {
  const result = spawnSync(process.execPath, [bin, 'diff', '--format', 'json', ...args], { encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as { items: { changes: { kind: string; pointer: string; after?: unknown }[] }[] };
  const labels = report.items.map((item) =>
    Object.fromEntries(
      item.changes
        .filter((change) => change.kind === 'label-carried')
        .map((change) => [change.pointer.split('/').pop(), change.after]),
    ),
  );
  return { code: result.status ?? -1, labels };
}

describe('e2e/migration-flags', () => {
  const server = fixturePath('bookstore', 'apps', 'bookstore-server.json');

  it('does not let a repeated --carry-labels swallow the path that follows it', () => {
    const { code, labels } = diffJson(['--carry-labels', 'role', server]);

    expect(code).toBe(0);
    expect(labels).toEqual([{ role: 'server' }]);
  });

  it('takes the flag several times and maps keys', () => {
    const { labels } = diffJson([server, '--carry-labels', 'biz*', '--carry-labels', 'role', '--label-map', 'role=tier']);

    expect(labels).toEqual([{ biz_type: 'bookstore', tier: 'server' }]);
  });

  it('carries nothing with none', () => {
    const { labels } = diffJson(['--carry-labels', 'none', server]);

    expect(labels).toEqual([{}]);
  });
});
