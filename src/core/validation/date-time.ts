/**
 * The `date-time` format of Marathon's schema (`version`, `versionInfo.*`), as ajv-formats checks it in full mode,
 * with a fast path for the one shape Marathon itself writes (`2026-03-01T12:00:00.000Z`): every app of an API answer
 * carries three such stamps, and the general check (a split and two regular expressions) was a visible share of
 * validating a large group tree. Any other shape goes to ajv-formats, so the answers are the same by construction
 * wherever the fast path declines, and a property test holds them equal where it answers.
 */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two decimal digits at `index` as a number, or -1 if either is not a digit. */
function twoDigits(text: string, index: number): number {
  const high = text.charCodeAt(index) - 0x30;
  const low = text.charCodeAt(index + 1) - 0x30;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * ajv-formats' verdict on `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, or undefined for any other shape. Same rules: a real
 * calendar day, hours 00-23, minutes 00-59, seconds 00-59, and second 60 only at 23:59 UTC (a leap second).
 */
export function commonDateTime(text: string): boolean | undefined {
  const length = text.length;
  if (
    length < 20 ||
    text.charCodeAt(length - 1) !== 0x5a /* Z */ ||
    text.charCodeAt(4) !== 0x2d /* - */ ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 /* T */ ||
    text.charCodeAt(13) !== 0x3a /* : */ ||
    text.charCodeAt(16) !== 0x3a
  ) {
    return undefined;
  }
  if (length > 20) {
    // A fraction: a dot and at least one digit before the Z.
    if (length === 21 || text.charCodeAt(19) !== 0x2e) return undefined;
    for (let i = 20; i < length - 1; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x30 || code > 0x39) return undefined;
    }
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearOfCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = century * 100 + yearOfCentury;
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!)) return false;
  return (hour <= 23 && minute <= 59 && second <= 59) || (hour === 23 && minute === 59 && second === 60);
}

/** A `date-time` check: the fast path where it answers, `reference` (ajv-formats, full mode) everywhere else. */
export function dateTimeFormat(reference: (text: string) => boolean): (text: string) => boolean {
  return (text) => commonDateTime(text) ?? reference(text);
}
