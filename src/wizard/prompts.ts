/**
 * The wizard's only door to the terminal: every question goes through a `Prompts` object, so that the flows never
 * import inquirer and tests (and `wizard --answers FILE`) replace the terminal with recorded answers.
 *
 * Two implementations:
 * - `createTerminalPrompts()` asks on a terminal with @inquirer/prompts (plus a searchable checkbox with
 *   select-all by group built on @inquirer/core) and records every answer, so the wizard can offer to save them;
 * - `createScriptedPrompts(answers)` answers from a map of prompt name -> answer and fails, naming the prompt, on a
 *   question it has no answer for or an answer that is not one of the choices.
 *
 * Ctrl-C is handled here, once: whichever prompt is open, the wrapper turns inquirer's exit error into
 * `WizardAbortedError` and refuses every later question, so a flow can never go on after the user left.
 */
import {
  createPrompt,
  isBackspaceKey,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
} from '@inquirer/core';
import { checkbox, confirm, input, select } from '@inquirer/prompts';

import { InputError } from '../errors.js';

/** A value an answers file can hold. Choice values are strings so recorded answers stay readable. */
export type AnswerValue = string | boolean | string[];

/** One choice of a select or checkbox question. */
export interface Choice {
  /** Stable value recorded in answers files (an item id, an action name). */
  value: string;
  /** What the user reads. */
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** Checkbox only: preselected. */
  checked?: boolean;
  /** Checkbox only: the group the choice belongs to (a Marathon group, a file); offers select-all per group. */
  group?: string;
}

interface Question {
  /** Stable key of the question in answers files, e.g. `source` or `labels:/bookstore/server`. */
  name: string;
  message: string;
}

export interface ConfirmQuestion extends Question {
  default?: boolean;
}

export interface SelectQuestion extends Question {
  choices: readonly Choice[];
  default?: string;
}

export interface CheckboxQuestion extends Question {
  choices: readonly Choice[];
  /** At least one choice must be checked. */
  required?: boolean;
}

export interface InputQuestion extends Question {
  default?: string;
  /** Returns an error message, or `true` when the answer is acceptable. */
  validate?: (value: string) => true | string;
}

/** The four questions the wizard asks. Each rejects with `WizardAbortedError` after Ctrl-C. */
export interface Prompts {
  askConfirm(question: ConfirmQuestion): Promise<boolean>;
  askSelect(question: SelectQuestion): Promise<string>;
  askCheckbox(question: CheckboxQuestion): Promise<string[]>;
  askInput(question: InputQuestion): Promise<string>;
  /** Every answer given so far, by question name, in the order asked. */
  answers(): Record<string, AnswerValue>;
  /** Whether the answers come from a person at a terminal (only then the wizard offers to save them). */
  readonly interactive: boolean;
}

/** The user left the wizard (Ctrl-C). Nothing has been written or sent. */
export class WizardAbortedError extends Error {
  override name = 'WizardAbortedError';

  constructor() {
    super('wizard aborted: nothing was written or sent');
  }
}

type PromptContext = NonNullable<Parameters<typeof confirm>[1]>;

/** Options of the terminal prompts; the streams default to the process's own. */
export interface TerminalPromptsOptions {
  input?: PromptContext['input'];
  output?: PromptContext['output'];
}

/**
 * Prompts on a terminal. Ctrl-C at any question rejects that question and every later one with
 * `WizardAbortedError`; any other inquirer failure propagates unchanged.
 */
export function createTerminalPrompts(options: TerminalPromptsOptions = {}): Prompts {
  const recorded: Record<string, AnswerValue> = {};
  const context: PromptContext = { input: options.input ?? process.stdin, output: options.output ?? process.stdout, clearPromptOnDone: false };
  let aborted = false;

  async function ask<T extends AnswerValue>(name: string, run: () => Promise<T>): Promise<T> {
    if (aborted) throw new WizardAbortedError();
    try {
      const answer = await run();
      recorded[name] = answer;
      return answer;
    } catch (error) {
      if (isExitError(error)) {
        aborted = true;
        throw new WizardAbortedError();
      }
      throw error;
    }
  }

  return {
    interactive: true,
    answers: () => ({ ...recorded }),
    askConfirm: (q) =>
      ask(q.name, () => confirm({ message: q.message, default: q.default ?? false }, context)),
    askSelect: (q) =>
      ask(q.name, () =>
        select<string>(
          {
            message: q.message,
            choices: q.choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })),
            pageSize: 12,
            ...(q.default !== undefined ? { default: q.default } : {}),
          },
          context,
        ),
      ),
    askCheckbox: (q) =>
      ask(q.name, () => {
        // Short flat lists read better in inquirer's own checkbox; grouped or long ones get search and group rows.
        const grouped = q.choices.some((c) => c.group !== undefined);
        if (!grouped && q.choices.length <= 12) {
          return checkbox<string>(
            {
              message: q.message,
              choices: q.choices.map((c) => ({
                value: c.value,
                name: c.name,
                checked: c.checked ?? false,
                ...(c.description ? { description: c.description } : {}),
              })),
              required: q.required ?? false,
              pageSize: 12,
            },
            context,
          );
        }
        return searchableCheckbox({ message: q.message, choices: q.choices, required: q.required ?? false }, context);
      }),
    askInput: (q) =>
      ask(q.name, () =>
        input(
          {
            message: q.message,
            ...(q.default !== undefined ? { default: q.default } : {}),
            ...(q.validate ? { validate: q.validate } : {}),
          },
          context,
        ),
      ),
  };
}

function isExitError(error: unknown): boolean {
  // ExitPromptError: Ctrl-C or the terminal closed; AbortPromptError: the prompt's signal aborted.
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Options of scripted prompts. */
export interface ScriptedPromptsOptions {
  /** Named in errors (the answers file's path). Default `answers`. */
  source?: string;
  /**
   * Called for every question with what the wizard would have shown; lets replays print a transcript and lets
   * tests see which questions were asked.
   */
  onAsk?: (name: string, message: string, answer: AnswerValue) => void;
  /** Behave like a person at a terminal (the wizard then offers to save the answers). Default false. */
  interactive?: boolean;
}

/**
 * Prompts that answer from a map of question name -> answer, without a terminal. A question with no answer, or an
 * answer of the wrong type or outside the choices, throws `InputError` naming the source and the question (JSON
 * pointer `/<name>`). A checkbox answer may be `"all"` (every choice) or a list of choice values; a select answer
 * is a choice value. `unused()` lists answers no question asked for, so tests can demand an exact script.
 * An answer equal to the string `"^C"` behaves like Ctrl-C at that question.
 */
export function createScriptedPrompts(
  script: Readonly<Record<string, AnswerValue>>,
  options: ScriptedPromptsOptions = {},
): Prompts & { unused(): string[] } {
  const source = options.source ?? 'answers';
  const recorded: Record<string, AnswerValue> = {};
  const used = new Set<string>();
  let aborted = false;

  function fail(name: string, message: string): never {
    throw new InputError({ file: source, pointer: `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}` }, message);
  }

  function take(name: string, message: string): AnswerValue {
    if (aborted) throw new WizardAbortedError();
    if (!Object.hasOwn(script, name)) {
      fail(name, `no answer for the question ${JSON.stringify(name)} (${JSON.stringify(message)}); add "${name}" to the answers`);
    }
    used.add(name);
    const answer = script[name]!;
    if (answer === '^C') {
      aborted = true;
      throw new WizardAbortedError();
    }
    return answer;
  }

  function record<T extends AnswerValue>(name: string, message: string, answer: T): T {
    recorded[name] = answer;
    options.onAsk?.(name, message, answer);
    return answer;
  }

  function choiceValues(choices: readonly Choice[]): string {
    return choices.map((c) => JSON.stringify(c.value)).join(', ');
  }

  return {
    interactive: options.interactive ?? false,
    answers: () => ({ ...recorded }),
    unused: () => Object.keys(script).filter((name) => !used.has(name)),
    askConfirm: async (q) => {
      const answer = take(q.name, q.message);
      if (typeof answer !== 'boolean') fail(q.name, `expected true or false, got ${JSON.stringify(answer)}`);
      return record(q.name, q.message, answer);
    },
    askSelect: async (q) => {
      const answer = take(q.name, q.message);
      if (typeof answer !== 'string' || !q.choices.some((c) => c.value === answer)) {
        fail(q.name, `expected one of ${choiceValues(q.choices)}, got ${JSON.stringify(answer)}`);
      }
      return record(q.name, q.message, answer);
    },
    askCheckbox: async (q) => {
      const answer = take(q.name, q.message);
      let values: string[];
      if (answer === 'all') values = q.choices.map((c) => c.value);
      else if (Array.isArray(answer)) values = answer;
      else fail(q.name, `expected "all" or a list of ${choiceValues(q.choices)}, got ${JSON.stringify(answer)}`);
      const unknown = values.filter((v) => !q.choices.some((c) => c.value === v));
      if (unknown.length > 0) fail(q.name, `not among the choices: ${unknown.map((v) => JSON.stringify(v)).join(', ')}; choices: ${choiceValues(q.choices)}`);
      if (q.required && values.length === 0) fail(q.name, 'choose at least one');
      // Keep the choices' order whatever order the answers file used.
      const ordered = q.choices.map((c) => c.value).filter((v) => values.includes(v));
      return record(q.name, q.message, ordered);
    },
    askInput: async (q) => {
      const given = take(q.name, q.message);
      if (typeof given !== 'string') fail(q.name, `expected text, got ${JSON.stringify(given)}`);
      // As at the terminal, an empty answer takes the question's default.
      const answer = given === '' && q.default !== undefined ? q.default : given;
      const verdict = q.validate ? q.validate(answer) : true;
      if (verdict !== true) fail(q.name, `${JSON.stringify(answer)} is not accepted: ${verdict}`);
      return record(q.name, q.message, answer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A checkbox with type-to-filter and "select all" rows per group (inquirer's own checkbox has neither).

interface SearchableCheckboxConfig {
  message: string;
  choices: readonly Choice[];
  required: boolean;
}

type Row =
  | { kind: 'all'; values: string[] }
  | { kind: 'group'; group: string; values: string[] }
  | { kind: 'item'; choice: Choice };

/** The rows shown for a filter: an "all shown" row, then per group a group row followed by its items. */
export function checkboxRows(choices: readonly Choice[], filter: string): Row[] {
  const needle = filter.trim().toLowerCase();
  const shown = choices.filter(
    (c) => needle === '' || c.name.toLowerCase().includes(needle) || c.value.toLowerCase().includes(needle) || (c.group ?? '').toLowerCase().includes(needle),
  );
  const rows: Row[] = [];
  if (shown.length === 0) return rows;
  rows.push({ kind: 'all', values: shown.map((c) => c.value) });
  const groups = new Map<string | undefined, Choice[]>();
  for (const choice of shown) {
    const list = groups.get(choice.group) ?? [];
    list.push(choice);
    groups.set(choice.group, list);
  }
  for (const [group, members] of groups) {
    if (group !== undefined) rows.push({ kind: 'group', group, values: members.map((c) => c.value) });
    for (const choice of members) rows.push({ kind: 'item', choice });
  }
  return rows;
}

/** Toggling a row: an item flips; a group or "all" row checks all its items unless all are checked already. */
export function toggleRow(row: Row, checked: readonly string[]): string[] {
  const set = new Set(checked);
  const values = row.kind === 'item' ? [row.choice.value] : row.values;
  const allChecked = values.every((v) => set.has(v));
  for (const value of values) {
    if (allChecked) set.delete(value);
    else set.add(value);
  }
  return [...set];
}

const searchableCheckbox = createPrompt<string[], SearchableCheckboxConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const prefix = usePrefix({ status, theme });
  const [filter, setFilter] = useState('');
  const [checked, setChecked] = useState<string[]>(config.choices.filter((c) => c.checked).map((c) => c.value));
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const rows = checkboxRows(config.choices, filter);
  const current = rows[Math.min(active, Math.max(rows.length - 1, 0))];

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      if (config.required && checked.length === 0) {
        setError('choose at least one item (space toggles, type to filter)');
        rl.write(filter);
        return;
      }
      setStatus('done');
      // Answer in the choices' order, whatever the order of toggling.
      done(config.choices.map((c) => c.value).filter((v) => checked.includes(v)));
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      if (rows.length > 0) setActive((Math.min(active, rows.length - 1) + (isUpKey(key) ? rows.length - 1 : 1)) % rows.length);
      return;
    }
    if (isSpaceKey(key)) {
      // The space went into readline's line buffer; it toggles instead of filtering.
      rl.clearLine(0);
      rl.write(filter);
      if (current) setChecked(toggleRow(current, checked));
      setError(undefined);
      return;
    }
    if (isBackspaceKey(key) || rl.line !== filter) {
      setFilter(rl.line);
      setActive(0);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') {
    const names = config.choices.filter((c) => checked.includes(c.value)).map((c) => c.value);
    const summary = names.length <= 4 ? names.join(', ') : `${names.length} items`;
    return `${prefix} ${message} ${theme.style.answer(summary)}`;
  }
  const set = new Set(checked);
  const page = usePagination<Row>({
    items: rows,
    active: Math.min(active, Math.max(rows.length - 1, 0)),
    pageSize: 14,
    loop: false,
    renderItem({ item, isActive }) {
      const cursor = isActive ? '›' : ' ';
      const values = item.kind === 'item' ? [item.choice.value] : item.values;
      const count = values.filter((v) => set.has(v)).length;
      const box = count === values.length ? '◉' : count === 0 ? '◯' : '◐';
      const label =
        item.kind === 'all'
          ? `all shown (${values.length})`
          : item.kind === 'group'
            ? `group ${item.group} (${count}/${values.length})`
            : `  ${item.choice.name}`;
      const line = `${cursor}${box} ${label}`;
      return isActive ? theme.style.highlight(line) : line;
    },
  });
  const description = current?.kind === 'item' ? current.choice.description : undefined;
  const lines = [
    `${prefix} ${message} ${filter ? `filter: ${filter}` : theme.style.help('(type to filter)')}`,
    rows.length > 0 ? page : '  no item matches the filter',
    description ? `  ${description}` : '',
    error ? theme.style.error(error) : '',
    theme.style.help(`↑↓ move · space toggle (group rows toggle the whole group) · type to filter · ⏎ done · ${checked.length} selected`),
  ];
  return lines.filter(Boolean).join('\n');
});
