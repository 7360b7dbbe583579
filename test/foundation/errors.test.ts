import { describe, expect, it } from 'vitest';

import { formatLocation, InputError } from '../../src/errors.js';

describe('errors', () => {
  it('formats a location with line and column', () => {
    expect(formatLocation({ file: 'apps/a.json', line: 3, column: 7 })).toBe('apps/a.json:3:7');
  });

  it('formats a location with a JSON pointer', () => {
    expect(formatLocation({ file: 'apps/a.json', pointer: '/apps/0/networks' })).toBe('apps/a.json#/apps/0/networks');
  });

  it('puts the location first in an input error', () => {
    expect(new InputError({ file: 'x.yml', line: 2 }, 'bad indent').message).toBe('x.yml:2: bad indent');
  });
});
