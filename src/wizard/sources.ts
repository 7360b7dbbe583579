/**
 * The wizard's first question: where the definitions come from. The attached DC/OS cluster (flags, `DCOS_URL`,
 * `dcos.toml`), a Marathon URL typed in, files and folders, or the bundled emulator seeded with the demo cluster.
 * Loading only reads: files, or `GET /v2/groups`.
 */
import type { ClusterAccess } from '../marathon/dcos-config.js';
import { clientOptionsFromAccess, createMarathonClient } from '../marathon/client.js';
import type { MarathonClient } from '../marathon/client.js';
import { readLiveCluster } from '../marathon/live.js';
import type { FileSource } from '../plan/types.js';
import type { Choice, Prompts } from './prompts.js';

/** What the command line provides for loading sources. */
export interface SourceServices {
  /** The cluster named by flags, the environment or the attached `dcos.toml`; undefined when none is. */
  cluster?: ClusterAccess;
  /** Access for a Marathon URL typed into the wizard (token from the environment / attached cluster). */
  accessFor(url: string): ClusterAccess;
  /** Reads files and folders the way `scan` and `diff` do. Throws UsageError for a path that does not exist. */
  loadFiles(paths: readonly string[]): Promise<FileSource[]>;
  /** Starts the bundled emulator seeded with the demo cluster; `close` stops it (nothing is persisted). */
  startDemo(): Promise<{ url: string; close(): Promise<void> }>;
  /** Builds a Marathon client (tests may count requests through it). Default: the real client. */
  connect?(access: ClusterAccess): MarathonClient;
}

interface SourceContext extends SourceServices {
  prompts: Prompts;
  print(text: string): void;
}

/** A loaded source: files in memory, or a live cluster's group tree with a client to apply through. */
export type LoadedSource =
  | { kind: 'files'; label: string; files: FileSource[]; paths: string[]; close(): Promise<void> }
  | {
      kind: 'live';
      /** `demo` for the bundled emulator, `cluster` for a real Marathon. */
      origin: 'cluster' | 'demo';
      label: string;
      access: ClusterAccess;
      client: MarathonClient;
      groups: unknown;
      /** Marathon's `default_network_name`, what unnamed container networks mean there. */
      defaultNetworkName?: string;
      close(): Promise<void>;
    };

function splitPaths(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

async function loadLive(context: SourceContext, access: ClusterAccess, origin: 'cluster' | 'demo', stop: () => Promise<void>): Promise<LoadedSource> {
  const client = (context.connect ?? ((a: ClusterAccess) => createMarathonClient(clientOptionsFromAccess(a))))(access);
  try {
    context.print(`Reading ${access.marathonUrl}/v2/groups ...\n`);
    const live = await readLiveCluster(client);
    context.print(`Read ${live.apps} app(s) and ${live.pods} pod(s).\n`);
    return {
      kind: 'live',
      origin,
      label: origin === 'demo' ? `the demo cluster (${access.marathonUrl})` : access.marathonUrl,
      access,
      client,
      groups: live.source.definition,
      ...(live.defaultNetworkName ? { defaultNetworkName: live.defaultNetworkName } : {}),
      close: async () => {
        client.close();
        await stop();
      },
    };
  } catch (error) {
    client.close();
    await stop();
    throw error;
  }
}

/**
 * Asks for the source and loads it. Rejects with UsageError for paths that do not exist, MarathonApiError when
 * Marathon cannot be read, WizardAbortedError on Ctrl-C.
 */
export async function chooseSource(context: SourceContext): Promise<LoadedSource> {
  const choices: Choice[] = [];
  if (context.cluster) {
    choices.push({ value: 'cluster', name: `the attached cluster: ${context.cluster.marathonUrl}`, description: `from ${context.cluster.source}` });
  }
  choices.push(
    { value: 'url', name: 'a Marathon URL' },
    { value: 'files', name: 'files or folders of Marathon app, pod or group JSON' },
    { value: 'demo', name: 'the demo: a bundled Marathon emulator with the DC/OS bookstore apps (nothing real is touched)' },
  );
  const answer = await context.prompts.askSelect({ name: 'source', message: 'What do you want to migrate?', choices });
  if (answer === 'cluster' && context.cluster) return loadLive(context, context.cluster, 'cluster', async () => undefined);
  if (answer === 'url') {
    const url = await context.prompts.askInput({
      name: 'marathon-url',
      message: 'Marathon URL (e.g. https://dcos.example.com/service/marathon):',
      validate: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? true : 'an http:// or https:// URL'),
    });
    return loadLive(context, context.accessFor(url.trim()), 'cluster', async () => undefined);
  }
  if (answer === 'files') {
    const text = await context.prompts.askInput({
      name: 'paths',
      message: 'Files or folders (separated by spaces or commas):',
      validate: (value) => (splitPaths(value).length > 0 ? true : 'name at least one file or folder'),
    });
    const paths = splitPaths(text);
    const files = await context.loadFiles(paths);
    return { kind: 'files', label: paths.join(', '), files, paths, close: async () => undefined };
  }
  const demo = await context.startDemo();
  const access: ClusterAccess = { marathonUrl: demo.url, tls: { verify: true }, requestTimeout: 30, source: 'the bundled emulator' };
  return loadLive(context, access, 'demo', () => demo.close());
}
