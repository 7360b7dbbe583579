import { readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { validateApp, validateAppChange, validatePod } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';
import { loadAppSchema } from '../../src/core/validation/schema.js';
import { fixturePath } from '../../src/paths.js';

const ucr = { type: 'MESOS', docker: { image: 'nginx' } };
const messages = (warnings: { message: string }[]) => warnings.map((w) => w.message);

describe('validateApp: JSON Schema', () => {
  it('uses a schema that is itself valid JSON Schema (the validators skip that check at run time)', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(loadAppSchema()), ajv.errorsText()).toBe(true);
    // The check can fail: a schema with a wrong keyword type is refused.
    expect(ajv.validateSchema({ ...loadAppSchema(), required: 'id' })).toBe(false);
  });

  it('accepts the bookstore apps and a GET /v2/apps answer with status fields and nulls', () => {
    const app = JSON.parse(readFileSync(fixturePath('bookstore', 'apps', 'bookstore-server.json'), 'utf8')) as JsonObject;
    expect(validateApp(app)).toEqual([]);
    const api = JSON.parse(readFileSync(fixturePath('core', 'app-api-response.input.json'), 'utf8')) as JsonObject;
    // storeUrls was dropped from Marathon long ago: only a warning, Marathon ignores it.
    expect(validateApp({ ...api, args: null, user: null, lastTaskFailure: null }).map((w) => `${w.severity} ${w.pointer}`)).toEqual(['warning /storeUrls']);
  });

  it('reports type errors with Marathon error keys and paths', () => {
    const warnings = validateApp({ id: 123, cmd: 'x', instances: 'two', labels: { a: 1 } });
    expect(warnings.map((w) => [w.pointer, w.severity])).toEqual([
      ['/id', 'error'],
      ['/instances', 'error'],
      ['/labels/a', 'error'],
    ]);
    expect(warnings[0]!.message).toMatch(/^\/id: error\.expected\.jsstring/);
    expect(warnings[1]!.message).toMatch(/^\/instances: error\.expected\.jsnumber/);
  });

  it('reports a missing id, cmd with args, and unknown fields', () => {
    expect(messages(validateApp({ cmd: 'x' }))).toEqual(['/id: error.path.missing']);
    expect(messages(validateApp({ id: '/a', cmd: 'x', args: ['y'] }))).toEqual([
      "/: AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.",
    ]);
    // Marathon forbids cmd only with a non-empty args; Universe templates send `"args": []` beside cmd.
    expect(validateApp({ id: '/a', cmd: 'x', args: [] })).toEqual([]);
    const unknown = validateApp({ id: '/a', cmd: 'x', networkz: [] });
    expect(unknown).toEqual([
      { code: 'schema-unknown-field', severity: 'warning', pointer: '/networkz', message: '/networkz: unknown field "networkz"; Marathon ignores it (a typo?)' },
    ]);
  });

  it('rejects Docker parameters on the Mesos containerizer (validateOldAppAPI)', () => {
    expect(messages(validateApp({ id: '/a', cmd: 'x', container: { type: 'MESOS', docker: { image: 'i', parameters: [{ key: 'label', value: 'a=b' }] } } }))).toEqual([
      '/container/docker/parameters: must be empty',
    ]);
  });

  it('knows fields added after the schema was frozen', () => {
    expect(validateApp({ id: '/a', cmd: 'x', role: 'slave_public', tty: false, container: { type: 'MESOS', linuxInfo: {} } })).toEqual([]);
  });
});

describe('validateApp: network rules (docs/marathon-api.md §4.1-4.2)', () => {
  const app = (extra: JsonObject): JsonObject => ({ id: '/a', cmd: 'x', container: ucr, ...extra });
  it.each([
    [{ networks: [{ mode: 'host', name: 'x' }] }, '/networks: Host networks may not have names or labels'],
    [{ networks: [{ mode: 'container/bridge', name: 'x' }] }, '/networks: Bridge networks may not have names'],
    [{ networks: [{ name: 'dcos' }, { name: 'dcos' }] }, '/networks: Duplicate networks are not allowed'],
    [{ networks: [{ mode: 'container' }, { mode: 'container' }] }, '/networks: Duplicate networks are not allowed'],
    [{ networks: [{ mode: 'host' }, { name: 'dcos' }] }, '/networks: May specify a single host network, single bridge network, or else 1-to-n container networks'],
    [{ networks: [{ name: 'Bad_Name' }] }, '/networks(0)/name: error.pattern (must match ^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$, at most 63 characters)'],
    [
      { container: { ...ucr, portMappings: [{ containerPort: 80, networkNames: ['calico'] }] }, networks: [{ name: 'dcos' }] },
      '/container/portMappings(0)/networkNames(0): is not one of (dcos)',
    ],
    [
      { container: { ...ucr, portMappings: [{ containerPort: 80, hostPort: 0 }] }, networks: [{ name: 'dcos' }, { name: 'other' }] },
      '/container/portMappings(0): networkNames must be a single item list when hostPort is specified and more than 1 container network is defined',
    ],
    [
      { container: { ...ucr, portMappings: [{ containerPort: 80, name: 'a' }, { containerPort: 81, name: 'a' }] }, networks: [{ name: 'dcos' }] },
      '/container/portMappings: Port names must be unique.',
    ],
    [
      { container: { type: 'DOCKER', docker: { image: 'i' } }, networks: [{ name: 'dcos' }, { name: 'other' }] },
      '/: may only specify a single container network when using the Docker container engine',
    ],
  ])('%j', (extra, message) => {
    expect(messages(validateApp(app(extra)))).toEqual([message]);
  });

  it('resolves unnamed networks to the default name, or requires a name without one', () => {
    const unnamed = app({ networks: [{ mode: 'container' }], container: { ...ucr, portMappings: [{ containerPort: 80, networkNames: ['dcos'] }] } });
    expect(validateApp(unnamed)).toEqual([]);
    expect(messages(validateApp(unnamed, { defaultNetworkName: null }))).toContain('/: Network name must be specified when container network is selected.');
  });

  it('validates legacy apps after translating them, and reports rejected mixes', () => {
    expect(validateApp({ id: '/a', cmd: 'x', ipAddress: { networkName: 'dcos' } })).toEqual([]);
    expect(messages(validateApp({ id: '/a', cmd: 'x', ipAddress: {}, networks: [{ mode: 'host' }] }))).toEqual([
      'Marathon rejects this legacy network definition: must not specify both networks and ipAddress',
    ]);
  });
});

describe('validatePod (docs/marathon-api.md §4.6)', () => {
  const pod = (networks: unknown, endpoints: unknown[]): JsonObject => ({ id: '/p', networks, containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, endpoints }] });
  it('accepts valid pods', () => {
    expect(validatePod(pod([{ name: 'dcos' }], [{ name: 'http', containerPort: 80, networkNames: ['dcos'] }]))).toEqual([]);
    expect(validatePod(pod(undefined, [{ name: 'http', hostPort: 0 }]))).toEqual([]);
  });

  it.each([
    [[{ name: 'dcos' }], [{ name: 'http' }], '/containers(0)/endpoints(0)/containerPort: is required when using container-mode networking'],
    [[{ mode: 'host' }], [{ name: 'http', containerPort: 80 }], '/containers(0)/endpoints(0)/containerPort: is not allowed when using host-mode networking'],
    [[{ name: 'dcos' }], [{ name: 'http', containerPort: 80, networkNames: ['calico'] }], '/containers(0)/endpoints(0)/networkNames(0): is not one of (dcos)'],
    [
      [{ name: 'dcos' }, { name: 'other' }],
      [{ name: 'http', containerPort: 80, hostPort: 80 }],
      '/containers(0)/endpoints(0): networkNames must be a single item list when hostPort is specified and more than 1 container network is defined',
    ],
    [[{ name: 'dcos' }], [{ name: 'a', containerPort: 80 }, { name: 'a', containerPort: 81 }], '/: endpoint names nust be unique across all containers'],
    [[{ name: 'dcos' }], [{ name: 'a', containerPort: 80 }, { name: 'b', containerPort: 80 }], '/: container ports must be unique across all containers'],
    [[{ name: 'dcos' }, { name: 'dcos' }], [], '/networks: Duplicate networks are not allowed'],
  ])('%j %j', (networks, endpoints, message) => {
    expect(messages(validatePod(pod(networks, endpoints)))).toEqual([message]);
  });

  it('rejects a pod that is not an object or has no id', () => {
    expect(messages(validatePod([]))).toEqual(['/: error.expected.jsobject']);
    expect(messages(validatePod({ containers: [] }))).toEqual(['/id: error.path.missing']);
  });
});

describe('validateAppChange', () => {
  const base = (): JsonObject => JSON.parse(readFileSync(fixturePath('core', 'app-api-response.input.json'), 'utf8')) as JsonObject;
  // Edits that break (or mend) one member, the app as a whole, or the network rules.
  const edits: Array<(app: JsonObject) => void> = [
    (app) => (app.cpus = 'a lot'),
    (app) => (app.cpus = null),
    (app) => delete app.id,
    (app) => (app.args = ['x']),
    (app) => (app.networkz = []),
    (app) => (app.networks = [{ mode: 'container', name: 'calico' }]),
    (app) => (app.networks = [{ mode: 'host', name: 'calico' }]),
    (app) => (app.networks = [{ mode: 'container', name: 'Bad_Name' }]),
    (app) => (app.container = { type: 'DOCKER', docker: { image: 'i' }, portMappings: [{ containerPort: 'x', networkNames: ['nope'] }] }),
    (app) => (app.container = { type: 'MESOS', docker: { image: 'i', parameters: [{ key: 'a', value: 'b' }] } }),
    (app) => (app.labels = { a: 1 }),
    (app) => (app.labels = { a: 'b' }),
    (app) => (app.env = { HOME: '/root' }),
    (app) => delete app.storeUrls,
  ];
  const key = (w: { pointer: string; message: string }) => `${w.pointer} ${w.message}`;

  it('reports exactly the problems full validation of the new version adds', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(edits.length - 1), { maxLength: 3 }), fc.array(fc.nat(edits.length - 1), { maxLength: 3 }), (first, second) => {
        const before = base();
        for (const edit of first) edits[edit]!(before);
        const after = structuredClone(before);
        for (const edit of second) edits[edit]!(after);
        const beforeProblems = validateApp(before);
        const known = new Set(beforeProblems.map(key));
        const expected = validateApp(after).filter((w) => !known.has(key(w)));
        expect(validateAppChange(before, after, beforeProblems).map(key).sort()).toEqual(expected.map(key).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('finds a problem in a changed member and ignores an old one in an unchanged member', () => {
    const before = { ...base(), cpus: 'a lot' };
    const after = { ...before, networks: [{ mode: 'container', name: 'Bad_Name' }] };
    const found = validateAppChange(before, after, validateApp(before)).map((w) => w.pointer);
    expect(found).toContain('/networks/0/name');
    expect(found).not.toContain('/cpus');
  });
});
