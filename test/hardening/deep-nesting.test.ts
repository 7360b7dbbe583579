/** Regression test: JSON nested beyond any real definition is refused with its line:column instead of overflowing the stack. */
import { describe, expect, it } from 'vitest';

import { MAX_NESTING, nestingBeyond, parseJsonDocument } from '../../src/formats/marathon-json/parse.js';

describe('hardening/deep nesting', () => {
  it('refuses 200,000 nested arrays with the place of the bracket that goes too deep', () => {
    const text = `{"id": "/web",\n "container": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseJsonDocument('deep.json', text)).toThrow(
      `deep.json:2:${15 + MAX_NESTING - 1}: JSON nested more than 1000 levels deep; no Marathon definition is, so the file is refused`,
    );
  });

  it('counts brackets only outside strings, escaped quotes included', () => {
    const text = JSON.stringify({ cmd: `${'['.repeat(5000)} \\" "${'{'.repeat(5000)}`, a: [[[]]] });
    expect(nestingBeyond(text, 4)).toBe(-1);
    expect(nestingBeyond(text, 3)).toBe(text.lastIndexOf('[[[') + 2);
    expect(parseJsonDocument('ok.json', text)).toEqual(JSON.parse(text));
  });

  it('accepts exactly the limit', () => {
    const text = `${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`;
    expect(nestingBeyond(text, MAX_NESTING)).toBe(-1);
    expect(nestingBeyond(text, MAX_NESTING - 1)).toBe(MAX_NESTING - 1);
  });
});
