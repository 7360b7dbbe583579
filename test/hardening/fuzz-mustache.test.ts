/** Fuzzing the marathon.json.mustache rewriter on a mutated real package template (FUZZ_RUNS cases; see fuzz-targets.ts). */
import fc from 'fast-check';
import { describe, it } from 'vitest';

import { checkRewrite, corpusTemplate, fuzzRuns, fuzzTimeout, mutate, mutations } from './fuzz-targets.js';

const runs = fuzzRuns();
const template = corpusTemplate('universe/humio-agent/0/marathon.json.mustache');

describe(`hardening/fuzz: marathon.json.mustache (${runs} cases)`, () => {
  it('marathon.json.mustache rewriter: mutated real package template', () => {
    fc.assert(fc.property(mutations, (edits) => checkRewrite(mutate(template, edits), 'marathon.json.mustache')), { numRuns: runs });
  }, fuzzTimeout(runs));
});
