/**
 * Rewrite + render verification of the whole template corpus (fixtures/corpus: real svc.yml,
 * marathon.json.mustache and config.json files), per file. The baseline, measured in the same run, is the same
 * rewrite with verification switched off, so the ratio is the price of the render-and-compare proof.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { detectFormat } from '../../src/formats/registry.js';
import type { TemplateRewriteOptions } from '../../src/formats/template-support/results.js';
import type { FormatHandler } from '../../src/formats/types.js';
import { fixturePath } from '../../src/paths.js';
import { formatMs, median, medianMs } from './harness.js';
import type { Bench } from './harness.js';

interface Entry {
  path: string;
  text: string;
  handler: FormatHandler;
  siblings: Map<string, string>;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The package or framework folder of a corpus file (as the corpus test groups them); SDK test specs stand alone. */
function groupOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'universe' || (parts[0] === 'dcos-commons' && parts[1] === 'frameworks')) return parts.slice(0, 3).join('/');
  return parts[0] === 'dcos-commons' ? undefined : parts[0];
}

function loadCorpus(): Entry[] {
  const root = fixturePath('corpus');
  const files = walk(root)
    .map((file) => relative(root, file).split('\\').join('/'))
    .filter((path) => path !== 'SOURCES.md')
    .sort()
    .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8'), group: groupOf(path) }));
  return files.flatMap((file) => {
    const handler = detectFormat(file.path, file.text);
    // resource.json files belong to no template format; the corpus is about templates.
    if (!handler || handler.id === 'marathon-json') return [];
    const siblings = new Map(file.group === undefined ? [] : files.filter((other) => other.group === file.group && other.path !== file.path).map((other) => [other.path, other.text] as const));
    return [{ path: file.path, text: file.text, handler, siblings }];
  });
}

function rewriteAll(entries: readonly Entry[], options: TemplateRewriteOptions): void {
  for (const entry of entries) entry.handler.rewrite({ path: entry.path, text: entry.text, siblings: entry.siblings, options });
}

export const corpusBench: Bench = {
  name: 'corpus',
  async run() {
    const entries = loadCorpus();
    const perFile = new Map<string, number>();
    const perFileBaseline = new Map<string, number>();
    for (const entry of entries) {
      perFile.set(entry.path, await medianMs(() => rewriteAll([entry], {}), 5, 1));
      perFileBaseline.set(entry.path, await medianMs(() => rewriteAll([entry], { verify: false }), 5, 1));
    }
    const verified = await medianMs(() => rewriteAll(entries, {}), 3, 1);
    const baseline = await medianMs(() => rewriteAll(entries, { verify: false }), 3, 1);
    const times = [...perFile.values()].sort((a, b) => a - b);
    const p90 = times[Math.floor(times.length * 0.9)] ?? 0;
    const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const byFormat = new Map<string, number[]>();
    for (const entry of entries) byFormat.set(entry.handler.id, [...(byFormat.get(entry.handler.id) ?? []), perFile.get(entry.path)!]);
    return [
      `${entries.length} template files (svc.yml, marathon.json.mustache, config.json), rewrite + render verification`,
      `whole corpus: ${formatMs(verified)} (baseline without verification ${formatMs(baseline)}, ratio ${(verified / baseline).toFixed(1)}x)`,
      `per file: median ${formatMs(median(times))} (baseline ${formatMs(median([...perFileBaseline.values()]))}), p90 ${formatMs(p90)}, max ${formatMs(times[times.length - 1] ?? 0)}`,
      ...[...byFormat].map(([format, samples]) => `  ${format}: ${samples.length} files, median ${formatMs(median(samples))}`),
      `slowest: ${slowest.map(([path, ms]) => `${path} ${formatMs(ms)}`).join('; ')}`,
    ];
  },
};
