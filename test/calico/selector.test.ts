import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectorSyntaxError } from '../../src/errors.js';
import { parseSelector } from '../../src/index.js';
import { nodeToString, tokenize, type SelectorNode } from '../../src/calico/selector/index.js';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/calico/selector/${name}`, import.meta.url), 'utf8')) as T;
}

interface EvaluationCase {
  selector: string;
  matches: Array<Record<string, string>>;
  nonMatches: Array<Record<string, string>>;
}

describe('calico/selector (Calico parser_test.go selectorTests)', () => {
  it.each(fixture<EvaluationCase[]>('evaluation.json').map((c) => [c.selector, c] as const))('%j', (_selector, c) => {
    const selector = parseSelector(c.selector);
    const reparsed = parseSelector(selector.toString());

    for (const labels of c.matches) {
      expect(selector.evaluate(labels), JSON.stringify(labels)).toBe(true);
      expect(reparsed.evaluate(labels), JSON.stringify(labels)).toBe(true);
    }
    for (const labels of c.nonMatches) {
      expect(selector.evaluate(labels), JSON.stringify(labels)).toBe(false);
      expect(reparsed.evaluate(labels), JSON.stringify(labels)).toBe(false);
    }
  });
});

describe('calico/selector (Calico badSelectors)', () => {
  it.each(fixture<Array<{ selector: string; why: string }>>('bad-selectors.json').map((c) => [c.selector, c.why]))('rejects %j (%s)', (source) => {
    expect(() => parseSelector(source)).toThrow(SelectorSyntaxError);
  });
});

describe('calico/selector (Calico canonicalisationTests)', () => {
  it.each(fixture<Array<{ input: string; canonical: string; uniqueId?: string }>>('canonical.json').map((c) => [c.input, c] as const))(
    '%j',
    (_input, c) => {
      const selector = parseSelector(c.input);

      expect(selector.toString()).toBe(c.canonical);
      expect(parseSelector(c.canonical).toString()).toBe(c.canonical);
      if (c.uniqueId) expect(selector.uniqueId()).toBe(c.uniqueId);
    },
  );
});

describe('calico/selector/tokenizer (Calico tokenTests)', () => {
  it.each(fixture<Array<{ input: string; tokens: string[][] | null }>>('tokenizer.json').map((c) => [c.input, c.tokens] as const))(
    '%j',
    (input, expected) => {
      if (expected === null) {
        expect(() => tokenize(input)).toThrow(SelectorSyntaxError);
        return;
      }
      const tokens = tokenize(input).map((t) => (t.value === undefined ? [t.kind] : [t.kind, t.value]));
      const normalised = expected.map((t) => (t[0] === 'string' || t[0] === 'label' || t[0] === 'has' ? t : [t[0]!]));

      expect(tokens).toEqual(normalised);
    },
  );
});

describe('calico/selector (lexical rules and precedence, calico-semantics §1)', () => {
  const extra = fixture<{
    valid: Array<{ input: string; canonical: string }>;
    invalid: Array<{ input: string; index: number }>;
    evaluation: Array<{ selector: string; labels: Record<string, string>; result: boolean }>;
  }>('extra.json');

  it.each(extra.valid.map((c) => [c.input, c.canonical]))('parses %j as %j', (input, canonical) => {
    expect(parseSelector(input).toString()).toBe(canonical);
  });

  it.each(extra.invalid.map((c) => [c.input, c.index]))('rejects %j at character %i', (input, index) => {
    let error: unknown;
    try {
      parseSelector(input);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect((error as SelectorSyntaxError).index).toBe(index);
    expect((error as SelectorSyntaxError).message).toContain(`at character ${index}`);
  });

  it.each(extra.evaluation.map((c) => [c.selector, c.labels, c.result] as const))('%j on %j is %s', (selector, labels, result) => {
    expect(parseSelector(selector).evaluate(labels)).toBe(result);
  });

  it('rejects labels longer than 512 characters and accepts 512', () => {
    expect(parseSelector(`has(${'a'.repeat(512)})`).toString()).toBe(`has(${'a'.repeat(512)})`);
    expect(() => parseSelector(`has(${'a'.repeat(513)})`)).toThrow(/label too long/);
  });

  it('evaluates against a Map as well as a record', () => {
    expect(parseSelector("a == 'b'").evaluate(new Map([['a', 'b']]))).toBe(true);
  });
});

// Fuzzing: ~6,000 parser runs in total.
const labelArb = fc.constantFrom('a', 'b', 'app', 'in', 'has', 'k8s-app', 'calico/k8s_ns', 'x.y', 'contains');
const valueArb = fc.constantFrom('', 'v', 'a', 'b', "it's", 'say "hi"', 'é', 'x y');
const nodeArb: fc.Arbitrary<SelectorNode> = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constantFrom('eq', 'ne', 'contains', 'startsWith', 'endsWith'), label: labelArb, value: valueArb }) as fc.Arbitrary<SelectorNode>,
    fc.record({ kind: fc.constantFrom('in', 'notIn'), label: labelArb, values: fc.array(valueArb, { maxLength: 3 }) }) as fc.Arbitrary<SelectorNode>,
    fc.record({ kind: fc.constant('has'), label: labelArb }) as fc.Arbitrary<SelectorNode>,
    fc.constant<SelectorNode>({ kind: 'all' }),
    fc.constant<SelectorNode>({ kind: 'global' }),
    fc.record({ kind: fc.constant('not'), operand: tie('node') }) as fc.Arbitrary<SelectorNode>,
    fc.record({ kind: fc.constantFrom('and', 'or'), operands: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }) as fc.Arbitrary<SelectorNode>,
  ),
})).node;
const labelsArb = fc.dictionary(labelArb, valueArb, { maxKeys: 4 });

describe('calico/selector (fuzz)', () => {
  it('throws nothing but SelectorSyntaxError on arbitrary input', () => {
    const pieces = fc.constantFrom('a', 'b', ' ', '\t', '\n', '==', '=', '!', '!=', '&&', '&', '||', '|', '(', ')', '{', '}', ',', '"', "'", 'has(', 'all()', 'global()', 'in', 'not', 'not in', 'starts', 'with', 'ends with', 'contains', '%', 'é', '-', '.', '/');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''))), (input) => {
        try {
          parseSelector(input);
        } catch (error) {
          if (!(error instanceof SelectorSyntaxError)) throw error;
          expect(error.index).toBeGreaterThanOrEqual(0);
          expect(error.index).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('canonical form re-parses to itself and evaluates the same', () => {
    fc.assert(
      fc.property(nodeArb, labelsArb, (node, labels) => {
        const text = nodeToString(node);
        const parsed = parseSelector(text);
        const canonical = parsed.toString();

        expect(parseSelector(canonical).toString()).toBe(canonical);
        expect(parseSelector(canonical).evaluate(labels)).toBe(parsed.evaluate(labels));
      }),
      { numRuns: 3000 },
    );
  });
});
