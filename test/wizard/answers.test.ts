import { describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { formatAnswers, parseAnswers } from '../../src/wizard/answers.js';

describe('wizard/answers', () => {
  it('round-trips answers through the file format', () => {
    const answers = { source: 'files', paths: 'apps/', items: ['apps/a.json#'], 'labels-ok': true, 'exclude-globs': '' };

    const text = formatAnswers(answers);

    expect(text.startsWith('# Replay with: dcos-calico-migrate wizard --answers')).toBe(true);
    expect(parseAnswers('a.yaml', text)).toEqual(answers);
  });

  it('reads JSON as well as YAML, and keeps keys such as __proto__ as plain data', () => {
    const parsed = parseAnswers('a.json', '{"format": "dcos-calico-migrate/wizard-answers", "version": 1, "answers": {"__proto__": "x", "confirm": false}}');

    expect(Object.keys(parsed)).toEqual(['__proto__', 'confirm']);
    expect(parsed['confirm']).toBe(false);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it.each([
    ['invalid YAML, with the line and column', 'format: [\n', 'a.yaml:2:1: could not parse the answers file - invalid YAML'],
    ['a document that is not a mapping', '- 1\n', 'a.yaml: expected a mapping with format, version and answers'],
    ['a wrong format', 'format: other\nversion: 1\nanswers: {}\n', 'a.yaml#/format: expected format "dcos-calico-migrate/wizard-answers", got "other"'],
    ['a newer version', 'format: dcos-calico-migrate/wizard-answers\nversion: 2\nanswers: {}\n', 'a.yaml#/version: this version reads answers files of version 1, got 2'],
    ['answers that are not a mapping', 'format: dcos-calico-migrate/wizard-answers\nversion: 1\nanswers: [1]\n', 'a.yaml#/answers: expected a mapping'],
    ['an answer of the wrong type', 'format: dcos-calico-migrate/wizard-answers\nversion: 1\nanswers:\n  a/b: 3\n', 'a.yaml#/answers/a~1b: an answer is text, true/false or a list of text; got 3'],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseAnswers('a.yaml', text)).toThrow(InputError);
    expect(() => parseAnswers('a.yaml', text)).toThrow(message);
  });
});
