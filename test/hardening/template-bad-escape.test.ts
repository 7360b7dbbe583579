/** Regression test: a bad escape in a string of a marathon.json.mustache template is refused or verified, never a crash. */
import { describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { rewriteText } from '../../src/formats/rewrite-text.js';

const TEMPLATE = '{\n  "id": "{{service.name}}",\n  "env": {"A": "x\\q"},\n  "cmd": "y\\q",\n  "networks": [{"mode": "container", "name": "dcos"}]\n}\n';

describe('hardening/marathon.json.mustache with a bad escape', () => {
  it('rewrites only the network name or refuses with an InputError', () => {
    try {
      const result = rewriteText(TEMPLATE, { path: 'marathon.json.mustache' });
      expect(result.text).toBe(TEMPLATE.replace('"name": "dcos"', '"name": "calico"'));
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
    }
  });
});
