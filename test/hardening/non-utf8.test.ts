/** Regression tests: a byte that is not UTF-8 stops the run with its line and column instead of becoming U+FFFD. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readInput } from '../../src/cli/collect-files.js';
import { InputError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'dcm-utf8-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hardening/fixes: bytes that are not UTF-8', () => {
  it('names the file, line and column of the first bad byte instead of decoding it to U+FFFD', async () => {
    const file = join(work, 'latin1.json');
    writeFileSync(file, Buffer.concat([Buffer.from('{\n  "id": "/caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
    const error = await readInput({ path: 'latin1.json', absolute: file, root: work, named: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('latin1.json:2:14: not UTF-8 text (byte 0xe9 at offset 15); convert the file to UTF-8 first');
  });

  it('still reads UTF-8 text with a byte order mark and multi-byte characters unchanged', async () => {
    const file = join(work, 'ok.json');
    writeFileSync(file, '\ufeff{"id": "/caf\u00e9-\u{1f600}"}');
    expect(await readInput({ path: 'ok.json', absolute: file, root: work, named: true })).toBe('\ufeff{"id": "/caf\u00e9-\u{1f600}"}');
  });
});
