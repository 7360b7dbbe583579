import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withoutNulls } from '../../src/core/json.js';
import { declaredMembers, loadAppSchema } from '../../src/core/validation/app-schema.js';
import type { AppValidators } from '../../src/core/validation/app-schema.js';
import type * as precompiledModule from '../../src/core/validation/precompiled.js';
import { loadPrecompiled, precompiledSource } from '../../src/core/validation/precompiled.js';
import { compileAppValidators } from '../../src/core/validation/schema.js';
import { packageRoot } from '../../src/paths.js';
import { fixtureRunSpecs } from '../helpers/fixture-run-specs.js';

// Inside the package, so the generated code's require('ajv/dist/runtime/...') resolves as it does from dist/.
const dir = join(packageRoot(), 'test-artifacts', `precompiled-${process.pid}`);
const file = join(dir, 'app-validators.precompiled.cjs');
let precompiled: AppValidators;
let compiled: AppValidators;

/** Every app of the Marathon JSON fixtures, nulls dropped as validateApp does before the schema sees an app. */
function fixtureApps(): Record<string, unknown>[] {
  return fixtureRunSpecs('app').map((app) => withoutNulls(app));
}

/** Both sets' verdicts on an app: the whole app, the app-level rules, and every declared member it has. */
function verdicts(validators: AppValidators, app: unknown): Record<string, boolean> {
  const result: Record<string, boolean> = { whole: validators.whole(app) as boolean, appLevel: validators.appLevel(app) as boolean };
  if (typeof app === 'object' && app !== null && !Array.isArray(app)) {
    for (const [name, value] of Object.entries(app)) {
      const member: ValidateFunction | undefined = validators.member(name);
      result[`member:${name}`] = member ? (member(value) as boolean) : false;
    }
  }
  return result;
}

/** Replaces the value at a random path of `app` (a member, or something nested in one) with `replacement`. */
function mutate(app: Record<string, unknown>, choices: number[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(app);
  let parent: Record<string, unknown> | unknown[] = copy;
  for (const choice of choices) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, index) => index) : Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length]!;
    const child = (parent as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null || choice % 3 === 0) {
      (parent as Record<string | number, unknown>)[key] = replacement;
      return copy;
    }
    parent = child as Record<string, unknown> | unknown[];
  }
  return copy;
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, precompiledSource());
  precompiled = loadPrecompiled(file)!;
  compiled = compileAppValidators('quick');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('precompiled schema validators', () => {
  it('load from the generated module and name a validator for every declared member', () => {
    expect(precompiled).toBeDefined();
    for (const name of declaredMembers()) expect(precompiled.member(name), name).toBeTypeOf('function');
    expect(precompiled.member('noSuchField')).toBeUndefined();
    expect(precompiled.member('__proto__')).toBeUndefined();
  });

  it('agree with validators compiled at run time on every fixture app', () => {
    const apps = fixtureApps();
    expect(apps.length).toBeGreaterThan(20);
    for (const app of apps) expect(verdicts(precompiled, app)).toEqual(verdicts(compiled, app));
  });

  it('agree with validators compiled at run time on fixture apps with any value anywhere, valid or not', () => {
    const apps = fixtureApps();
    const outcomes = new Set<boolean>();
    fc.assert(
      fc.property(fc.nat({ max: apps.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), (index, choices, replacement) => {
        const app = mutate(apps[index]!, choices, replacement);
        const expected = verdicts(compiled, app);
        outcomes.add(expected['whole']!);
        expect(verdicts(precompiled, app)).toEqual(expected);
      }),
      { numRuns: 3_000, seed: 11 },
    );
    // Both verdicts were exercised, so agreement is not agreement on "valid" alone.
    expect([...outcomes].sort()).toEqual([false, true]);
  });

  it('are not used when built from another schema, or when the build made none', () => {
    const stale = join(dir, 'stale.cjs');
    writeFileSync(stale, readFileSync(file, 'utf8').replace(/exports\.digest = "[0-9a-f]+";/, 'exports.digest = "0";'));
    expect(loadPrecompiled(stale)).toBeUndefined();
    expect(loadPrecompiled(join(dir, 'missing.cjs'))).toBeUndefined();
  });

  it('are what the built package loads', async () => {
    // dist/ is built (with this step) before the suites run; the module there finds its own precompiled file.
    const built = (await import(join(packageRoot(), 'dist', 'src', 'core', 'validation', 'precompiled.js'))) as typeof precompiledModule;
    expect(built.loadPrecompiled()).toBeDefined();
  });

  it('cover the only format the schema uses, so no format is silently ignored', () => {
    const formats = new Set<string>();
    JSON.stringify(loadAppSchema(), (key, value: unknown) => {
      if (key === 'format' && typeof value === 'string') formats.add(value);
      return value;
    });
    expect([...formats]).toEqual(['date-time']);
  });
});
