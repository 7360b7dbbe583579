/**
 * Reads a DC/OS `config.yaml` (the installer's configuration) into the string values DC/OS itself validates:
 * DC/OS stringifies every value before validation (`gen/__init__.py stringify_configuration`): booleans become
 * `true`/`false`, numbers their decimal text, mappings and lists JSON.
 */
import yaml from 'js-yaml';

import { aliasBombMessage, expandedNodeCount, MAX_EXPANDED_NODES } from '../../core/yaml-bounds.js';
import { InputError } from '../../errors.js';

/** One top-level parameter as given in the file. */
export interface ConfigEntry {
  /** The value as DC/OS sees it after stringification. */
  text: string;
  /** The parsed YAML value (a mapping stays a mapping). */
  value: unknown;
  /** 1-based line of the key in the file. */
  line?: number;
}

/** A parsed `config.yaml`: the parameters the file sets. Defaults are applied by the checks, not here. */
export interface DcosConfigFile {
  file: string;
  entries: Map<string, ConfigEntry>;
}

/**
 * Parses `config.yaml` text. Throws InputError naming the file and line:column when the YAML does not parse or
 * is not a mapping. The error never quotes the file's content: config.yaml holds secrets (cloud keys, password
 * hashes).
 */
export function parseDcosConfig(text: string, file: string): DcosConfigFile {
  let document: unknown;
  try {
    document = yaml.load(text, { filename: file });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      throw new InputError(
        { file, line: error.mark.line + 1, column: error.mark.column + 1 },
        `could not parse the DC/OS configuration - invalid YAML: ${error.reason}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (document === undefined || document === null) return { file, entries: new Map() };
  if (expandedNodeCount(document) > MAX_EXPANDED_NODES) throw new InputError({ file, line: 1, column: 1 }, aliasBombMessage());
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError(
      { file, line: 1 },
      'a DC/OS configuration is a YAML mapping of parameters. Example: calico_network_cidr: 172.29.0.0/16',
    );
  }
  const lines = keyLines(text);
  const entries = new Map<string, ConfigEntry>();
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    const source = lines.get(key);
    const entry: ConfigEntry = { text: stringify(value, source?.scalar), value };
    if (source !== undefined) entry.line = source.line;
    entries.set(key, entry);
  }
  return { file, entries };
}

// PyYAML (YAML 1.1), which DC/OS's installer uses, reads these plain scalars as booleans; js-yaml (YAML 1.2)
// reads `yes`/`on`/… as strings.
const YAML11_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const YAML11_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/**
 * DC/OS's stringification of a configuration value. `plainScalar` is the value's unquoted source text, when it
 * has one: it lets `yes` read as `true` and `1500.0` stay `1500.0`, as they do for DC/OS.
 */
export function stringify(value: unknown, plainScalar?: string): string {
  if (plainScalar !== undefined) {
    if (YAML11_TRUE.test(plainScalar)) return 'true';
    if (YAML11_FALSE.test(plainScalar)) return 'false';
    if (typeof value === 'number') return /^[-+]?\d+$/.test(plainScalar) ? String(value) : plainScalar;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

// config.yaml keys are top-level, so each one starts a line at column 0; a plain scalar value follows on the
// same line (quoted values, flow collections and block values are left to the YAML parser).
function keyLines(text: string): Map<string, { line: number; scalar?: string }> {
  const lines = new Map<string, { line: number; scalar?: string }>();
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^(["']?)([A-Za-z0-9_.-]+)\1\s*:(?:\s(.*))?$/.exec(line);
    if (!match || lines.has(match[2]!)) return;
    const rest = (match[3] ?? '').replace(/(?:^|\s)#.*$/, '').trim();
    const plain = rest !== '' && !/^["'[{|>&*!]/.test(rest);
    lines.set(match[2]!, plain ? { line: index + 1, scalar: rest } : { line: index + 1 });
  });
  return lines;
}
