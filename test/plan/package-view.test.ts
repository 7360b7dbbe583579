import { describe, expect, it } from 'vitest';

import { describePackageView, packageRootOf, packageSiblings, packageViews } from '../../src/plan/package-view.js';
import { corpusFiles } from '../corpus/corpus-files.js';

function filesUnder(prefix: string): Map<string, string> {
  return new Map(corpusFiles().filter((file) => file.path.startsWith(prefix)).map((file) => [file.path, file.text]));
}

describe('plan/package-view', () => {
  it('finds the package and framework folders of files', () => {
    const paths = ['fw/universe/marathon.json.mustache', 'fw/universe/config.json', 'fw/src/main/dist/svc.yml', 'pkg/1/marathon.json.mustache', 'pkg/1/config.json', 'lonely/svc.yml', 'apps/app.json'];

    const roots = paths.map((path) => packageRootOf(path, paths));

    expect(roots).toEqual(['fw', 'fw', 'fw', 'pkg/1', 'pkg/1', undefined, undefined]);
  });

  it('gives each file of a framework the other files as siblings', () => {
    const files = new Map([
      ['fw/universe/marathon.json.mustache', '{}'],
      ['fw/universe/config.json', '{}'],
      ['fw/src/main/dist/svc.yml', 'pods:'],
      ['other/app.json', '{}'],
    ]);

    const siblings = packageSiblings(files);

    expect([...(siblings.get('fw/src/main/dist/svc.yml')?.keys() ?? [])]).toEqual(['fw/universe/marathon.json.mustache', 'fw/universe/config.json']);
    expect(siblings.has('other/app.json')).toBe(false);
  });

  it('shows the whole chain of an SDK framework: option, defaults, pods and the existing-installs command', () => {
    const files = filesUnder('dcos-kafka-service/');

    const [view] = packageViews(files);

    expect(view?.kind).toBe('framework');
    expect(view?.packageName).toBe('kafka');
    expect(view?.options).toEqual([
      expect.objectContaining({ option: 'service.virtual_network_name', oldDefault: 'dcos', newDefault: 'calico', declared: true }),
    ]);
    expect(view?.enabledWith).toContain('service.virtual_network_enabled');
    expect(view?.placements).toContainEqual(
      expect.objectContaining({ pod: 'kafka', before: ['dcos'], after: ['calico'], drivenBy: '{{VIRTUAL_NETWORK_NAME}} <- service.virtual_network_name' }),
    );
    expect(view?.caveat?.options).toEqual({ service: { virtual_network_name: 'calico' } });
    expect(view?.caveat?.command).toBe('dcos kafka --name=kafka update start --options=options.json');
  });

  it('explains that a literal network key only moves with a new package version', () => {
    const files = filesUnder('dcos-commons/frameworks/cockroachdb/');

    const [view] = packageViews(files);

    expect(view?.options).toEqual([]);
    expect(view?.caveat).toBeUndefined();
    expect(view?.placements).toContainEqual(expect.objectContaining({ pod: 'cockroachdb', before: ['dcos'], after: ['calico'], drivenBy: 'literal key in the spec' }));
    expect(view?.notes.join('\n')).toMatch(/new package version/);
  });

  it('shows a package whose own app joins the network, and a non-SDK caveat', () => {
    const files = filesUnder('universe/spark/1100/');

    const [view] = packageViews(files);

    expect(view?.kind).toBe('package');
    expect(view?.placements).toContainEqual(expect.objectContaining({ what: expect.stringMatching(/^app /), before: ['dcos'], after: ['calico'] }));
    expect(view?.caveat?.sdk).toBe(false);
    expect(view?.caveat?.command).toBe('dcos package install spark --options=options.json');
  });

  it('ignores a network option the template never uses (jupyter) and keeps unrelated dcos defaults', () => {
    const files = filesUnder('universe/beta-mesosphere-jupyter-service/0/');

    const [view] = packageViews(files);

    expect(view?.options).toEqual([]);
    expect(view?.placements).toContainEqual(expect.objectContaining({ before: ['dcos'], after: ['calico'], drivenBy: 'literal "dcos" in marathon.json.mustache' }));
  });

  it('describes a view as text with the command and the options JSON', () => {
    const [view] = packageViews(filesUnder('universe/kafka/1200/'));

    const text = describePackageView(view!).join('\n');

    expect(text).toContain('option service.virtual_network_name: default "dcos" -> "calico"');
    expect(text).toContain('options.json: {"service":{"virtual_network_name":"calico"}}');
    expect(text).toContain('dcos kafka --name=kafka update start --options=options.json');
  });
});
