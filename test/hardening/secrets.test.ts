/**
 * Secrets in a full run: the token, every secret-like env value (names ending in _PASSWORD, _TOKEN, _SECRET, _KEY;
 * a `{"secret": ...}` reference is a name, not a secret) and credentials in URLs (a fetch URI, a DATABASE_URL) must
 * never appear in stdout, stderr, reports, journals, bundles or error messages. Also: TLS verification stays on unless --insecure, which then warns on every run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { isSecretName } from '../../src/plan/redact.js';
import { runCli, type CliRun } from './support.js';

const TOKEN = 'tok-Zq8vN3kW5mH2pL9x';
const SECRETS = ['pw-Hs7Kd92LmQx', 'tk-Pw3Nf81ZaYe', 'ss-Lk5Rt67BvCu', 'ky-Mj4Gh55XcWq'];
// A secret reference names an entry of the app's `secrets` (a store path, not the secret): it is kept, as rollback
// needs it, and the value it stands for never reaches the tool.
// Credentials in URLs, where no variable name gives them away: a fetch URI and an env value named like any other.
const URL_SECRETS = ['fu-Qe6Yt41NbVs', 'du-Rw2Zx87MkPj'];
const FETCH_URI = `https://deploy:${URL_SECRETS[0]}@artifacts.example.com/web.tgz`;
const env = {
  DB_PASSWORD: SECRETS[0],
  API_TOKEN: SECRETS[1],
  APP_SECRET: SECRETS[2],
  SIGNING_KEY: SECRETS[3],
  DB_URL: { secret: 'dburl' },
  DATABASE_URL: `postgres://app:${URL_SECRETS[1]}@db.example.com:5432/shop`,
};
const ALL_SECRETS = [TOKEN, ...SECRETS, ...URL_SECRETS];

function app(id: string): Record<string, unknown> {
  return {
    id,
    cmd: 'sleep 1000',
    networks: [{ mode: 'container', name: 'dcos' }],
    container: { type: 'MESOS', docker: { image: 'nginx' } },
    labels: { tier: 'web' },
    env,
    secrets: { dburl: { source: 'db/url' } },
    fetch: [{ uri: FETCH_URI }],
  };
}

let work: string;
let marathon: EmulatorHandle;
const runs: Array<{ args: string[]; run: CliRun }> = [];

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(args, { cwd: work, env: { DCOS_ACS_TOKEN: TOKEN, ...extraEnv }, timeoutMs: 60_000 });
  runs.push({ args, run });
  return run;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dcm-secrets-'));
  marathon = await startEmulator({ state: { id: '/', apps: [app('/shop/web'), app('/shop/api')] }, persist: false, token: TOKEN });
  mkdirSync(join(work, 'apps'));
  writeFileSync(join(work, 'apps', 'web.json'), `${JSON.stringify(app('/web'), null, 2)}\n`);
  // An error path: the broken line holds a secret, and the parse error quotes what it found.
  writeFileSync(join(work, 'apps', 'broken.json'), `{"id": "/b", "env": {"DB_PASSWORD": ${JSON.stringify(SECRETS[0])},, "X": 1}}\n`);
  mkdirSync(join(work, 'out'));
  const url = ['--marathon', marathon.url];
  await cli(['scan', ...url]);
  for (const format of ['text', 'markdown', 'json', 'csv', 'html']) {
    await cli(['diff', ...url, '--format', format]);
    await cli(['diff', 'apps/web.json', '--format', format]);
  }
  await cli(['diff', 'apps']);
  await cli(['rewrite', '--out', 'out', 'apps/web.json']);
  await cli(['apply', ...url, '--journal', 'batch.journal.jsonl', '--poll-interval', '0.05', '--verbose']);
  await cli(['bundle', '--journal', 'batch.journal.jsonl', '--out', 'bundle.tar.gz', ...url]);
  await cli(['scan', ...url], { DCOS_ACS_TOKEN: `${TOKEN}-wrong` });
  await cli(['rollback', ...url, '--journal', 'batch.journal.jsonl', '--poll-interval', '0.05']);
  mkdirSync(join(work, 'bundle'));
  execFileSync('tar', ['-xzf', join(work, 'bundle.tar.gz'), '-C', join(work, 'bundle')]);
}, 180_000);

afterAll(async () => {
  await marathon.close();
  rmSync(work, { recursive: true, force: true });
});

describe('hardening/secrets', () => {
  it('the flow really ran: reports, journal and bundle exist, apply and rollback succeeded', () => {
    const codes = runs.map(({ args, run }) => `${args[0]}:${run.code}`);
    expect(codes).toContain('apply:0');
    expect(codes).toContain('rollback:0');
    expect(codes.filter((code) => code === 'scan:0')).toHaveLength(1);
    expect(runs.find(({ args }) => args[0] === 'diff' && args[1] === 'apps')!.run.code).toBe(2);
    expect(filesUnder(join(work, 'bundle')).length).toBeGreaterThan(3);
    expect(readFileSync(join(work, 'out', 'web.json'), 'utf8')).toContain(SECRETS[0]);
  });

  it('rollback put the credentials back from the live definitions, though the journal never held them', async () => {
    const answer = await fetch(`${marathon.url}/v2/apps/shop/web`, { headers: { Authorization: `token=${TOKEN}` } });
    const { app: stored } = (await answer.json()) as { app: { fetch: { uri: string }[]; env: Record<string, unknown>; networks: unknown } };
    expect(stored.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    expect(stored.fetch.map((artifact) => artifact.uri)).toEqual([FETCH_URI]);
    expect(stored.env['DATABASE_URL']).toBe(env.DATABASE_URL);
  });

  it('treats *_KEY names as secret in reports as in journals', () => {
    expect(isSecretName('SIGNING_KEY')).toBe(true);
    expect(isSecretName('KEY_FILE')).toBe(true);
    expect(isSecretName('MONKEY')).toBe(false);
  });

  it('no token or secret value in any stdout or stderr', () => {
    for (const { args, run } of runs) {
      for (const secret of ALL_SECRETS) {
        expect(run.stdout, `${args.join(' ')} stdout`).not.toContain(secret);
        expect(run.stderr, `${args.join(' ')} stderr`).not.toContain(secret);
      }
    }
  });

  it('no token or secret value in the journal, the bundle or any other artefact (inputs and rewritten copies aside)', () => {
    const artefacts = filesUnder(work).filter((file) => !file.startsWith(join(work, 'apps')) && !file.startsWith(join(work, 'out')) && !file.endsWith('.tar.gz'));
    expect(artefacts.some((file) => file.endsWith('journal.jsonl'))).toBe(true);
    for (const file of artefacts) {
      const text = readFileSync(file, 'utf8');
      for (const secret of ALL_SECRETS) expect(text, file).not.toContain(secret);
    }
  });
});

describe('hardening/TLS', () => {
  let server: Server;
  let url: string;
  let certDir: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'dcm-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    server = createServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"apps": [], "pods": [], "groups": [], "id": "/", "marathon_config": {"default_network_name": "dcos"}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(certDir, { recursive: true, force: true });
  });

  it('verifies certificates by default: a self-signed cluster is refused with a hint', async () => {
    const run = await runCli(['scan', '--marathon', url], { cwd: certDir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('TLS verification failed');
    expect(run.stderr).not.toContain('internal error');
  });

  it('--insecure connects and warns on every run', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['apply', '--marathon', url, '--insecure', '--dry-run', '--journal', join(certDir, `j${i}.jsonl`)], { cwd: certDir });
      expect(run.stderr).toContain('TLS certificate verification is OFF');
      expect(run.stderr).not.toContain('TLS verification failed');
    }
  });
});
