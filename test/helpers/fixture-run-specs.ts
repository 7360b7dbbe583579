/** The Marathon apps or pods of the JSON fixtures, for tests that check a rule over many real-shaped definitions. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { locateItems } from '../../src/formats/marathon-json/locate.js';
import { fixturePath } from '../../src/paths.js';

/** The fixture folders that hold Marathon JSON (API answers, files, Marathon's own examples). */
const FOLDERS = [['cluster', 'marathon-examples'], ['core'], ['formats', 'marathon-json'], ['bookstore', 'apps']];

/** Every app or pod in those folders, as the rewriter locates them; files that are not JSON are skipped. */
export function fixtureRunSpecs(kind: 'app' | 'pod'): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const folder of FOLDERS.map((parts) => fixturePath(...parts))) {
    for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.json'))) {
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(join(folder, name), 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        continue;
      }
      for (const item of locateItems(document)?.items ?? []) if (item.kind === kind) found.push(item.value);
    }
  }
  return found;
}
