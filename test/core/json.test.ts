import { describe, expect, it } from 'vitest';

import { jsonEqual, withoutNulls } from '../../src/core/json.js';

describe('withoutNulls', () => {
  it('drops null members at every depth, keeps null array items, and leaves the input alone', () => {
    const input = { a: null, b: { c: null, d: 1 }, e: [null, { f: null }], g: { h: [1] } };
    const snapshot = structuredClone(input);

    const result = withoutNulls(input);

    expect(result).toEqual({ b: { d: 1 }, e: [null, {}], g: { h: [1] } });
    expect(input).toEqual(snapshot);
    // Subtrees without nulls are shared, not copied.
    expect(result.g).toBe(input.g);
    expect(withoutNulls(input.g)).toBe(input.g);
  });

  it('keeps own __proto__ members as data', () => {
    const input = JSON.parse('{"__proto__": {"x": 1}, "y": null}') as Record<string, unknown>;
    const result = withoutNulls(input);
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and compares arrays by position', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(false);
  });
});
