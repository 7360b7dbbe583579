import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ExitError, InputError } from '../../src/errors.js';
import { fixturePath } from '../../src/paths.js';
import { parseAnswers } from '../../src/wizard/answers.js';
import type { AnswerValue } from '../../src/wizard/prompts.js';
import { filesScript, runScripted, scratchBookstore, treeHash } from './support.js';

function app(dir: string, name: string): { networks: { name: string; labels?: Record<string, string> }[] } {
  return JSON.parse(readFileSync(join(dir, 'apps', `${name}.json`), 'utf8')) as { networks: { name: string; labels?: Record<string, string> }[] };
}

describe('wizard/flow with files', () => {
  it('writes the migrated files in place after the confirmation, keeping each original as .bak', async () => {
    const dir = scratchBookstore();
    const original = readFileSync(join(dir, 'apps', 'bookstore-server.json'), 'utf8');

    const run = await runScripted(dir, filesScript(dir, { action: 'write', 'write-mode': 'in-place', confirm: true }));

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(app(dir, 'bookstore-server').networks[0]).toEqual({ mode: 'container', name: 'calico', labels: { biz_type: 'bookstore', role: 'server' } });
    expect(readFileSync(join(dir, 'apps', 'bookstore-server.json.bak'), 'utf8')).toBe(original);
    expect(run.output).toContain('1 connection(s) lost');
    expect(run.output).toContain('/fruitstore-frontend → /bookstore-server: allowed on dcos, denied on Calico');
  });

  it('writes to another folder and leaves the originals untouched', async () => {
    const dir = scratchBookstore();
    const before = treeHash(dir);

    const run = await runScripted(dir, filesScript(dir, { action: 'write', 'write-mode': 'out', 'out-dir': 'out', confirm: true }));

    expect(run.error).toBeUndefined();
    const after = treeHash(dir);
    for (const [path, hash] of Object.entries(before)) expect(after[path], path).toBe(hash);
    const written = Object.keys(after).filter((path) => path.startsWith('out/'));
    expect(written).toHaveLength(3);
    const server = JSON.parse(readFileSync(join(dir, written.find((p) => p.endsWith('bookstore-server.json'))!), 'utf8')) as { networks: { name: string }[] };
    expect(server.networks[0]!.name).toBe('calico');
  });

  it('saves the HTML, Markdown and JSON reports with the simulator verdicts', async () => {
    const dir = scratchBookstore();

    const run = await runScripted(dir, filesScript(dir, { action: 'reports', 'report-dir': 'reports', confirm: true }));

    expect(run.error).toBeUndefined();
    const html = readFileSync(join(dir, 'reports', 'report.html'), 'utf8');
    expect(html).toContain('connections lost');
    expect(html).toContain('class="cell deny lost"');
    expect(readFileSync(join(dir, 'reports', 'report.md'), 'utf8')).toContain('bookstore-server');
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'report.json'), 'utf8')) as { items: unknown[] };
    expect(json.items).toHaveLength(3);
    expect(app(dir, 'bookstore-server').networks[0]!.name).toBe('dcos');
  });

  it('writes nothing when the answer at the confirmation is no', async () => {
    const dir = scratchBookstore();
    const before = treeHash(dir);

    const run = await runScripted(dir, filesScript(dir, { action: 'write', 'write-mode': 'in-place', confirm: false }));

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(treeHash(dir)).toEqual(before);
    expect(run.output).toContain('Nothing was written or sent.');
  });

  const questions = [
    'source',
    'paths',
    'items',
    'carry',
    'exclude-globs',
    'labels-ok',
    'diff-ok',
    'simulate',
    'policies',
    'port',
    'lost-ok',
    'expect',
    'action',
    'write-mode',
    'confirm',
  ];
  it.each(questions)('Ctrl-C at %s leaves everything as it was and exits 130', async (question) => {
    const dir = scratchBookstore();
    const before = treeHash(dir);
    const script = filesScript(dir, { action: 'write', 'write-mode': 'in-place', confirm: true });
    script[question] = '^C';

    const run = await runScripted(dir, script);

    expect(run.error).toBeInstanceOf(ExitError);
    expect((run.error as ExitError).exitCode).toBe(130);
    expect((run.error as ExitError).message).toBe('wizard aborted: nothing was written or sent');
    expect(run.asked).not.toContain(question);
    expect(run.asked).toEqual(questions.slice(0, questions.indexOf(question)));
    expect(treeHash(dir)).toEqual(before);
  });

  it('stops before the action when the diff is declined', async () => {
    const dir = scratchBookstore();
    const before = treeHash(dir);

    const run = await runScripted(dir, filesScript(dir, { 'diff-ok': false }));

    expect(run.error).toBeUndefined();
    expect(run.asked.at(-1)).toBe('diff-ok');
    expect(treeHash(dir)).toEqual(before);
  });

  it('stops when the user will not lose the connections the policy cuts', async () => {
    const dir = scratchBookstore();
    const before = treeHash(dir);

    const run = await runScripted(dir, filesScript(dir, { 'lost-ok': false }));

    expect(run.error).toBeUndefined();
    expect(run.output).toContain('Stopped: connections would be lost. Nothing was written or sent.');
    expect(treeHash(dir)).toEqual(before);
  });

  it('checks an expectations file: all met goes on, one not met stops unless the user accepts it', async () => {
    const dir = scratchBookstore();
    writeFileSync(
      join(dir, 'expect.yaml'),
      'port: 80\nexpect:\n  - query: bookstore-frontend -> bookstore-server\n    verdict: allow\n  - query: fruitstore-frontend -> bookstore-server\n    verdict: deny\n',
    );
    writeFileSync(join(dir, 'wrong.yaml'), 'port: 80\nexpect:\n  - query: fruitstore-frontend -> bookstore-server\n    verdict: allow\n');

    const met = await runScripted(dir, filesScript(dir, { expect: 'expect.yaml', action: 'reports', 'report-dir': 'r', confirm: true }));
    const unmet = await runScripted(dir, filesScript(dir, { expect: 'wrong.yaml', 'expect-ok': false }));

    expect(met.error).toBeUndefined();
    expect(met.output).toContain('Expectations of expect.yaml: all 2 met');
    expect(readFileSync(join(dir, 'r', 'report.html'), 'utf8')).toContain('<h4>Expectations</h4>');
    expect(unmet.error).toBeUndefined();
    expect(unmet.output).toContain('1 of 1 not met');
    expect(unmet.output).toContain('Stopped: expectations not met. Nothing was written or sent.');
  });

  it('gives the migrated tasks addresses from the pool, so policies with nets rules decide as on the cluster', async () => {
    const dir = scratchBookstore();
    writeFileSync(
      join(dir, 'nets.yaml'),
      [
        'apiVersion: projectcalico.org/v3',
        'kind: NetworkPolicy',
        'metadata: {name: server-from-outside-the-pool-only}',
        'spec:',
        "  selector: role == 'server'",
        '  types: [Ingress]',
        '  ingress:',
        '  - {action: Deny, protocol: TCP, source: {nets: [172.29.0.0/16]}}',
        '  - {action: Allow}',
        '',
      ].join('\n'),
    );

    const run = await runScripted(dir, filesScript(dir, { policies: 'nets.yaml', 'lost-ok': false }));

    expect(run.error).toBeUndefined();
    expect(run.output).toContain('2 connection(s) lost');
    expect(run.output).toContain('/bookstore-frontend → /bookstore-server: allowed on dcos, denied on Calico');
  });

  it('leaves the all-pairs check of more than 200 apps to simulate, and says how', async () => {
    const dir = scratchBookstore();
    const many = Array.from({ length: 201 }, (_, i) => ({ id: `/many/app-${i}`, cmd: 'sleep 1', container: { type: 'MESOS' }, networks: [{ mode: 'container', name: 'dcos' }] }));
    writeFileSync(join(dir, 'many.json'), JSON.stringify(many));

    const script: Record<string, AnswerValue> = { ...filesScript(dir, { action: 'reports', 'report-dir': 'r', confirm: true }), paths: 'many.json' };
    delete script['lost-ok'];

    const simulated = await runScripted(dir, script);

    expect(simulated.error).toBeUndefined();
    expect(simulated.unused).toEqual([]);
    expect(simulated.output).toContain('more than 200 apps on Calico: the all-pairs check is left to dcos-calico-migrate simulate');
  });

  it('skips the simulator when asked, and then loses nothing it did not check', async () => {
    const dir = scratchBookstore();
    const script = filesScript(dir, { simulate: false, action: 'reports', 'report-dir': 'r', confirm: true });
    delete script['policies'];
    delete script['port'];
    delete script['lost-ok'];
    delete script['expect'];

    const run = await runScripted(dir, script);

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(readFileSync(join(dir, 'r', 'report.html'), 'utf8')).not.toContain('id="connectivity"');
  });

  it('asks again for the carry policy until the labels look right, then carries only the chosen keys', async () => {
    const dir = scratchBookstore();
    const script = filesScript(dir, {
      'labels-ok': false,
      'carry-2': 'globs',
      'carry-globs-2': 'role',
      'exclude-globs-2': '',
      'labels-ok-2': true,
      simulate: false,
      action: 'write',
      'write-mode': 'in-place',
      confirm: true,
    });
    delete script['policies'];
    delete script['port'];
    delete script['lost-ok'];
    delete script['expect'];

    const run = await runScripted(dir, script);

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(app(dir, 'bookstore-server').networks[0]!.labels).toEqual({ role: 'server' });
    expect(app(dir, 'bookstore-frontend').networks[0]!.labels).toBeUndefined();
    expect(run.output).toContain('not carried: biz_type (not-included)');
  });

  it('moves only the chosen items', async () => {
    const dir = scratchBookstore();
    const run = await runScripted(
      dir,
      filesScript(dir, {
        items: ['apps/bookstore-server.json#'],
        simulate: false,
        action: 'write',
        'write-mode': 'in-place',
        confirm: true,
      }),
    );

    expect(run.error).toBeUndefined();
    expect(app(dir, 'bookstore-server').networks[0]!.name).toBe('calico');
    expect(app(dir, 'bookstore-frontend').networks[0]!.name).toBe('dcos');
  });

  it('will not rewrite a file that also holds an item left out, and says so', async () => {
    const dir = scratchBookstore();
    const both = [app(dir, 'bookstore-server'), app(dir, 'fruitstore-frontend')];
    writeFileSync(join(dir, 'apps', 'both.json'), `${JSON.stringify(both, null, 2)}\n`);
    const before = treeHash(dir);

    const run = await runScripted(
      dir,
      filesScript(dir, { items: ['apps/both.json#/0'], simulate: false, action: 'write', 'write-mode': 'in-place', confirm: true }),
    );

    expect(run.error).toBeUndefined();
    expect(run.output).toContain('skip apps/both.json: it also holds items you left out');
    expect(treeHash(dir)).toEqual(before);
  });

  it('says there is nothing to migrate when every item is on calico already', async () => {
    const run = await runScripted(fixturePath('bookstore'), { source: 'files', paths: 'migrated' });

    expect(run.error).toBeUndefined();
    expect(run.output).toContain('Nothing to migrate');
  });

  it('fails on a question the answers do not cover, naming it, before anything is written', async () => {
    const dir = scratchBookstore();
    const before = treeHash(dir);
    const script = filesScript(dir, { action: 'write', confirm: true });

    const run = await runScripted(dir, script);

    expect(run.error).toBeInstanceOf(InputError);
    expect((run.error as Error).message).toContain('test script#/write-mode: no answer for the question "write-mode"');
    expect(treeHash(dir)).toEqual(before);
  });

  it('offers to save the answers of an interactive session, and the saved file replays it', async () => {
    const dir = scratchBookstore();
    const script = filesScript(dir, { action: 'reports', 'report-dir': 'r1', confirm: true, 'save-answers': true, 'answers-file': 'answers.yaml' });

    const run = await runScripted(dir, script, { interactive: true });

    expect(run.error).toBeUndefined();
    const saved = parseAnswers('answers.yaml', readFileSync(join(dir, 'answers.yaml'), 'utf8'));
    expect(saved['save-answers']).toBeUndefined();
    expect(saved['action']).toBe('reports');
    saved['report-dir'] = 'r2';
    const replay = await runScripted(dir, saved);
    expect(replay.error).toBeUndefined();
    expect(replay.unused).toEqual([]);
    expect(existsSync(join(dir, 'r2', 'report.html'))).toBe(true);
  });
});
