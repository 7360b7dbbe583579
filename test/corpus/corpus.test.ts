import { beforeAll, describe, expect, it } from 'vitest';

import { detectFormat } from '../../src/formats/registry.js';
import type { RewriteResult } from '../../src/formats/types.js';
import { corpusFiles, siblingsOf } from './corpus-files.js';
import type { CorpusFile } from './corpus-files.js';

/**
 * Every intended change in the corpus: file -> JSON pointers of its changes. Every other file must come back
 * byte-identical.
 */
const EXPECTED: Record<string, string[]> = {
  'cockroachdb-dcos-cockroachdb-service/src/main/dist/svc.yml': ['/pods/cockroachdb/networks/dcos'],
  'dcos-commons/frameworks/cassandra/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/cockroachdb/src/main/dist/svc.yml': ['/pods/cockroachdb/networks/dcos'],
  'dcos-commons/frameworks/couchdb/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/elastic/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/hdfs/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/helloworld/src/main/dist/examples/cni.yml': ['/pods/hello/networks/dcos'],
  'dcos-commons/frameworks/helloworld/src/main/dist/examples/overlay_ports.yml': ['/pods/hello-overlay/networks/dcos', '/pods/getter/networks/dcos'],
  'dcos-commons/frameworks/helloworld/src/main/dist/overlay.yml': ['/pods/overlay-vip/networks/dcos', '/pods/overlay/networks/dcos', '/pods/getter/networks/dcos'],
  'dcos-commons/frameworks/helloworld/src/main/dist/tls.yml': ['/pods/keystore/networks/dcos', '/pods/nginx/networks/dcos'],
  'dcos-commons/frameworks/sdkspark/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/template/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/frameworks/zookeeper/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'dcos-commons/sdk/scheduler/src/test/resources/invalid-network-labels-blank.yml': ['/pods/server/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/invalid-network-labels-format.yml': ['/pods/server/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/invalid-network.yml': ['/pods/server/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-exhaustive.yml': ['/pods/meta-data/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-ip-container-mapping.yml': ['/pods/meta-data/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-minimal-networks-docker.yml': ['/pods/pod-type/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-minimal-overlay-vip.yml': ['/pods/pod-type/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-minimal-overlay.yml': ['/pods/pod-type/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-netgroups.yml': ['/pods/meta-data/networks/dcos', '/pods/meta-data-anothergroup/networks/dcos', '/pods/meta-data-joins-all/networks/dcos'],
  'dcos-commons/sdk/scheduler/src/test/resources/valid-network.yml': ['/pods/server/networks/dcos'],
  'dcos-kafka-service/frameworks/kafka/universe/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/beta-mesosphere-jupyter-service/0/marathon.json.mustache': ['/networks/0/name'],
  'universe/airfield/2/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/cassandra/1000/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/confluent-connect/11/config.json': ['/properties/connect/properties/virtual_network_name/default'],
  'universe/confluent-connect/300/config.json': ['/properties/connect/properties/virtual_network_name/default'],
  'universe/confluent-kafka/23/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/elastic/1200/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/hdfs/800/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/hivemq/1/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/jupyterlab/0/marathon.json.mustache': ['/networks/0/name'],
  'universe/kafka/1200/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/kibana/1300/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/kubernetes-cluster/2610/config.json': ['/properties/service/properties/virtual_network_name/default'],
  'universe/spark/1100/config.json': ['/properties/service/properties/virtual_network_name/default'],
};

function run(file: CorpusFile, text: string, all: readonly CorpusFile[]): RewriteResult | undefined {
  const handler = detectFormat(file.path, text);
  if (!handler || !['service-spec', 'marathon-template', 'package-config'].includes(handler.id)) return undefined;
  return handler.rewrite({ path: file.path, text, siblings: siblingsOf(file, all) });
}

describe('corpus', () => {
  const all = corpusFiles();
  const results = new Map<string, RewriteResult | undefined>();

  beforeAll(() => {
    for (const file of all) results.set(file.path, run(file, file.text, all));
  });

  it('has every file of SOURCES.md', () => {
    expect(all.length).toBe(111);
  });

  it.each(all.map((file) => [file.path, file] as const))('%s', (_path, file) => {
    const result = results.get(file.path);
    const expected = EXPECTED[file.path] ?? [];

    if (result === undefined) {
      expect(file.path).toMatch(/resource\.json$/);
      return;
    }
    expect(result.status, result.reason).not.toBe('error');
    expect(result.changes.filter((change) => change.kind !== 'label-carried').map((change) => change.pointer)).toEqual(expected);
    if (expected.length === 0) {
      expect(result.status).not.toBe('changed');
      expect(result.text).toBe(file.text);
      return;
    }
    expect(result.status).toBe('changed');
    const before = file.text.split('\n');
    const after = result.text.split('\n');
    expect(after).toHaveLength(before.length);
    const changedLines = before.flatMap((line, index) => (line === after[index] ? [] : [[line, after[index]!] as const]));
    expect(changedLines).toHaveLength(expected.length);
    for (const [old, updated] of changedLines) expect(old.replace(/(["']?)dcos(["']?\s*[:,\r]?)/, '$1calico$2')).toBe(updated);
    const again = run(file, result.text, all.map((other) => (other.path === file.path ? { ...other, text: result.text } : other)));
    expect(again?.status).toBe('unchanged');
    expect(again?.text).toBe(result.text);
  });
});
