import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { commands } from '../../src/cli/commands/index.js';
import { fixturePath, packageRoot } from '../../src/paths.js';
import { formatAnswers } from '../../src/wizard/answers.js';

const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

async function dcos(args: string[], env: Record<string, string> = {}, cwd = packageRoot()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('terminal experience (e2e)', () => {
  it('prints a bash completion script, or a zsh one when $SHELL is zsh, that asks the CLI for completions', async () => {
    const bash = await dcos(['completion'], { SHELL: '/bin/bash' });
    const zsh = await dcos(['completion'], { SHELL: '/bin/zsh' });

    expect(bash.stdout).toContain('complete -o bashdefault -o default -F _dcos-calico-migrate_yargs_completions dcos-calico-migrate');
    expect(bash.stdout).toContain('dcos-calico-migrate --get-yargs-completions');
    expect(zsh.stdout.startsWith('#compdef dcos-calico-migrate')).toBe(true);
  });

  it('completes commands and the options of a command', async () => {
    const commands = await dcos(['--get-yargs-completions', 'dcos-calico-migrate', '']);
    const options = await dcos(['--get-yargs-completions', 'dcos-calico-migrate', 'wizard', '--']);

    expect(commands.stdout.split('\n')).toEqual(expect.arrayContaining(['wizard', 'bundle', 'diff', 'completion']));
    expect(options.stdout.split('\n')).toEqual(expect.arrayContaining(['--answers', '--carry-labels', '--marathon']));
  });

  it('shows examples in the --help of every command', async () => {
    const names = commands.map((command) => String(command.command).split(' ')[0]!);

    const helps = await Promise.all(names.map(async (name) => [name, (await dcos([name, '--help'])).stdout] as const));

    expect(names).toEqual(expect.arrayContaining(['wizard', 'bundle', 'completion', 'diff', 'simulate']));
    expect(helps.filter(([, help]) => !help.includes('Examples:')).map(([name]) => name)).toEqual([]);
  });

  it('refuses to ask questions without a terminal, pointing to --answers', async () => {
    const result = await dcos(['wizard']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the wizard asks questions on a terminal; without one, replay recorded answers with --answers FILE');
  });

  it('replays an answers file without a terminal, in plain text (no colour off a TTY)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wizard-replay-'));
    const answers = join(dir, 'answers.yaml');
    writeFileSync(
      answers,
      formatAnswers({
        source: 'files',
        paths: fixturePath('bookstore', 'apps'),
        items: 'all',
        carry: 'default',
        'exclude-globs': '',
        'labels-ok': true,
        'diff-ok': true,
        simulate: true,
        policies: fixturePath('bookstore', 'calico', 'policy.yaml'),
        port: '80/TCP',
        'lost-ok': true,
        expect: '',
        action: 'reports',
        'report-dir': join(dir, 'reports'),
        confirm: true,
      }),
    );

    const result = await dcos(['wizard', '--answers', answers], { FORCE_COLOR: '' }, dir);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('? What do you want to migrate? files');
    expect(result.stdout).toContain(`saved ${join(dir, 'reports', 'report.html')}`);
    // eslint-disable-next-line no-control-regex -- looking for ANSI escapes on purpose
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('names the answers file and the question when a replay meets a question it has no answer for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wizard-replay-'));
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, formatAnswers({ source: 'files' }));

    const result = await dcos(['wizard', '--answers', answers], {}, dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${answers}#/paths: no answer for the question "paths"`);
  });
});
