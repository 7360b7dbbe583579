import { readFileSync, writeFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { fixturePath } from '../../src/paths.js';
import { buildSeedCluster, call, emulator, fixedNow } from './helpers.js';

const clusterFile = fixturePath('cluster', 'cluster.json');

describe('fixtures/cluster', () => {
  it('cluster.json is exactly what the emulator answers to GET /v2/groups after the submissions in submit/', async () => {
    const built = await buildSeedCluster();
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(clusterFile, `${JSON.stringify(built, null, 2)}\n`);

    const stored = JSON.parse(readFileSync(clusterFile, 'utf8')) as unknown;

    expect(stored).toEqual(built);
  });

  it('cluster.json is canonical: loading it and reading it back changes nothing', async () => {
    const stored = JSON.parse(readFileSync(clusterFile, 'utf8')) as Record<string, unknown>;
    const server = await emulator({ state: stored, now: fixedNow() });

    const answer = await call(server, 'GET', '/v2/groups');
    await server.close();

    expect(answer.body).toEqual(stored);
  });

  it('the legacy ipAddress submission is stored in the canonical form of legacy-ipaddress.expected.json', async () => {
    const input = JSON.parse(readFileSync(fixturePath('cluster', 'legacy-ipaddress.input.json'), 'utf8')) as unknown;
    const expected = JSON.parse(readFileSync(fixturePath('cluster', 'legacy-ipaddress.expected.json'), 'utf8')) as unknown;
    const server = await emulator({ now: fixedNow() });

    await call(server, 'POST', '/v2/apps', input);
    const answer = await call(server, 'GET', '/v2/apps/legacy/inventory-api/versions');
    const versions = (answer.body as { versions: string[] }).versions;
    const stored = await call(server, 'GET', `/v2/apps/legacy/inventory-api/versions/${versions[0]!}`);
    await server.close();

    expect(stored.body).toEqual(expected);
  });
});
