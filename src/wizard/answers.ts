/**
 * Answers files for `wizard --answers FILE`: the answers a wizard session was given, by question name, so that the
 * same session can be replayed without a terminal (in CI, in a runbook, or to show a colleague).
 *
 * ```yaml
 * format: dcos-calico-migrate/wizard-answers
 * version: 1
 * answers:
 *   source: files
 *   paths: fixtures/bookstore/apps
 *   items: all
 *   carry: default
 *   labels-ok: true
 *   ...
 * ```
 */
import { readFileSync } from 'node:fs';

import yaml from 'js-yaml';

import { InputError } from '../errors.js';
import type { AnswerValue } from './prompts.js';

export const ANSWERS_FORMAT = 'dcos-calico-migrate/wizard-answers';
export const ANSWERS_VERSION = 1;

function isAnswer(value: unknown): value is AnswerValue {
  return typeof value === 'string' || typeof value === 'boolean' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

/**
 * Parses an answers file (YAML or JSON). Throws InputError naming the file and the JSON pointer of the first
 * problem: not YAML, a wrong `format` or `version`, or an answer that is neither text, true/false nor a list of text.
 */
export function parseAnswers(path: string, text: string): Record<string, AnswerValue> {
  let document: unknown;
  try {
    // JSON_SCHEMA: no timestamps or other implicit types; answers are text, booleans and lists.
    document = yaml.load(text, { filename: path, schema: yaml.JSON_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    throw new InputError(
      { file: path, ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}) },
      `could not parse the answers file - invalid YAML: ${(error as { reason?: string }).reason ?? (error as Error).message}`,
      { cause: error },
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InputError({ file: path }, `expected a mapping with format, version and answers. Example:\nformat: ${ANSWERS_FORMAT}\nversion: 1\nanswers:\n  source: demo`);
  }
  const record = document as Record<string, unknown>;
  if (record['format'] !== ANSWERS_FORMAT) {
    throw new InputError({ file: path, pointer: '/format' }, `expected format ${JSON.stringify(ANSWERS_FORMAT)}, got ${JSON.stringify(record['format'])}`);
  }
  if (record['version'] !== ANSWERS_VERSION) {
    throw new InputError({ file: path, pointer: '/version' }, `this version reads answers files of version ${ANSWERS_VERSION}, got ${JSON.stringify(record['version'])}`);
  }
  const answers = record['answers'];
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new InputError({ file: path, pointer: '/answers' }, 'expected a mapping of question name -> answer');
  }
  const result: Record<string, AnswerValue> = {};
  for (const [name, value] of Object.entries(answers)) {
    if (!isAnswer(value)) {
      throw new InputError(
        { file: path, pointer: `/answers/${name.replaceAll('~', '~0').replaceAll('/', '~1')}` },
        `an answer is text, true/false or a list of text; got ${JSON.stringify(value)}`,
      );
    }
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Reads and parses an answers file. Throws InputError when it cannot be read or parsed. */
export function readAnswersFile(path: string): Record<string, AnswerValue> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: path }, `cannot read the answers file: ${(error as Error).message}`, { cause: error });
  }
  return parseAnswers(path, text);
}

/** The text of an answers file (YAML, with a comment saying how to replay it). */
export function formatAnswers(answers: Readonly<Record<string, AnswerValue>>): string {
  const body = yaml.dump({ format: ANSWERS_FORMAT, version: ANSWERS_VERSION, answers }, { lineWidth: 120, noRefs: true });
  return `# Replay with: dcos-calico-migrate wizard --answers <this file>\n${body}`;
}
