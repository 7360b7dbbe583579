/** How a JSON file is laid out, so inserted text looks like the text around it. */
export interface JsonLayout {
  /** `'\t'` or a run of spaces. */
  indent: string;
  eol: '\n' | '\r\n';
  /** True when the text is pure ASCII (non-ASCII characters, if any, written as `\u` escapes); computed on demand. */
  ascii(): boolean;
}

/**
 * Guesses the indentation unit and line ending of a JSON text from its first indented lines. Defaults to two
 * spaces and `\n` (minified files have no lines to learn from; their edits are written inline anyway).
 */
export function detectLayout(text: string): JsonLayout {
  let known: boolean | undefined;
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  const ascii = (): boolean => (known ??= !/[^\x00-\x7f]/.test(text));
  // A minified file (an API answer) has no line to learn from: one search for a newline says so.
  if (!text.includes('\n')) return { indent: '  ', eol: '\n', ascii };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let smallest = Infinity;
  let tabs = 0;
  let spaces = 0;
  const pattern = /\n([ \t]+)\S/g;
  let match: RegExpExecArray | null;
  let seen = 0;
  while ((match = pattern.exec(text)) !== null && seen < 200) {
    seen++;
    const lead = match[1]!;
    if (lead.startsWith('\t')) tabs++;
    else {
      spaces++;
      if (lead.length < smallest) smallest = lead.length;
    }
  }
  if (tabs > spaces) return { indent: '\t', eol, ascii };
  return { indent: ' '.repeat(Number.isFinite(smallest) ? smallest : 2), eol, ascii };
}
