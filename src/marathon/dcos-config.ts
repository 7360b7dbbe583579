/**
 * Finds the Marathon to talk to, the way the DC/OS CLI does: `--marathon`, else `DCOS_URL` (+ `/service/marathon`),
 * else the attached cluster in `~/.dcos/clusters/<id>/dcos.toml` (`marathon.url`, else `core.dcos_url` +
 * `/service/marathon`). The token comes from `DCOS_ACS_TOKEN` or `core.dcos_acs_token`; TLS is verified unless the
 * user turns it off (`--insecure`, `core.ssl_verify = "false"`, `DCOS_TLS_INSECURE=1`, `DCOS_SSL_VERIFY=false`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

import { parse as parseToml, TomlError } from 'smol-toml';

import { InputError, UsageError } from '../errors.js';

/** How the client checks the cluster's certificate. */
export interface TlsSettings {
  /** `false` only when the user asked for it; the CLI then warns on every run. */
  verify: boolean;
  /** A CA bundle to verify with instead of the system CAs. */
  caPath?: string;
}

/** Everything needed to reach one Marathon. `token` is a secret: never print it. */
export interface ClusterAccess {
  /** Marathon's base URL without a trailing slash, e.g. `https://dcos.example.com/service/marathon`. */
  marathonUrl: string;
  token?: string;
  tls: TlsSettings;
  /** Seconds before one HTTP request gives up. */
  requestTimeout: number;
  /** Where the URL came from, for logs: `--marathon`, `DCOS_URL`, or `cluster <name> (<dcos.toml path>)`. */
  source: string;
}

/** What the command line said about the cluster (see `withMarathonOptions`). */
export interface ClusterFlags {
  marathon?: string | undefined;
  insecure?: boolean | undefined;
  caCert?: string | undefined;
  /** Seconds. */
  requestTimeout?: number | undefined;
}

/** One configured cluster under `$DCOS_DIR/clusters/`. */
export interface DcosCluster {
  /** The folder name (the cluster id). */
  id: string;
  /** `cluster.name`, else the id. */
  name: string;
  dir: string;
  tomlPath: string;
  attached: boolean;
  config: DcosToml;
}

/** The keys of dcos.toml this tool reads. */
export interface DcosToml {
  dcosUrl?: string;
  token?: string;
  /** `true`, `false`, or a CA bundle path; absent means verify with system CAs. */
  sslVerify?: string;
  marathonUrl?: string;
  name?: string;
}

/** The DC/OS CLI's configuration folder: `DCOS_DIR` (made absolute), else `~/.dcos`. */
export function dcosDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['DCOS_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return join(env['HOME'] || homedir(), '.dcos');
}

/** Reads and checks one dcos.toml; throws InputError naming the file and line for bad TOML or wrong types. */
export function readDcosToml(path: string): DcosToml {
  let document: Record<string, unknown>;
  try {
    document = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new InputError({ file: path, line: error.line, column: error.column }, `invalid TOML - ${firstLine(error.message)}`, {
        cause: error,
      });
    }
    throw new InputError({ file: path }, `cannot read the DC/OS CLI configuration - ${(error as Error).message}`, { cause: error });
  }
  const core = table(document, 'core', path);
  const marathon = table(document, 'marathon', path);
  const cluster = table(document, 'cluster', path);
  const sslVerify = core['ssl_verify'];
  const result: DcosToml = {};
  const dcosUrl = stringKey(core, 'dcos_url', path, 'core');
  if (dcosUrl) result.dcosUrl = trimSlash(dcosUrl);
  const token = stringKey(core, 'dcos_acs_token', path, 'core');
  if (token) result.token = token;
  if (typeof sslVerify === 'boolean') result.sslVerify = String(sslVerify);
  else if (typeof sslVerify === 'string') {
    if (sslVerify !== '') result.sslVerify = sslVerify;
  } else if (sslVerify !== undefined) {
    throw new InputError({ file: path, pointer: '/core/ssl_verify' }, 'ssl_verify must be "true", "false" or a CA bundle path');
  }
  const marathonUrl = stringKey(marathon, 'url', path, 'marathon');
  if (marathonUrl) result.marathonUrl = trimSlash(marathonUrl);
  const name = stringKey(cluster, 'name', path, 'cluster');
  if (name) result.name = name;
  return result;
}

/** Every cluster configured under `$DCOS_DIR/clusters/` (folders holding a dcos.toml), sorted by id. */
export function listClusters(env: NodeJS.ProcessEnv = process.env): DcosCluster[] {
  const root = join(dcosDir(env), 'clusters');
  if (!existsSync(root)) return [];
  const clusters: DcosCluster[] = [];
  for (const id of readdirSync(root).sort()) {
    const dir = join(root, id);
    const tomlPath = join(dir, 'dcos.toml');
    if (!statSync(dir).isDirectory() || !existsSync(tomlPath)) continue;
    const config = readDcosToml(tomlPath);
    clusters.push({ id, name: config.name ?? id, dir, tomlPath, attached: existsSync(join(dir, 'attached')), config });
  }
  return clusters;
}

/**
 * The current cluster as the DC/OS CLI picks it: `DCOS_CLUSTER` (name or id), else the only configured cluster,
 * else the attached one. Undefined when none is configured; UsageError when the choice is ambiguous or unknown.
 */
export function currentCluster(env: NodeJS.ProcessEnv = process.env): DcosCluster | undefined {
  const clusters = listClusters(env);
  const wanted = env['DCOS_CLUSTER'];
  if (wanted) {
    const matches = clusters.filter((cluster) => cluster.id === wanted || cluster.name === wanted);
    if (matches.length === 0) {
      throw new UsageError(`DCOS_CLUSTER=${wanted} names no cluster under ${join(dcosDir(env), 'clusters')}`);
    }
    if (matches.length > 1) throw new UsageError(`DCOS_CLUSTER=${wanted} matches several clusters; use the cluster id`);
    return matches[0];
  }
  if (clusters.length === 1) return clusters[0];
  const attached = clusters.filter((cluster) => cluster.attached);
  if (attached.length > 1) {
    throw new UsageError(`several clusters are attached (${attached.map((c) => c.name).join(', ')}); set DCOS_CLUSTER to pick one`);
  }
  return attached[0];
}

/**
 * Resolves where Marathon is and how to authenticate, or undefined when neither a flag, the environment nor the DC/OS
 * CLI configuration names a cluster. Throws UsageError for malformed URLs and InputError for broken dcos.toml files.
 */
export function resolveClusterAccess(flags: ClusterFlags = {}, env: NodeJS.ProcessEnv = process.env): ClusterAccess | undefined {
  let marathonUrl: string | undefined;
  let source: string;
  let cluster: DcosCluster | undefined;
  if (flags.marathon) {
    marathonUrl = flags.marathon;
    source = '--marathon';
  } else if (env['DCOS_MARATHON_URL']) {
    marathonUrl = env['DCOS_MARATHON_URL'];
    source = 'DCOS_MARATHON_URL';
  } else if (env['DCOS_URL']) {
    marathonUrl = `${trimSlash(env['DCOS_URL'])}/service/marathon`;
    source = 'DCOS_URL';
  } else {
    cluster = currentCluster(env);
    if (!cluster) return undefined;
    const { config } = cluster;
    if (config.marathonUrl) marathonUrl = config.marathonUrl;
    else if (config.dcosUrl) marathonUrl = `${config.dcosUrl}/service/marathon`;
    else throw new InputError({ file: cluster.tomlPath, pointer: '/core/dcos_url' }, 'the attached cluster has no core.dcos_url');
    source = `cluster ${cluster.name} (${cluster.tomlPath})`;
  }
  marathonUrl = checkUrl(trimSlash(marathonUrl), source);

  // The token travels with the cluster: the environment's token, else the one of the configured cluster.
  const tokenCluster = cluster ?? safeCurrentCluster(env);
  const token = env['DCOS_ACS_TOKEN'] || tokenCluster?.config.token || undefined;

  const tls = resolveTls(flags, env, tokenCluster);
  const requestTimeout = flags.requestTimeout ?? 30;
  if (!(requestTimeout > 0)) throw new UsageError(`--request-timeout must be a positive number of seconds, got ${requestTimeout}`);
  const access: ClusterAccess = { marathonUrl, tls, requestTimeout, source };
  if (token) access.token = token;
  return access;
}

/** Like resolveClusterAccess, but a missing cluster is a UsageError that says how to name one. */
export function requireClusterAccess(flags: ClusterFlags = {}, env: NodeJS.ProcessEnv = process.env): ClusterAccess {
  const access = resolveClusterAccess(flags, env);
  if (!access) {
    throw new UsageError(
      'no cluster to talk to: pass --marathon URL, set DCOS_URL (and DCOS_ACS_TOKEN), or attach a cluster with `dcos cluster attach`. ' +
        'Example: --marathon http://127.0.0.1:8080',
    );
  }
  return access;
}

function resolveTls(flags: ClusterFlags, env: NodeJS.ProcessEnv, cluster: DcosCluster | undefined): TlsSettings {
  if (flags.insecure) return { verify: false };
  if (flags.caCert) return { verify: true, caPath: resolve(flags.caCert) };
  if (env['DCOS_TLS_INSECURE'] === '1') return { verify: false };
  if (env['DCOS_TLS_CA_PATH']) return { verify: true, caPath: resolve(env['DCOS_TLS_CA_PATH']) };
  const setting = env['DCOS_SSL_VERIFY'] || cluster?.config.sslVerify;
  if (setting === undefined || setting === '' || /^true$/i.test(setting)) return { verify: true };
  if (/^false$/i.test(setting)) return { verify: false };
  // A CA path; relative paths are read from the cluster's folder, where `dcos cluster setup` saves dcos_ca.crt.
  const caPath = isAbsolute(setting) ? setting : resolve(cluster?.dir ?? process.cwd(), setting);
  return { verify: true, caPath };
}

function safeCurrentCluster(env: NodeJS.ProcessEnv): DcosCluster | undefined {
  // With --marathon or DCOS_URL given, an unreadable or ambiguous DC/OS configuration must not block the run.
  try {
    return currentCluster(env);
  } catch {
    return undefined;
  }
}

function checkUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${source}: not a URL: ${JSON.stringify(url)}. Example: https://dcos.example.com/service/marathon`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`${source}: only http and https URLs are supported, got ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    throw new UsageError(`${source}: do not put credentials in the URL; use DCOS_ACS_TOKEN or dcos.toml`);
  }
  return url;
}

function table(document: Record<string, unknown>, key: string, path: string): Record<string, unknown> {
  const value = document[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError({ file: path, pointer: `/${key}` }, `[${key}] must be a table`);
  }
  return value as Record<string, unknown>;
}

function stringKey(section: Record<string, unknown>, key: string, path: string, sectionName: string): string | undefined {
  const value = section[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError({ file: path, pointer: `/${sectionName}/${key}` }, `${sectionName}.${key} must be a string`);
  return value;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
