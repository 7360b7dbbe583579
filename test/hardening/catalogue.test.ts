/**
 * The hostile-input catalogue (`fixtures/bad/manifest.json`) through the real CLI: every case must end with a clear
 * message naming the file and the place, the expected exit code, no "internal error", no hang, and no file written
 * (the working folder is compared before and after). `reported` cases are inputs Marathon would reject that the
 * tool reports per item (exit 0, `x invalid <pointer>` in the report) rather than refusing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixturePath, packageRoot } from '../../src/paths.js';
import { pool, runCli, snapshotTree, type CliRun } from './support.js';

interface BadCase {
  case: string;
  file: string;
  args: string[];
  exit: number;
  stream: 'stdout' | 'stderr';
  where: string;
  mentions: string[];
  reported?: boolean;
  /** Large inputs are generated at run time to keep them out of git: `token` replaced by `repeat` x `times`. */
  expand?: Array<{ token: string; repeat: string; times: number }>;
}

interface Outcome {
  run: CliRun;
  before: Record<string, string>;
  after: Record<string, string>;
}

const cases = JSON.parse(readFileSync(fixturePath('bad', 'manifest.json'), 'utf8')) as BadCase[];
const outcomes = new Map<string, Outcome>();
let work: string;

function materialise(entry: BadCase, dir: string): void {
  let bytes = readFileSync(fixturePath('bad', entry.file));
  if (entry.expand) {
    let text = bytes.toString('utf8');
    for (const expansion of entry.expand) text = text.replace(expansion.token, expansion.repeat.repeat(expansion.times));
    bytes = Buffer.from(text, 'utf8');
  }
  mkdirSync(join(dir, dirname(entry.file)), { recursive: true });
  writeFileSync(join(dir, entry.file), bytes);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dcm-bad-'));
  await pool(cases, 4, async (entry) => {
    const dir = join(work, entry.case);
    mkdirSync(dir);
    materialise(entry, dir);
    const args = entry.args.map((arg) => arg.replace('{file}', entry.file).replace('{out}', 'out').replace('{root}', packageRoot()));
    const before = snapshotTree(dir);
    const run = await runCli(args, { cwd: dir, timeoutMs: 20_000 });
    outcomes.set(entry.case, { run, before, after: snapshotTree(dir) });
  });
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hardening/catalogue', () => {
  it('holds at least 40 refused cases covering every kind of hostile input', () => {
    const refused = cases.filter((entry) => !entry.reported);
    expect(refused.length).toBeGreaterThanOrEqual(40);
    const names = cases.map((entry) => entry.case).join(' ');
    for (const kind of ['truncated', 'alias-bomb', 'big', 'deep-nesting', 'proto', 'constructor', 'label-number', 'mustache', 'unknown-kind', 'selector', 'cidr-host-bits', 'latin1', 'utf16']) {
      expect(names).toContain(kind);
    }
  });

  it.each(cases.map((entry) => [entry.case, entry] as const))('%s', (_name, entry) => {
    const outcome = outcomes.get(entry.case);
    expect(outcome, 'the case ran').toBeDefined();
    const { run, before, after } = outcome!;
    const text = entry.stream === 'stdout' ? run.stdout : run.stderr;
    expect(run.timedOut, 'no hang').toBe(false);
    expect(`${run.stdout}${run.stderr}`).not.toContain('internal error');
    expect(run.code, run.stderr).toBe(entry.exit);
    if (!entry.reported) expect(run.code).not.toBe(0);
    expect(text).toContain(entry.file);
    expect(text).toContain(entry.where);
    for (const mention of entry.mentions) expect(text).toContain(mention);
    // A place: line[:column] or a JSON pointer, unless the whole document is the problem.
    if (!entry.reported && !entry.where.endsWith(': ')) expect(entry.where).toMatch(/:\d+|#\//);
    expect(after, 'no file written').toEqual(before);
  });
});
