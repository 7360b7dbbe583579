import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CalicoResourceError, loadResources } from '../../src/calico/resources/index.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/calico/resources/${name}`, import.meta.url), 'utf8');
}

function problemsOf(file: string): CalicoResourceError {
  try {
    loadResources([{ file, text: fixture(file) }]);
  } catch (error) {
    if (error instanceof CalicoResourceError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without problems`);
}

describe('calico/resources (calicoctl validation, calico-semantics §6)', () => {
  it.each(['invalid-rules', 'invalid-resources'])('%s: reports every problem with its document and field path', (name) => {
    const expected = JSON.parse(fixture(`${name}.expected.json`)) as Array<{ document: number; item?: number; path: string; message: string }>;

    const error = problemsOf(`${name}.input.yaml`);

    const actual = error.problems.map((p) => ({ document: p.origin.document, item: p.origin.item, path: p.path, message: p.message }));
    for (const want of expected) {
      expect(actual, JSON.stringify(want)).toContainEqual(expect.objectContaining({ document: want.document, item: want.item, path: want.path, message: expect.stringContaining(want.message) }));
    }
    expect(actual).toHaveLength(expected.length);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`${name}.input.yaml document 1`);
  });

  it('names the resource in each message', () => {
    const error = problemsOf('invalid-rules.input.yaml');

    expect(error.message).toContain('invalid-rules.input.yaml document 1 (line 1) NetworkPolicy default/rules, spec.ingress[0].protocol: protocol name invalid (tcp)');
  });

  it('loads a valid mix with calicoctl defaults (List, no namespace, types, tiers, pool defaults)', () => {
    const expected = JSON.parse(fixture('valid.expected.json')) as Record<string, unknown>;

    const resources = loadResources([{ file: 'valid.input.yaml', text: fixture('valid.input.yaml') }]);

    expect(resources.policies).toMatchObject(expected.policies as object[]);
    expect(resources.policies[1]!.order).toBeUndefined();
    expect(resources.tiers).toMatchObject(expected.tiers as object[]);
    expect(resources.ipPools).toEqual(expected.ipPools);
    expect(resources.workloadEndpoints).toMatchObject(expected.workloadEndpoints as object[]);
    expect(resources.policies[1]!.ingress[0]!.destination.ports).toEqual(expected.ports);
    expect(resources.policies[1]!.ingress.map((r) => r.protocol)).toEqual(expected.protocols);
  });

  it('reads JSON documents and calicoctl objects too', () => {
    const object = { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'calico' }, spec: { labelsToApply: { calico: '' } } };

    const fromJson = loadResources([{ file: 'p.json', text: JSON.stringify({ apiVersion: 'projectcalico.org/v3', kind: 'ProfileList', items: [object] }) }]);
    const fromObjects = loadResources([{ file: 'inline', objects: [object] }]);

    expect(fromJson.profiles.map((p) => p.name)).toEqual(['calico']);
    expect(fromObjects.profiles[0]!.labelsToApply).toEqual({ calico: '' });
  });

  it('warns about order ties and redefinitions instead of failing', () => {
    const policy = (name: string): string => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec: {order: 10}\n`;

    const resources = loadResources([{ file: 'a.yaml', text: [policy('x'), policy('y'), policy('x')].join('---\n') }]);

    expect(resources.policies.map((p) => p.name)).toEqual(['x', 'y']);
    expect(resources.warnings.map((w) => w.message)).toEqual([expect.stringContaining('defined again'), expect.stringContaining('share order 10')]);
  });

  it('reports invalid YAML with its line', () => {
    expect(() => loadResources([{ file: 'broken.yaml', text: 'kind: Profile\n---\nmetadata: [\n' }])).toThrow(/broken\.yaml document \d+ \(line \d+\).*invalid YAML/);
  });
});
