/**
 * The real-package corpus under fixtures/corpus (see its SOURCES.md), grouped into packages and frameworks the way
 * an operator would point the tool at them: a universe package revision, a dcos-commons framework, a service repo.
 * The SDK's own test specs stand alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { fixturePath } from '../../src/paths.js';

export interface CorpusFile {
  /** Path relative to fixtures/corpus, with `/` separators. */
  path: string;
  text: string;
  /** The package or framework folder the file belongs to, or undefined for a standalone file. */
  group?: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function groupOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'universe') return parts.slice(0, 3).join('/');
  if (parts[0] === 'dcos-commons' && parts[1] === 'frameworks') return parts.slice(0, 3).join('/');
  if (parts[0] === 'dcos-commons') return undefined;
  return parts[0];
}

/** Every corpus file (SOURCES.md excluded), sorted by path. */
export function corpusFiles(): CorpusFile[] {
  const root = fixturePath('corpus');
  return walk(root)
    .map((file) => relative(root, file).split('\\').join('/'))
    .filter((path) => path !== 'SOURCES.md')
    .sort()
    .map((path) => {
      const group = groupOf(path);
      return { path, text: readFileSync(join(root, path), 'utf8'), ...(group === undefined ? {} : { group }) };
    });
}

/** The other files of the same package or framework, as the `siblings` of a rewrite. */
export function siblingsOf(file: CorpusFile, all: readonly CorpusFile[]): Map<string, string> {
  if (file.group === undefined) return new Map();
  return new Map(all.filter((other) => other.group === file.group && other.path !== file.path).map((other) => [other.path, other.text]));
}
