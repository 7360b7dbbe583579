/** Fuzzing the svc.yml rewriter on a mutated real service spec (FUZZ_RUNS cases; see fuzz-targets.ts). */
import fc from 'fast-check';
import { describe, it } from 'vitest';

import { checkRewrite, corpusTemplate, fuzzRuns, fuzzTimeout, mutate, mutations } from './fuzz-targets.js';

const runs = fuzzRuns();
const svc = corpusTemplate('dcos-commons/frameworks/template/src/main/dist/svc.yml');

describe(`hardening/fuzz: svc.yml (${runs} cases)`, () => {
  it('svc.yml rewriter: mutated real service spec', () => {
    fc.assert(fc.property(mutations, (edits) => checkRewrite(mutate(svc, edits), 'svc.yml')), { numRuns: runs });
  }, fuzzTimeout(runs));
});
