/**
 * Every input format is a folder under src/formats/ behind the FormatHandler interface: registered, documented,
 * and covered by at least one input/expected fixture pair.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { formatHandlers } from '../../src/formats/registry.js';
import { packageRoot } from '../../src/paths.js';

/** Shared code used by several formats, not a format of its own. */
const SHARED_FOLDERS = new Set(['template-support']);

const formatsDir = join(packageRoot(), 'src', 'formats');
const folders = readdirSync(formatsDir).filter(
  (name) => statSync(join(formatsDir, name)).isDirectory() && !SHARED_FOLDERS.has(name),
);

describe('conformance/formats', () => {
  it('registers exactly the format folders', () => {
    expect(formatHandlers.map((handler) => handler.id).sort()).toEqual([...folders].sort());
  });

  it.each(folders)('%s has a README, an index and fixture pairs', (folder) => {
    const fixtures = join(packageRoot(), 'fixtures', 'formats', folder);
    const inputs = existsSync(fixtures) ? readdirSync(fixtures).filter((name) => name.includes('.input.')) : [];

    expect(existsSync(join(formatsDir, folder, 'README.md'))).toBe(true);
    expect(existsSync(join(formatsDir, folder, 'index.ts'))).toBe(true);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(existsSync(join(fixtures, input.replace('.input.', '.expected.'))), `${folder}/${input} has no expected twin`).toBe(true);
    }
  });

  it.each(formatHandlers.map((handler) => [handler.id, handler] as const))('%s implements the handler contract', (_id, handler) => {
    expect(typeof handler.detect).toBe('function');
    expect(typeof handler.rewrite).toBe('function');
    expect(handler.description.length).toBeGreaterThan(10);
    // "Not my file" is a result, not an exception.
    expect(['skipped', 'unchanged']).toContain(handler.rewrite({ path: 'unrelated.json', text: '{"hello": "world"}\n' }).status);
  });
});
