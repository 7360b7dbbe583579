import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import { fixturePath, packageRoot } from '../../src/paths.js';
import { parseAnswers } from '../../src/wizard/answers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('wizard in a real terminal: SKIPPED - tmux is not installed (apt-get install -y tmux)');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
// A private tmux server per test file: nothing else's sessions are touched.
const socket = `dcm-wizard-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'wizard');
}

async function waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the terminal shows:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function keys(...names: string[]): void {
  tmux('send-keys', '-t', 'wizard', ...names);
}

function type(text: string): void {
  tmux('send-keys', '-t', 'wizard', '-l', text);
}

function bookstore(): Record<string, unknown>[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map(
    (name) => JSON.parse(readFileSync(fixturePath('bookstore', 'apps', `${name}.json`), 'utf8')) as Record<string, unknown>,
  );
}

function networkOf(emulator: Emulator, id: string): string | undefined {
  const tree = emulator.snapshot() as { apps?: { id: string; networks?: { name?: string }[] }[] };
  return tree.apps?.find((app) => app.id === id)?.networks?.[0]?.name;
}

/** Starts the wizard in a detached 160x50 terminal; the shell prints the exit code when it ends. */
function startWizard(cwd: string): void {
  const home = join(cwd, 'home');
  mkdirSync(home, { recursive: true });
  // No attached cluster, no colour (plain text to match), a TERM inquirer knows.
  const command = `cd ${cwd} && env -i PATH="${process.env['PATH'] ?? ''}" HOME=${home} DCOS_DIR=${home}/.dcos TERM=xterm-256color NO_COLOR=1 ${process.execPath} ${cli} wizard; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', 'wizard', '-x', '160', '-y', '50', command);
}

describe.skipIf(!hasTmux)('wizard in a real terminal (tmux) against the emulator', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await emulator?.close();
    emulator = undefined;
  });

  it('filters and deselects an item, reviews labels, diff and verdicts, applies, and saves the answers', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const cwd = mkdtempSync(join(tmpdir(), 'wizard-tmux-'));
    startWizard(cwd);

    await waitFor('What do you want to migrate?');
    keys('Enter'); // a Marathon URL (no attached cluster is offered)
    await waitFor('Marathon URL');
    type(emulator.url);
    keys('Enter');
    await waitFor('Which items should move to calico?');
    type('fruit');
    await waitFor('filter: fruit');
    keys('Down', 'Down', 'Space');
    keys('BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
    await waitFor('2 selected');
    keys('Enter');
    await waitFor('Which app labels should become network labels');
    keys('Enter');
    await waitFor('Label key globs never to carry');
    keys('Enter');
    const labels = await waitFor('Use these labels?');
    expect(labels).toContain('biz_type=bookstore role=server');
    expect(labels).not.toContain('/fruitstore-frontend\n    biz_type=fruitstore');
    keys('Enter');
    const diff = await waitFor('Go on with these 2 item(s)?');
    expect(diff).toContain('~ /networks/0/name: "dcos" -> "calico"');
    keys('Enter');
    await waitFor('Check who can still reach whom');
    keys('Enter');
    await waitFor('Calico resource files');
    type(fixturePath('bookstore', 'calico', 'policy.yaml'));
    keys('Enter');
    await waitFor('PORT/PROTOCOL');
    keys('Enter');
    const verdicts = await waitFor('Expectations to check');
    expect(verdicts).toContain('no connection is lost');
    keys('Enter');
    await waitFor('What now?');
    keys('Enter'); // apply now
    await waitFor('Journal file');
    keys('Enter');
    const about = await waitFor('Do it?');
    expect(about).toContain('update 2 item(s)');
    type('y');
    keys('Enter');
    await waitFor('Save your answers', 60_000);
    type('y');
    keys('Enter');
    await waitFor('Answers file:');
    keys('Enter');
    const end = await waitFor('EXIT=');

    expect(end).toContain('EXIT=0');
    expect(end).toContain('Undo everything with: dcos-calico-migrate rollback --journal');
    expect(networkOf(emulator, '/bookstore-server')).toBe('calico');
    expect(networkOf(emulator, '/bookstore-frontend')).toBe('calico');
    expect(networkOf(emulator, '/fruitstore-frontend')).toBe('dcos');
    const answers = parseAnswers('wizard-answers.yaml', readFileSync(join(cwd, 'wizard-answers.yaml'), 'utf8'));
    expect(answers['items']).toEqual(['marathon:app:/bookstore-frontend', 'marathon:app:/bookstore-server']);
    expect(answers['marathon-url']).toBe(emulator.url);
  });

  it('Ctrl-C at the item list leaves the cluster and the folder as they were', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const cwd = mkdtempSync(join(tmpdir(), 'wizard-tmux-'));
    startWizard(cwd);

    await waitFor('What do you want to migrate?');
    keys('Enter');
    await waitFor('Marathon URL');
    type(emulator.url);
    keys('Enter');
    await waitFor('Which items should move to calico?');
    keys('C-c');
    const end = await waitFor('EXIT=');

    expect(end).toContain('wizard aborted: nothing was written or sent');
    expect(end).toContain('EXIT=130');
    expect(Object.keys(emulator.stats().byRoute).filter((route) => !route.startsWith('GET'))).toEqual([]);
    expect(readdirSync(cwd)).toEqual(['home']);
    expect(existsSync(join(cwd, 'wizard-answers.yaml'))).toBe(false);
  });
});
