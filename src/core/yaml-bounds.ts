/**
 * Bounds for parsed YAML. js-yaml resolves aliases to shared references, so an "alias bomb" (a few lines of nested
 * anchors) parses instantly into a value whose expansion has billions of nodes; any later walk of it (comparison,
 * JSON.stringify, validation) then runs for hours. Callers measure the expanded size right after parsing and refuse
 * values over the bound.
 */

/** More expanded nodes than any real configuration file has by orders of magnitude. */
export const MAX_EXPANDED_NODES = 1_000_000;

/**
 * The number of nodes `value` has once every alias is expanded (a subtree shared by N references counts N times),
 * stopping as soon as the count passes `limit`. Linear in the number of distinct nodes. A cyclic value counts as
 * unbounded (`Infinity`).
 */
export function expandedNodeCount(value: unknown, limit = MAX_EXPANDED_NODES): number {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const measure = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return Number.POSITIVE_INFINITY;
    open.add(node);
    let size = 1;
    const children = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    for (const child of children) {
      size += measure(child);
      if (size > limit) break;
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  return measure(value);
}

/** The message for a value over the bound, shared so every format says it the same way. */
export function aliasBombMessage(limit = MAX_EXPANDED_NODES): string {
  return `the YAML expands to more than ${limit.toLocaleString('en-US')} nodes once its aliases (*name) are resolved; refusing it (an alias bomb?)`;
}
