/**
 * Calico label selectors: `parseSelector(source)` returns an evaluator with Calico's canonical form.
 */
import { createHash } from 'node:crypto';
import { evaluateNode, nodeToString, type LabelSource, type SelectorNode } from './ast.js';
import { parseSelectorNode } from './parser.js';

export type { LabelSource, SelectorNode } from './ast.js';
export { evaluateNode, labelsOf, nodeToString, compareCodePoints } from './ast.js';
export { tokenize } from './tokenizer.js';
export type { Token, TokenKind } from './tokenizer.js';

/** A parsed Calico selector. */
export interface Selector {
  /** The selector as written. */
  readonly source: string;
  /** The syntax tree. */
  readonly ast: SelectorNode;
  /** True when the labels match (`!=`/`not in` match a missing label; the others need it present). */
  evaluate(labels: LabelSource): boolean;
  /** Calico's canonical form (`String()`): re-parsing it gives the same form. */
  toString(): string;
  /** Calico's `UniqueID()`: `s:` + base64url(SHA-224(`s:` + canonical form)). */
  uniqueId(): string;
}

/**
 * Parses a Calico selector (empty or blank = `all()`).
 * @throws SelectorSyntaxError naming the 0-based character position of the problem.
 */
export function parseSelector(source: string): Selector {
  const ast = parseSelectorNode(source);
  return selectorFromNode(ast, source);
}

/** Wraps a syntax tree as a Selector (used for selectors the simulator composes, e.g. namespace scoping). */
export function selectorFromNode(ast: SelectorNode, source?: string): Selector {
  let canonical: string | undefined;
  const text = (): string => (canonical ??= nodeToString(ast));
  return {
    source: source ?? text(),
    ast,
    evaluate: (labels) => evaluateNode(ast, labels),
    toString: text,
    uniqueId: () => `s:${createHash('sha224').update(`s:${text()}`).digest('base64url')}`,
  };
}

/** True when `source` parses as a selector. Never throws. */
export function isValidSelector(source: string): boolean {
  try {
    parseSelectorNode(source);
    return true;
  } catch {
    return false;
  }
}
