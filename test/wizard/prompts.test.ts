import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { checkboxRows, createScriptedPrompts, createTerminalPrompts, toggleRow, WizardAbortedError } from '../../src/wizard/prompts.js';
import type { Choice } from '../../src/wizard/prompts.js';

const choices: Choice[] = [
  { value: 'a', name: '/shop/a', group: '/shop' },
  { value: 'b', name: '/shop/b', group: '/shop' },
  { value: 'c', name: '/tools/c', group: '/tools' },
];

describe('wizard/prompts scripted', () => {
  it('answers from the script, records the answers and reports unused ones', async () => {
    const prompts = createScriptedPrompts({ go: true, pick: 'b', many: ['c', 'a'], text: 'hello', extra: 'x' });

    await expect(prompts.askConfirm({ name: 'go', message: 'Go?' })).resolves.toBe(true);
    await expect(prompts.askSelect({ name: 'pick', message: 'Pick', choices })).resolves.toBe('b');
    await expect(prompts.askCheckbox({ name: 'many', message: 'Many', choices })).resolves.toEqual(['a', 'c']);
    await expect(prompts.askInput({ name: 'text', message: 'Text' })).resolves.toBe('hello');

    expect(prompts.answers()).toEqual({ go: true, pick: 'b', many: ['a', 'c'], text: 'hello' });
    expect(prompts.unused()).toEqual(['extra']);
  });

  it('takes "all" for a checkbox and the default for an empty input', async () => {
    const prompts = createScriptedPrompts({ many: 'all', text: '' });

    await expect(prompts.askCheckbox({ name: 'many', message: 'Many', choices })).resolves.toEqual(['a', 'b', 'c']);
    await expect(prompts.askInput({ name: 'text', message: 'Text', default: 'fallback' })).resolves.toBe('fallback');
  });

  it.each([
    ['a question without an answer', {}, 'no answer for the question "pick"'],
    ['a select answer outside the choices', { pick: 'z' }, 'expected one of "a", "b", "c", got "z"'],
    ['a select answer of the wrong type', { pick: true }, 'expected one of "a", "b", "c", got true'],
  ])('rejects %s, naming the question', async (_name, script, message) => {
    const prompts = createScriptedPrompts(script, { source: 'answers.yaml' });

    const asked = prompts.askSelect({ name: 'pick', message: 'Pick', choices });

    await expect(asked).rejects.toBeInstanceOf(InputError);
    await expect(asked).rejects.toThrow(`answers.yaml#/pick: ${message}`);
  });

  it('rejects checkbox values that are not choices, an empty required checkbox, a non-boolean confirm and invalid input', async () => {
    const prompts = createScriptedPrompts({ many: ['a', 'q'], none: [], go: 'yes', text: 'bad' });

    await expect(prompts.askCheckbox({ name: 'many', message: 'M', choices })).rejects.toThrow('not among the choices: "q"');
    await expect(prompts.askCheckbox({ name: 'none', message: 'N', choices, required: true })).rejects.toThrow('choose at least one');
    await expect(prompts.askConfirm({ name: 'go', message: 'G' })).rejects.toThrow('expected true or false, got "yes"');
    await expect(prompts.askInput({ name: 'text', message: 'T', validate: (v) => (v === 'good' ? true : 'say good') })).rejects.toThrow('"bad" is not accepted: say good');
  });

  it('treats "^C" as Ctrl-C: that question and every later one reject with WizardAbortedError', async () => {
    const prompts = createScriptedPrompts({ first: '^C', second: true });

    await expect(prompts.askConfirm({ name: 'first', message: 'F' })).rejects.toBeInstanceOf(WizardAbortedError);
    await expect(prompts.askConfirm({ name: 'second', message: 'S' })).rejects.toBeInstanceOf(WizardAbortedError);
    expect(prompts.answers()).toEqual({});
  });
});

describe('wizard/prompts terminal', () => {
  function terminal(): { input: PassThrough; output: PassThrough; text: () => string } {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { input, output, text: () => text };
  }

  it('asks with inquirer and records the answer', async () => {
    const io = terminal();
    const prompts = createTerminalPrompts({ input: io.input, output: io.output });

    const answer = prompts.askConfirm({ name: 'go', message: 'Go on?' });
    io.input.write('y\r');

    await expect(answer).resolves.toBe(true);
    expect(prompts.answers()).toEqual({ go: true });
    expect(io.text()).toContain('Go on?');
  });

  it('turns Ctrl-C into WizardAbortedError once, and refuses every later question', async () => {
    const io = terminal();
    const prompts = createTerminalPrompts({ input: io.input, output: io.output });

    const answer = prompts.askInput({ name: 'text', message: 'Name?' });
    io.input.write('\u0003');

    await expect(answer).rejects.toBeInstanceOf(WizardAbortedError);
    await expect(prompts.askConfirm({ name: 'later', message: 'Later?' })).rejects.toBeInstanceOf(WizardAbortedError);
    expect(prompts.answers()).toEqual({});
  });

  it('filters the grouped checkbox by typing, toggles a whole group with space, and answers in choice order', async () => {
    const io = terminal();
    const prompts = createTerminalPrompts({ input: io.input, output: io.output });

    const answer = prompts.askCheckbox({ name: 'items', message: 'Which?', choices });
    // Rows: all, group /shop, a, b, group /tools, c. Move to the /tools group row and toggle it, then a.
    for (const key of ['\u001b[B', '\u001b[B', '\u001b[B', '\u001b[B', ' ', '\u001b[A', '\u001b[A', ' ']) io.input.write(key);
    io.input.write('\r');

    await expect(answer).resolves.toEqual(['a', 'c']);
    expect(io.text()).toContain('group /tools');
  });
});

describe('wizard/prompts checkbox rows', () => {
  it('lists an "all shown" row, then each group row followed by its items; the filter matches names, values and groups', () => {
    expect(checkboxRows(choices, '').map((row) => (row.kind === 'item' ? row.choice.value : row.kind === 'group' ? `group ${row.group}` : 'all'))).toEqual([
      'all',
      'group /shop',
      'a',
      'b',
      'group /tools',
      'c',
    ]);
    expect(checkboxRows(choices, 'TOOLS').map((row) => (row.kind === 'item' ? row.choice.value : row.kind))).toEqual(['all', 'group', 'c']);
    expect(checkboxRows(choices, 'nothing')).toEqual([]);
  });

  it('toggles a group on unless all of it is on, then off', () => {
    const group = checkboxRows(choices, '')[1]!;

    expect(toggleRow(group, ['c']).sort()).toEqual(['a', 'b', 'c']);
    expect(toggleRow(group, ['a', 'b', 'c'])).toEqual(['c']);
    expect(toggleRow(group, ['a']).sort()).toEqual(['a', 'b']);
  });
});
