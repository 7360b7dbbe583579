/**
 * The bundled emulator answers as Marathon does (its own normaliser and validator, with Marathon's status codes) and
 * core's validateApp reports what Marathon would refuse; the two are separate code, so this test keeps them from
 * drifting apart: for fixture apps with generated networks, container types and port mappings, and fixture pods with
 * generated networks and endpoints, the emulator accepts a definition exactly when validateApp / validatePod finds no
 * error in it.
 *
 * Out of core's scope, so kept out of the generated apps: Marathon's rule that an app names a `cmd`, `args` or an
 * image (every generated app has a `cmd` or a Docker image, never `cmd` with a non-empty `args`).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validateApp, validatePod } from '../../src/core/index.js';
import type { Warning } from '../../src/core/types.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { fixtureRunSpecs } from '../helpers/fixture-run-specs.js';

type App = Record<string, unknown> & { container?: Record<string, unknown> };
type Pod = Record<string, unknown> & { containers?: Record<string, unknown>[] };

let server: EmulatorHandle;

type Verdict = 'accepted' | 'refused';

/** POSTs a definition; its verdict, after deleting what was created so ids never collide. */
async function emulatorVerdict(collection: 'apps' | 'pods', definition: Record<string, unknown>): Promise<{ verdict: Verdict; answer: string }> {
  const response = await fetch(`${server.url}/v2/${collection}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(definition) });
  const answer = `${response.status} ${await response.text()}`;
  if (response.status !== 201) return { verdict: 'refused', answer };
  await fetch(`${server.url}/v2/${collection}${String(definition.id)}?force=true`, { method: 'DELETE' });
  return { verdict: 'accepted', answer };
}

/** Expects the emulator to accept `definition` exactly when the core's `warnings` hold no error; counts verdicts in `seen`. */
async function expectAgreement(collection: 'apps' | 'pods', definition: Record<string, unknown>, warnings: readonly Warning[], seen: Record<Verdict, number>): Promise<void> {
  const errors = warnings.filter((warning) => warning.severity === 'error');
  const { verdict, answer } = await emulatorVerdict(collection, definition);
  seen[verdict]++;
  const problems = errors.map((warning) => `${warning.pointer}: ${warning.message}`).join('; ');
  expect(verdict, `${JSON.stringify(definition)}\nemulator: ${answer}\ncore: ${problems}`).toBe(errors.length === 0 ? 'accepted' : 'refused');
}

const networkName = fc.constantFrom('dcos', 'calico', 'other', '', 'Calico', 'a'.repeat(64));
const network = fc.oneof(
  fc.record({ mode: fc.constantFrom('container', 'container/bridge', 'host'), name: networkName }, { requiredKeys: ['mode'] }),
  fc.record({ name: networkName, labels: fc.constant({ app: 'x' }) }, { requiredKeys: [] }),
);
const port = fc.constantFrom(0, 80, 8080, -1, 65536);
const portMapping = fc.record(
  { containerPort: port, hostPort: port, name: fc.constantFrom('http', 'web'), networkNames: fc.array(fc.constantFrom('dcos', 'calico', 'other'), { maxLength: 2 }) },
  { requiredKeys: ['containerPort'] },
);
const variation = fc.record({
  networks: fc.option(fc.array(network, { maxLength: 3 }), { nil: undefined }),
  portMappings: fc.option(fc.array(portMapping, { maxLength: 3 }), { nil: undefined }),
  type: fc.option(fc.constantFrom('MESOS', 'DOCKER'), { nil: undefined }),
  // `"args": []` beside `cmd`, as Universe templates send it (Marathon accepts it; only non-empty args exclude cmd).
  emptyArgs: fc.boolean(),
});

type Variation = typeof variation extends fc.Arbitrary<infer T> ? T : never;

/** The fixture app with the variation applied; always with a `cmd` or an image, never with both `cmd` and `args`. */
function vary(base: App, id: string, { networks, portMappings, type, emptyArgs }: Variation): App {
  const app = structuredClone(base);
  app.id = id;
  if (networks !== undefined) {
    app.networks = networks;
    delete app.ipAddress;
  }
  if (portMappings !== undefined || type !== undefined) {
    app.container = { ...(app.container ?? {}), ...(type ? { type, docker: { image: 'nginx' } } : {}), ...(portMappings ? { portMappings } : {}) };
  }
  if (app.args !== undefined && app.args !== null) delete app.cmd;
  else if (app.container?.docker === undefined) app.cmd = 'sleep 1000';
  if (emptyArgs && app.cmd !== undefined) app.args = [];
  return app;
}

beforeAll(async () => {
  server = await startEmulator({});
});

afterAll(async () => {
  await server.close();
});

describe('the emulator and validateApp agree on what Marathon accepts', () => {
  it('for fixture apps with generated networks, container types and port mappings', async () => {
    const apps = fixtureRunSpecs('app') as App[];
    const seen: Record<Verdict, number> = { accepted: 0, refused: 0 };
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: apps.length - 1 }), variation, async (index, change) => {
        const app = vary(apps[index]!, `/agreement/app-${serial++}`, change);
        await expectAgreement('apps', app, validateApp(app), seen);
      }),
      { numRuns: 1_500, seed: 5 },
    );
    // Both answers occur often, so agreement is not agreement on one of them.
    expect(seen.accepted).toBeGreaterThan(150);
    expect(seen.refused).toBeGreaterThan(150);
  }, 120_000);

  it('for fixture pods with generated networks and endpoints', async () => {
    const pods = fixtureRunSpecs('pod') as Pod[];
    const endpoint = fc.record(
      { name: fc.constantFrom('http', 'web', 'x'), containerPort: fc.constantFrom(0, 80, 8080), hostPort: fc.constantFrom(0, 80, 31000), networkNames: fc.array(fc.constantFrom('dcos', 'calico', 'other'), { maxLength: 2 }) },
      { requiredKeys: ['name'] },
    );
    const seen: Record<Verdict, number> = { accepted: 0, refused: 0 };
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: pods.length - 1 }),
        fc.option(fc.array(network, { maxLength: 3 }), { nil: undefined }),
        fc.option(fc.array(endpoint, { maxLength: 3 }), { nil: undefined }),
        async (index, networks, endpoints) => {
          const pod = structuredClone(pods[index]!);
          pod.id = `/agreement/pod-${serial++}`;
          if (networks !== undefined) pod.networks = networks;
          const first = pod.containers?.[0];
          if (endpoints !== undefined && first) first.endpoints = endpoints;
          await expectAgreement('pods', pod, validatePod(pod), seen);
        },
      ),
      { numRuns: 1_000, seed: 5 },
    );
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  }, 120_000);
});
