/**
 * Atomic writes under SIGKILL: `rewrite --in-place` of many files is killed at random moments. Every file must be
 * either its old or its new version (never a mix or a truncation), and a file that holds the new version must have
 * its backup, holding the old one (the backup is written first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { rewriteText } from '../../src/formats/rewrite-text.js';
import { bin } from './support.js';

const FILES = 150;
const work = mkdtempSync(join(tmpdir(), 'dcm-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Large files (about 60 kB each) make each write take long enough to be caught mid-way.
function appText(i: number): string {
  const labels = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`label-${k}`, `value-${i}-${k}`]));
  const env = Object.fromEntries(Array.from({ length: 400 }, (_, k) => [`VAR_${k}`, `${'x'.repeat(120)}-${i}-${k}`]));
  return `${JSON.stringify({ id: `/app-${i}`, networks: [{ mode: 'container', name: 'dcos' }], labels, env }, null, 2)}\n`;
}

const olds = Array.from({ length: FILES }, (_, i) => appText(i));
const news = olds.map((text, i) => rewriteText(text, { path: `app-${i}.json` }).text);

function seed(dir: string): void {
  mkdirSync(dir);
  olds.forEach((text, i) => writeFileSync(join(dir, `app-${i}.json`), text));
}

/** Runs the rewrite, killing it after `ms` (never, when undefined); resolves to how long it ran. */
function killAfter(dir: string, ms?: number): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, 'rewrite', '--in-place', dir], { stdio: 'ignore' });
    const timer = ms === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('hardening/atomicity', () => {
  it('every file is the old or the new version, with its backup first, whenever the rewrite is killed', async () => {
    expect(news.every((text, i) => text !== olds[i])).toBe(true);
    const seen = { old: 0, new: 0 };
    // The writes come last, after reading and planning every file; time an uninterrupted run on this machine so the
    // kills land across the writes however loaded the machine is.
    seed(join(work, 'timing'));
    const full = await killAfter(join(work, 'timing'));
    let attempt = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Math.floor(full * 0.5), max: Math.ceil(full * 1.05) }), async (ms) => {
        const dir = join(work, `run-${attempt++}`);
        seed(dir);
        await killAfter(dir, ms);
        for (let i = 0; i < FILES; i++) {
          const file = join(dir, `app-${i}.json`);
          const text = readFileSync(file, 'utf8');
          if (text === olds[i]) {
            seen.old++;
          } else {
            expect(text, `${file} is neither the old nor the new version`).toBe(news[i]);
            seen.new++;
            expect(existsSync(`${file}.bak`), `${file} replaced without a backup`).toBe(true);
            expect(readFileSync(`${file}.bak`, 'utf8')).toBe(olds[i]);
          }
          // A backup that exists is always complete (copied before the rename).
          if (existsSync(`${file}.bak`)) expect(readFileSync(`${file}.bak`, 'utf8')).toBe(olds[i]);
        }
        // Temporary files may be left by a kill, but never under a name the tool reads as an input.
        for (const name of readdirSync(dir)) expect(name).toMatch(/^app-\d+\.json(\.bak)?$|^\.app-\d+\.json\.\d+\.[0-9a-f]+\.tmp$/);
      }),
      { numRuns: 6 },
    );
    // The kills landed before, during and after the writes across the runs.
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
  }, 120_000);
});
