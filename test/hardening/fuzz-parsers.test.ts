/** Fuzzing the selector parser and the calicoctl loader (FUZZ_RUNS cases each; see fuzz-targets.ts). */
import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, it } from 'vitest';

import { fixturePath } from '../../src/paths.js';
import { checkResources, checkSelector, fuzzRuns, fuzzTimeout, mutate, mutations, realSelectors } from './fuzz-targets.js';

const runs = fuzzRuns();
const selectors = realSelectors();
// The first two documents of a real resource file (a policy and a profile): small enough for 10,000 runs in seconds.
const resources = readFileSync(fixturePath('calico', 'resources', 'valid.input.yaml'), 'utf8').split('\n---\n').slice(0, 2).join('\n---\n');

describe(`hardening/fuzz: parsers (${runs} cases per target)`, () => {
  it('selector parser: mutated real selectors', () => {
    fc.assert(fc.property(fc.constantFrom(...selectors), mutations, (source, edits) => checkSelector(mutate(source, edits))), { numRuns: runs });
  }, fuzzTimeout(runs));

  it('selector parser: arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (source) => checkSelector(source)), { numRuns: runs });
  }, fuzzTimeout(runs));

  it('calicoctl loader: mutated real resource files', () => {
    fc.assert(fc.property(mutations, (edits) => checkResources(mutate(resources, edits))), { numRuns: runs });
  }, fuzzTimeout(runs));
});
