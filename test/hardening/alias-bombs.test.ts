/** Regression tests: YAML alias bombs are refused with a location instead of hanging the run. */
import { describe, expect, it } from 'vitest';

import { loadResources } from '../../src/calico/resources/index.js';
import { parseDcosConfig } from '../../src/calico/dcos-config/parse.js';
import { expandedNodeCount, MAX_EXPANDED_NODES } from '../../src/core/yaml-bounds.js';

const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]']
  .concat('bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`))
  .join('\n');

describe('hardening/fixes: YAML alias bombs', () => {
  it('counts shared subtrees once per reference and stops at the limit', () => {
    const leaf = { a: 1 };
    expect(expandedNodeCount({ x: leaf, y: leaf })).toBe(5);
    let bomb: unknown = ['x'];
    for (let i = 0; i < 40; i++) bomb = [bomb, bomb];
    expect(expandedNodeCount(bomb)).toBeGreaterThan(MAX_EXPANDED_NODES);
  });

  it('treats a cycle as unbounded', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(expandedNodeCount(cycle)).toBe(Number.POSITIVE_INFINITY);
  });

  it('check-config refuses an alias bomb with the file and line instead of expanding it', () => {
    expect(() => parseDcosConfig(BOMB, 'config.yaml')).toThrow(/config\.yaml:1:1: the YAML expands to more than 1,000,000 nodes/);
  });

  it('the resource loader refuses an alias bomb as a problem of its document', () => {
    const text = `x:\n${BOMB.replace(/^/gm, '  ')}\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  order: *i\n`;
    expect(() => loadResources([{ file: 'bomb.yaml', text }])).toThrow(/bomb\.yaml document 1 \(line 1\): the YAML expands/);
  });
});
