/**
 * Fuzz targets shared by `npm test` (test/hardening/fuzz.test.ts, FUZZ_RUNS defaults to 10,000 per target) and the
 * `npm run fuzz` campaign (FUZZ_RUNS=1000000). Each target feeds mutated real inputs or generated apps to one parser
 * or rewriter and checks: only the documented error types escape, nothing hangs (fast-check's per-run timeout is
 * not used: every target is synchronous, so a hang shows as the suite's timeout), and a rewrite that claims success
 * changed nothing but network names and is idempotent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { loadResources } from '../../src/calico/resources/index.js';
import { parseSelector } from '../../src/calico/selector/index.js';
import { InputError, SelectorSyntaxError } from '../../src/errors.js';
import { rewriteText } from '../../src/formats/rewrite-text.js';
import { fixturePath, packageRoot } from '../../src/paths.js';

/** Runs per target: FUZZ_RUNS from the environment, else 10,000. */
export function fuzzRuns(): number {
  const value = Number(process.env['FUZZ_RUNS'] ?? '');
  return Number.isInteger(value) && value > 0 ? value : 10_000;
}

// Tokens that break parsers: Mustache, YAML and JSON syntax, anchors, control and astral characters, prototype keys.
const HOSTILE = [
  '{{', '}}', '{{#a}}', '{{/a}}', '{{^a}}', '{{{x}}}', '{{!c}}', '{{=<% %>=}}', '"', "'", ':', ': ', '- ', '\n', '\r\n', '  ', '\t',
  '&a ', '*a', '[', ']', '{', '}', ',', '#', '\\', 'dcos', 'calico', '__proto__', 'constructor', '\u0000', '\uffff', '\ud83d\ude00',
  '\ud800', '!!js/function', '!!binary', '<<: *a', '---', '...', '==', '!=', '&&', '||', '!', 'in', 'has(', ')', '(', 'all()',
  'global()', ' starts with ', ' contains ', '10.0.0.1/8', '::/0', '-1', '1e400', 'null', 'true',
];

/** A list of edits applied to a text: insert a hostile token, delete a range, or duplicate a slice. */
export const mutations = fc.array(
  fc.record({
    at: fc.nat(),
    op: fc.constantFrom('insert', 'delete', 'duplicate'),
    token: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 })),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  { minLength: 1, maxLength: 4 },
);

export type Mutation = typeof mutations extends fc.Arbitrary<infer T> ? T : never;

/** Applies `edits` to `text` (positions wrap around its length). */
export function mutate(text: string, edits: Mutation): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % out.length;
    if (edit.op === 'insert') out = out.slice(0, at) + edit.token + out.slice(at);
    else if (edit.op === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else out = out.slice(0, at) + out.slice(at, at + edit.length) + out.slice(at);
  }
  return out;
}

/** True when `after` differs from `before` only by `dcos` -> `calico` on some lines. */
export function onlyNetworkNamesChanged(before: string, after: string): boolean {
  const a = before.split('\n');
  const b = after.split('\n');
  return a.length === b.length && a.every((line, i) => line === b[i] || line.split('dcos').join('calico') === b[i]?.split('dcos').join('calico'));
}

function expectedError(error: unknown, ...types: Array<abstract new (...args: never[]) => Error>): void {
  if (!types.some((type) => error instanceof type)) throw error;
}

/** Real selectors from Calico's own tables. */
export function realSelectors(): string[] {
  const read = (name: string): Array<{ selector: string }> => JSON.parse(readFileSync(fixturePath('calico', 'selector', name), 'utf8')) as Array<{ selector: string }>;
  return [...read('evaluation.json'), ...read('bad-selectors.json')].map((entry) => entry.selector);
}

const PROBE_LABELS: Array<Record<string, string>> = [{}, { a: 'b' }, { b: '' }, { a: 'c', c: 'd' }, { role: 'db', b: 'b' }];

/** The selector parser: a Selector whose canonical form re-parses to itself, or a SelectorSyntaxError inside the text. */
export function checkSelector(source: string): void {
  let canonical: string;
  try {
    canonical = parseSelector(source).toString();
  } catch (error) {
    expectedError(error, SelectorSyntaxError);
    const index = (error as SelectorSyntaxError).index;
    if (index < 0 || index > source.length) throw new Error(`error index ${index} outside ${JSON.stringify(source)}`);
    return;
  }
  // Calico prints !(!x) as !!x, which reads back as x: the canonical form settles after one more round and keeps
  // the meaning.
  const again = parseSelector(canonical);
  if (parseSelector(again.toString()).toString() !== again.toString()) throw new Error(`canonical form of ${JSON.stringify(source)} does not settle`);
  const original = parseSelector(source);
  for (const labels of PROBE_LABELS) {
    if (original.evaluate(labels) !== again.evaluate(labels)) throw new Error(`canonical form of ${JSON.stringify(source)} changes its meaning`);
  }
}

/** The calicoctl loader: resources or an InputError that names the file. */
export function checkResources(text: string): void {
  try {
    loadResources([{ file: 'fuzz.yaml', text }]);
  } catch (error) {
    expectedError(error, InputError);
    if (!(error as InputError).message.startsWith('fuzz.yaml')) throw new Error(`error does not name the file: ${(error as Error).message}`);
  }
}

/** A text rewriter (any format): an InputError, or a result that changed only network names and is idempotent. */
export function checkRewrite(text: string, path: string): void {
  let result;
  try {
    result = rewriteText(text, { path });
  } catch (error) {
    expectedError(error, InputError);
    return;
  }
  if (result.status !== 'changed') {
    if (result.text !== text) throw new Error(`${result.status} result changed the text`);
    return;
  }
  // Text that looks like a template is handled as one even under a .json name (detection by content).
  if (result.format !== 'marathon-json') {
    if (!onlyNetworkNamesChanged(text, result.text)) throw new Error(`rewrite changed more than network names:\n${text}\n---\n${result.text}`);
  } else {
    // Marathon JSON also names unnamed networks and carries labels: the output must parse and keep no container
    // network on the old name.
    const app = JSON.parse(result.text) as { networks?: Array<{ mode?: string; name?: string }> };
    if ((app.networks ?? []).some((network) => network.mode === 'container' && network.name === 'dcos')) throw new Error('a container network is still on dcos');
  }
  const again = rewriteText(result.text, { path });
  if (again.status !== 'unchanged') throw new Error(`rewrite is not idempotent (${again.status})`);
}

/** Small real templates from the corpus to mutate. */
export function corpusTemplate(relative: string): string {
  return readFileSync(join(packageRoot(), 'fixtures', 'corpus', relative), 'utf8');
}

/** Generated Marathon apps: random networks, labels (prototype keys included), port mappings and env. */
export const marathonApps = fc.record(
  {
    id: fc.constantFrom('/web', '/a/b', '/x-1'),
    networks: fc.array(
      fc.record({
        mode: fc.constantFrom('container', 'host', 'container/bridge'),
        name: fc.constantFrom('dcos', 'calico', 'dcos6', 'other'),
        labels: fc.dictionary(fc.constantFrom('role', '__proto__', 'constructor', 'a.b/c', 'x'), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      }, { requiredKeys: ['mode'] }),
      { maxLength: 3 },
    ),
    labels: fc.dictionary(fc.constantFrom('role', 'HAPROXY_GROUP', '__proto__', 'constructor', 'tier', 'VIP_0'), fc.string({ maxLength: 6 }), { maxKeys: 4 }),
    env: fc.dictionary(fc.constantFrom('DB_PASSWORD', 'VIRTUAL_NETWORK_NAME', '__proto__', 'HOST'), fc.constantFrom('dcos', '9.0.0.4', 'x'), { maxKeys: 3 }),
    container: fc.record({
      type: fc.constantFrom('MESOS', 'DOCKER'),
      portMappings: fc.array(fc.record({ containerPort: fc.nat({ max: 65535 }), networkNames: fc.array(fc.constantFrom('dcos', 'calico'), { maxLength: 2 }) }), { maxLength: 2 }),
    }),
  },
  { requiredKeys: ['id'] },
);

/** A campaign may run for hours; in npm test every target must finish within a minute. */
export function fuzzTimeout(runs: number): number {
  return runs > 10_000 ? 24 * 3600_000 : 60_000;
}
