import { existsSync, readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { migrateApp, migratePod, parsePointer, validateApp, validatePod } from '../../src/core/index.js';
import type { MigrationOptions } from '../../src/core/index.js';
import { fixturePath } from '../../src/paths.js';

interface ExpectedNotes {
  changes: string[];
  warnings: string[];
}

const dir = fixturePath('core');
const cases = readdirSync(dir)
  .filter((file) => file.endsWith('.input.json'))
  .map((file) => file.slice(0, -'.input.json'.length))
  .sort();

function read<T>(name: string): T {
  return JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as T;
}

function migrate(kind: 'app' | 'pod', item: unknown, options?: MigrationOptions) {
  if (kind === 'pod') {
    const { pod, changes, warnings } = migratePod(item, options);
    return { item: pod, changes, warnings };
  }
  const { app, changes, warnings } = migrateApp(item, options);
  return { item: app, changes, warnings };
}

function errors(kind: 'app' | 'pod', item: unknown) {
  return (kind === 'pod' ? validatePod(item) : validateApp(item)).filter((w) => w.severity === 'error');
}

/** Secret material that the inputs hold and no message may ever repeat. */
const SECRET_TEXTS = ['shop/db-password', 'shop/token', 's3cr3t'];

describe('fixture pairs (fixtures/core)', () => {
  it('has a pair for every case', () => {
    expect(cases.length).toBeGreaterThan(40);
    for (const name of cases) {
      expect(existsSync(`${dir}/${name}.expected.json`), name).toBe(true);
      expect(existsSync(`${dir}/${name}.expected-warnings.json`), name).toBe(true);
    }
  });

  describe.each(cases)('%s', (name) => {
    const kind = name.startsWith('pod-') ? 'pod' : 'app';
    const input = read<unknown>(`${name}.input.json`);
    const options = existsSync(`${dir}/${name}.options.json`) ? read<MigrationOptions>(`${name}.options.json`) : undefined;
    const expected = read<unknown>(`${name}.expected.json`);
    const notes = read<ExpectedNotes>(`${name}.expected-warnings.json`);
    const result = migrate(kind, input, options);

    it('produces the expected item, changes and warnings', () => {
      expect(result.item).toEqual(expected);
      expect(result.changes.map((c) => `${c.kind} ${c.pointer}`)).toEqual(notes.changes);
      expect(result.warnings.map((w) => `${w.severity} ${w.code} ${w.pointer}`)).toEqual(notes.warnings);
    });

    it('does not modify its input', () => {
      expect(input).toEqual(read<unknown>(`${name}.input.json`));
    });

    it('is idempotent', () => {
      const again = migrate(kind, result.item, options);
      expect(again.changes).toEqual([]);
      expect(again.item).toEqual(result.item);
    });

    it('keeps a valid input valid', () => {
      if (errors(kind, input).length === 0) expect(errors(kind, result.item)).toEqual([]);
    });

    it('locates every change and warning with an RFC 6901 pointer, and names no secret', () => {
      for (const note of [...result.changes, ...result.warnings]) {
        expect(() => parsePointer(note.pointer)).not.toThrow();
        expect(note.message.length).toBeGreaterThan(0);
      }
      const text = JSON.stringify([result.changes, result.warnings]);
      for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
    });

    it('points changes at the value they set', () => {
      for (const change of result.changes) {
        if (change.after === undefined || typeof change.after === 'object') continue;
        let node: unknown = result.item;
        for (const token of parsePointer(change.pointer)) node = (node as Record<string, unknown>)[token];
        expect(node, change.pointer).toEqual(change.after);
      }
    });
  });
});
