import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { appUpdate, equalAsSent, holdsFields, stripReadOnly } from '../../src/apply/definitions.js';
import { batchRecord, openJournal, readJournal } from '../../src/apply/journal.js';
import { batchDependencies, resolveId } from '../../src/apply/order.js';
import { REDACTED, REDACTED_USERINFO, redactDefinition, unredact } from '../../src/apply/redact.js';
import { idFilter } from '../../src/apply/select.js';
import { fitsInWindow, parseDuration, parseWindow } from '../../src/apply/window.js';
import { InputError, UsageError } from '../../src/errors.js';

describe('maintenance windows', () => {
  it('parses START/END and START/DURATION with zones', () => {
    expect(parseWindow('2026-11-28T01:00:00Z/2026-11-28T03:00:00Z')).toEqual({
      start: new Date('2026-11-28T01:00:00Z'),
      end: new Date('2026-11-28T03:00:00Z'),
    });
    expect(parseWindow('2026-11-28T02:00:00+01:00/PT1H30M').end.toISOString()).toBe('2026-11-28T02:30:00.000Z');
    expect(parseDuration('P1DT2H')).toBe(26 * 3600_000);
  });

  it('refuses ambiguous or empty windows', () => {
    expect(() => parseWindow('2026-11-28T01:00:00/2026-11-28T03:00:00Z')).toThrow(/time zone/);
    expect(() => parseWindow('2026-11-28T03:00:00Z/2026-11-28T01:00:00Z')).toThrow(/before it starts/);
    expect(() => parseWindow('tonight')).toThrow(UsageError);
    expect(() => parseWindow('2026-11-28T01:00:00Z/PT')).toThrow(/duration/);
  });

  it('lets an item start only when its whole timeout fits before the end', () => {
    const window = parseWindow('2026-11-28T01:00:00Z/PT1H');
    const start = window.start.getTime();
    expect(fitsInWindow(window, start, 3600_000)).toBe(true);
    expect(fitsInWindow(window, start + 1, 3600_000)).toBe(false);
    expect(fitsInWindow(undefined, start, 1e12)).toBe(true);
  });
});

describe('selectors and ordering', () => {
  it('matches --only and --skip globs against ids, with or without the leading slash', () => {
    const filter = idFilter(['/shop/**', 'bookstore-*'], ['/shop/legacy/*']);
    expect(['/shop/web', '/shop/a/b', '/bookstore-server', '/shop/legacy/db', '/other'].filter(filter)).toEqual([
      '/shop/web',
      '/shop/a/b',
      '/bookstore-server',
    ]);
    expect(() => idFilter([''], [])).toThrow(UsageError);
  });

  it('resolves dependencies on apps and groups, relative or absolute, and names cycles', () => {
    expect(resolveId('../db', '/shop/web')).toBe('/db');
    expect(resolveId('db', '/shop/web')).toBe('/shop/db');
    const graph = batchDependencies([
      { id: '/shop/web', dependencies: ['/shop/backend'] },
      { id: '/shop/backend/api', dependencies: ['db'] },
      { id: '/shop/backend/db', dependencies: [] },
      { id: '/other', dependencies: ['/not-in-batch'] },
    ]);
    expect(graph.get('/shop/web')).toEqual(['/shop/backend/api', '/shop/backend/db']);
    expect(graph.get('/shop/backend/api')).toEqual(['/shop/backend/db']);
    expect(graph.get('/other')).toEqual([]);
    expect(() =>
      batchDependencies([
        { id: '/a', dependencies: ['/b'] },
        { id: '/b', dependencies: ['/a'] },
      ]),
    ).toThrow('the dependencies form a cycle: /a -> /b -> /a');
  });
});

describe('definitions', () => {
  const live = {
    id: '/web',
    version: '2026-01-01T00:00:00.000Z',
    tasksRunning: 2,
    deployments: [],
    container: { type: 'MESOS', portMappings: [{ containerPort: 80, servicePort: 10001, networkNames: ['dcos'] }] },
    networks: [{ mode: 'container', name: 'dcos' }],
    labels: { a: '1' },
  };
  const target: Record<string, unknown> = {
    ...stripReadOnly('app', live),
    container: { type: 'MESOS', portMappings: [{ containerPort: 80, servicePort: 10001, networkNames: ['calico'] }] },
    networks: [{ mode: 'container', name: 'calico', labels: { a: '1' } }],
  };

  it('sends one partial PUT with networks and the whole container, never read-only fields', () => {
    const update = appUpdate(live, target);
    expect(update).toEqual({ partialUpdate: true, fields: ['container', 'networks'], body: { container: target.container, networks: target.networks } });
  });

  it('always sends networks together with container, and replaces the whole app when a field must go', () => {
    expect(Object.keys(appUpdate(live, { ...target, container: live.container }).body).sort()).toEqual(['container', 'networks']);
    const { labels: _labels, ...withoutLabels } = target;
    expect(_labels).toEqual({ a: '1' });
    expect(appUpdate(live, withoutLabels)).toMatchObject({ partialUpdate: false, body: withoutLabels });
  });

  it('compares regardless of key order, and treats a service port of 0 as "any assigned port"', () => {
    expect(equalAsSent({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(equalAsSent({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(equalAsSent({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    const assigned = { container: { portMappings: [{ containerPort: 80, servicePort: 10004 }] } };
    expect(holdsFields(assigned, { container: { portMappings: [{ containerPort: 80, servicePort: 0 }] } }, ['container'])).toBe(true);
    expect(holdsFields(assigned, { container: { portMappings: [{ containerPort: 80, servicePort: 10005 }] } }, ['container'])).toBe(false);
  });
});

describe('secrets in journals', () => {
  it('redacts secret-like env values and puts them back from the live definition', () => {
    const app = { id: '/a', env: { DB_PASSWORD: 'hunter2', API_TOKEN: 't', MODE: 'prod', VAULT: { secret: 'db' } } };
    const redacted = redactDefinition('app', app);
    expect(redacted['env']).toEqual({ DB_PASSWORD: REDACTED, API_TOKEN: REDACTED, MODE: 'prod', VAULT: { secret: 'db' } });
    expect(unredact('app', redacted, app)).toEqual({ definition: app, missing: [] });
    expect(unredact('app', redacted, { id: '/a', env: { MODE: 'prod' } }).missing).toEqual(['DB_PASSWORD', 'API_TOKEN']);
    const pod = { id: '/p', containers: [{ name: 'c', environment: { SECRET_KEY: 's' } }] };
    expect(JSON.stringify(redactDefinition('pod', pod))).not.toContain('"s"');
  });

  it('redacts the user info of URLs anywhere and puts it back from the same place, or from the one URL it matches', () => {
    const app = {
      id: '/a',
      fetch: [{ uri: 'https://deploy:s3cr3t@artifacts.example.com/app.tgz' }, { uri: 'https://public.example.com/x.tgz' }],
      env: { DATABASE_URL: 'postgres://app:pw-42@db.example.com:5432/app', MODE: 'prod' },
      labels: { REPO: 'git+ssh://bot:t0ken@git.example.com/r.git' },
    };
    const redacted = redactDefinition('app', app);
    const text = JSON.stringify(redacted);
    for (const secret of ['s3cr3t', 'deploy:', 'pw-42', 't0ken']) expect(text).not.toContain(secret);
    expect(redacted['fetch']).toEqual([{ uri: `https://${REDACTED_USERINFO}@artifacts.example.com/app.tgz` }, { uri: 'https://public.example.com/x.tgz' }]);
    expect(redacted['env']).toEqual({ DATABASE_URL: `postgres://${REDACTED_USERINFO}@db.example.com:5432/app`, MODE: 'prod' });
    // Members without a URL credential are shared, not copied.
    expect((redacted['fetch'] as unknown[])[1]).toBe(app.fetch[1]);
    expect(unredact('app', redacted, app)).toEqual({ definition: app, missing: [] });

    // A value that moved (a label carried into a network) is found by what it redacts to.
    const migrated = { ...redacted, networks: [{ name: 'calico', mode: 'container', labels: { REPO: (redacted['labels'] as Record<string, string>)['REPO'] } }] };
    const filled = unredact('app', migrated, app);
    expect(filled.missing).toEqual([]);
    expect(filled.definition['networks']).toEqual([{ name: 'calico', mode: 'container', labels: { REPO: app.labels.REPO } }]);

    // Gone from the live definition, or two different credentials that redact alike: not filled, named by pointer.
    expect(unredact('app', redacted, { id: '/a', env: app.env, labels: app.labels }).missing).toEqual(['/fetch/0/uri']);
    const twoUsers = { id: '/b', labels: { A: 'https://u1:p1@h.example.com/', B: 'https://u2:p2@h.example.com/' } };
    const moved = { id: '/b', networks: [{ labels: { A: `https://${REDACTED_USERINFO}@h.example.com/` } }] };
    expect(unredact('app', moved, twoUsers).missing).toEqual(['/networks/0/labels/A']);
    // At their own places the two are told apart.
    expect(unredact('app', redactDefinition('app', twoUsers), twoUsers)).toEqual({ definition: twoUsers, missing: [] });
  });
});

describe('journal files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const items = [{ id: '/a', kind: 'app' as const, before: { id: '/a', env: { PASSWORD: 'x' } }, after: { id: '/a' }, dependencies: [] }];

  it('rebuilds each item history and ignores a line torn by a crash', () => {
    const path = join(dir, 'j.jsonl');
    const journal = openJournal(path, 'create');
    journal.append(batchRecord(items, 'http://m', {}));
    journal.append({ type: 'original', at: 't', id: '/a', kind: 'app', definition: { id: '/a', n: 1 } });
    journal.append({ type: 'original', at: 't', id: '/a', kind: 'app', definition: { id: '/a', n: 2 } });
    journal.append({ type: 'deployment', at: 't', id: '/a', deploymentId: 'd1', phase: 'apply' });
    journal.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"type":"outcome","id":"/a","outc`);
    const state = readJournal(path);
    expect(state.tornTail).toBe(true);
    expect(state.items.get('/a')).toMatchObject({ original: { definition: { id: '/a', n: 1 } }, deployments: [{ deploymentId: 'd1' }] });
    expect(state.items.get('/a')!.outcome).toBeUndefined();
    expect(readFileSync(path, 'utf8')).not.toContain('"x"');
  });

  it('never overwrites a journal and names the line of a damaged one', () => {
    const path = join(dir, 'j.jsonl');
    openJournal(path, 'create').close();
    expect(() => openJournal(path, 'create')).toThrow(/already exists/);
    writeFileSync(path, `${JSON.stringify(batchRecord(items, 'http://m', {}))}\nnot json\n{"type":"end"}\n`);
    expect(() => readJournal(path)).toThrow(InputError);
    expect(() => readJournal(path)).toThrow(/j\.jsonl:2: not a JSON journal record/);
    writeFileSync(path, '{"type":"session"}\n');
    expect(() => readJournal(path)).toThrow(/not a dcos-calico-migrate journal/);
  });
});
