import { createRequire } from 'node:module';

import type { FormatsPlugin } from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { commonDateTime, dateTimeFormat } from '../../src/core/validation/date-time.js';
import { validateAppSchema } from '../../src/core/validation/schema.js';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const { validate: reference } = addFormats.get('date-time', 'full') as { validate: (text: string) => boolean };
const dateTime = dateTimeFormat(reference);

const digit = fc.constantFrom(...'0123456789');
const twoDigits = fc.tuple(digit, digit).map(([a, b]) => a + b);
/** Mostly the right separator, sometimes a near miss. */
const separator = (right: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: fc.constantFrom('-', ':', 'T', 't', ' ', '.', 'Z', '0', 'x', '') });
const fraction = fc.oneof(fc.constant(''), fc.constant('.'), fc.stringMatching(/^\.\d{1,9}$/), fc.constantFrom('.x', ',5', '.5.5'));
const zone = fc.oneof({ weight: 6, arbitrary: fc.constant('Z') }, { weight: 1, arbitrary: fc.constantFrom('z', '', '+00:00', '-05:30', '+2359', '+24:00', 'Z ', 'ZZ') });
/** Strings shaped like Marathon's timestamps, with every part free to be out of range or malformed. */
const timestamp = fc
  .tuple(twoDigits, twoDigits, separator('-'), twoDigits, separator('-'), twoDigits, separator('T'), twoDigits, separator(':'), twoDigits, separator(':'), twoDigits, fraction, zone)
  .map((parts) => parts.join(''));

describe('date-time format', () => {
  it('agrees with ajv-formats on generated timestamps, and the fast path answers for most of them', () => {
    let answered = 0;
    fc.assert(
      fc.property(timestamp, (text) => {
        const fast = commonDateTime(text);
        if (fast !== undefined) {
          answered++;
          expect(fast).toBe(reference(text));
        }
        expect(dateTime(text)).toBe(reference(text));
      }),
      { numRuns: 20_000, seed: 7 },
    );
    // Guards against a fast path that silently declines everything (the agreement above would then be trivial).
    expect(answered).toBeGreaterThan(4_000);
  });

  it('agrees with ajv-formats on every day of every month around leap years, and at every edge of the clock', () => {
    const cases: string[] = [];
    for (const year of ['1900', '2000', '2023', '2024', '0000', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) cases.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`);
      }
    }
    for (const hour of ['00', '22', '23', '24', '99']) {
      for (const minute of ['00', '58', '59', '60']) {
        for (const second of ['00', '59', '60', '61', '99']) {
          for (const fractionPart of ['', '.0', '.999999']) cases.push(`2024-06-30T${hour}:${minute}:${second}${fractionPart}Z`);
        }
      }
    }
    for (const text of cases) {
      expect(commonDateTime(text), text).toBe(reference(text));
    }
  });

  it('leaves every other shape to ajv-formats', () => {
    for (const text of ['2026-03-01T12:00:00+01:00', '2026-03-01t12:00:00z', '2026-03-01 12:00:00Z', '2026-03-01T12:00:00.Z', '', 'Z']) {
      expect(commonDateTime(text), text).toBeUndefined();
      expect(dateTime(text), text).toBe(reference(text));
    }
  });

  it('is what the app schema uses for version and versionInfo', () => {
    const app = { id: '/a', cmd: 'sleep 1', version: '2026-02-29T12:00:00.000Z' };
    expect(validateAppSchema(app).map((warning) => warning.pointer)).toEqual(['/version']);
    expect(validateAppSchema({ ...app, version: '2024-02-29T23:59:60.5Z' })).toEqual([]);
    expect(validateAppSchema({ id: '/a', cmd: 'sleep 1', versionInfo: { lastScalingAt: '2026-13-01T00:00:00Z' } }).map((warning) => warning.pointer)).toEqual([
      '/versionInfo/lastScalingAt',
    ]);
  });
});
