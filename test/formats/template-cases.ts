/**
 * Fixture pairs of the template formats: `fixtures/formats/<format>/<case>.input.<ext>` next to
 * `<case>.expected.<ext>`, with an optional `<case>.options.json`:
 * `{ path?, siblings?, status?, warnings?, options? }` — the path the input pretends to have, a folder (under the
 * format's fixtures) whose files become the rewrite's siblings, the expected status and warning codes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { expect, it } from 'vitest';

import type { MigrationOptions } from '../../src/core/types.js';
import { getFormatHandler } from '../../src/formats/registry.js';
import type { FormatId, RewriteResult } from '../../src/formats/types.js';
import { fixturePath } from '../../src/paths.js';

export interface CaseOptions {
  path?: string;
  siblings?: string;
  status?: RewriteResult['status'];
  warnings?: string[];
  options?: MigrationOptions;
}

export interface TemplateCase {
  name: string;
  ext: string;
  input: string;
  expected: string;
  options: CaseOptions;
  siblings: Map<string, string>;
  path: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every fixture pair of a format, read from disk. */
export function loadTemplateCases(format: FormatId): TemplateCase[] {
  const dir = fixturePath('formats', format);
  return readdirSync(dir)
    .filter((name) => name.includes('.input.'))
    .sort()
    .map((file) => {
      const [name, ext] = file.split('.input.') as [string, string];
      const optionsFile = join(dir, `${name}.options.json`);
      const options = (statSync(optionsFile, { throwIfNoEntry: false }) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {}) as CaseOptions;
      const siblings = new Map<string, string>();
      if (options.siblings) {
        const root = join(dir, options.siblings);
        for (const sibling of walk(root)) siblings.set(relative(root, sibling).split('\\').join('/'), readFileSync(sibling, 'utf8'));
      }
      const path = options.path ?? file;
      siblings.delete(path);
      return {
        name,
        ext,
        input: readFileSync(join(dir, file), 'utf8'),
        expected: readFileSync(join(dir, `${name}.expected.${ext}`), 'utf8'),
        options,
        siblings,
        path,
      };
    });
}

/** Runs one rewrite of a case through the registry's handler. */
export function rewriteCase(format: FormatId, testCase: TemplateCase, text = testCase.input): RewriteResult {
  return getFormatHandler(format).rewrite({ path: testCase.path, text, siblings: testCase.siblings, ...(testCase.options.options ? { options: testCase.options.options } : {}) });
}

/**
 * One `it` per fixture pair: the output is byte-identical to the expected file, the status and warning codes are
 * the expected ones, and a second run over the output changes nothing.
 */
export function defineTemplateCases(format: FormatId): void {
  for (const testCase of loadTemplateCases(format)) {
    it(`${testCase.name}`, () => {
      const result = rewriteCase(format, testCase);

      expect(result.text).toBe(testCase.expected);
      if (testCase.options.status) expect(result.status, result.reason).toBe(testCase.options.status);
      const codes = result.warnings.map((warning) => warning.code);
      for (const code of testCase.options.warnings ?? []) expect(codes).toContain(code);
      if (result.status === 'changed') {
        const again = rewriteCase(format, testCase, result.text);
        expect(again.status).toBe('unchanged');
        expect(again.text).toBe(result.text);
      }
    });
  }
}
