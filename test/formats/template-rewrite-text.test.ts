import { describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { detectFormat } from '../../src/formats/registry.js';
import { rewriteText } from '../../src/formats/rewrite-text.js';

const SPEC = 'name: demo\npods:\n  app:\n    count: 1\n    networks:\n      dcos:\n    tasks:\n      t:\n        goal: RUNNING\n        cmd: ./run\n        cpus: 1\n        memory: 64\n';
const TEMPLATE = '{\n  "id": "{{service.name}}",\n  "cpus": {{service.cpus}},\n  "networks": [{"mode": "container", "name": "dcos"}]\n}\n';
const CONFIG = '{"type": "object", "properties": {"service": {"type": "object", "properties": {"virtual_network_name": {"type": "string", "default": "dcos"}}}}}';
const MARATHON = '{"id": "/a", "networks": [{"mode": "container", "name": "{{service.virtual_network_name}}"}]}';

describe('formats/template rewriteText', () => {
  it('detects each template format by name and by content', () => {
    expect(detectFormat('frameworks/x/src/main/dist/svc.yml', SPEC)?.id).toBe('service-spec');
    expect(detectFormat('', SPEC)?.id).toBe('service-spec');
    expect(detectFormat('universe/marathon.json.mustache', TEMPLATE)?.id).toBe('marathon-template');
    expect(detectFormat('', TEMPLATE)?.id).toBe('marathon-template');
    expect(detectFormat('universe/config.json', CONFIG)?.id).toBe('package-config');
    expect(detectFormat('apps/app.json', '{"id": "/a", "networks": [{"mode": "container", "name": "dcos"}]}')?.id).toBe('marathon-json');
  });

  it('rewrites a service spec, a template and a config through the registry', () => {
    const spec = rewriteText(SPEC, { path: 'svc.yml' });
    const template = rewriteText(TEMPLATE);
    const config = rewriteText(CONFIG, { path: 'universe/config.json', siblings: new Map([['universe/marathon.json.mustache', MARATHON]]) });

    expect(spec).toMatchObject({ format: 'service-spec', status: 'changed', text: SPEC.replace('      dcos:', '      calico:') });
    expect(template).toMatchObject({ format: 'marathon-template', status: 'changed', text: TEMPLATE.replace('"name": "dcos"', '"name": "calico"') });
    expect(config).toMatchObject({ format: 'package-config', status: 'changed', text: CONFIG.replace('"default": "dcos"', '"default": "calico"') });
  });

  it('honours --from/--to', () => {
    const result = rewriteText(SPEC.replace('dcos:', 'overlay-a:'), { path: 'svc.yml', from: 'overlay-a', to: 'overlay-b' });

    expect(result.text).toContain('      overlay-b:');
  });

  it('refuses a template Mustache would reject, naming the line', () => {
    expect(() => rewriteText('{\n  {{#a}}\n  "x": 1\n}\n', { path: 'm.json.mustache' })).toThrow(InputError);
    expect(() => rewriteText('{\n  {{#a}}\n  "x": 1\n}\n', { path: 'm.json.mustache' })).toThrow(/:2: section \{\{#a\}\} is never closed/);
  });

  it('keeps the line of a refusal as a structured location, naming the file once', () => {
    let caught: unknown;
    try {
      rewriteText('{\n  {{#a}}\n  "x": 1\n}\n', { path: 'm.json.mustache' });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).location).toMatchObject({ file: 'm.json.mustache', line: 2 });
    expect((caught as InputError).message.split('m.json.mustache')).toHaveLength(2);
  });
});
