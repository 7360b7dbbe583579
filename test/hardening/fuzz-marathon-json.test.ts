/** Fuzzing the Marathon JSON rewriter on generated apps and their mutations (FUZZ_RUNS cases; see fuzz-targets.ts). */
import fc from 'fast-check';
import { describe, it } from 'vitest';

import { checkRewrite, fuzzRuns, fuzzTimeout, marathonApps, mutate, mutations } from './fuzz-targets.js';

const runs = fuzzRuns();

describe(`hardening/fuzz: Marathon JSON (${runs} cases)`, () => {
  it('Marathon JSON rewriter: generated apps, pretty or minified, and their mutations', () => {
    fc.assert(
      fc.property(marathonApps, fc.constantFrom(0, 2, 4, '\t'), fc.option(mutations, { nil: undefined }), (app, indent, edits) => {
        const text = JSON.stringify(app, null, indent);
        checkRewrite(edits ? mutate(text, edits) : text, 'app.json');
      }),
      { numRuns: runs },
    );
  }, fuzzTimeout(runs));
});
