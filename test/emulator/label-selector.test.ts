import { describe, expect, it } from 'vitest';

import { LabelSelectorError, parseLabelSelector } from '../../src/emulator/label-selector.js';

const labels = { team: 'web', tier: 'front end', 'app.kubernetes.io/name': 'x', empty: '' };

describe('emulator/label-selector', () => {
  it.each([
    ['team', true],
    ['missing', false],
    ['team==web', true],
    ['team==db', false],
    ['team!=db', true],
    ['missing!=db', false],
    ['team in (db, web)', true],
    ['team notin (db, web)', false],
    ['missing notin (db)', false],
    ['team==web, tier', true],
    ['team==web,missing', false],
    [String.raw`tier==front\ end`, true],
    [String.raw`app.kubernetes.io\/name==x`, true],
    ['empty', true],
  ])('%s -> %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('an app without labels matches nothing', () => {
    expect(parseLabelSelector('team').matches(undefined)).toBe(false);
  });

  it.each(['team in web', 'team ==', '==web', 'team = web', 'a b'])('rejects %j with Marathon\'s message', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(`Can not parse label selector ${selector}. Reason:`);
  });
});
