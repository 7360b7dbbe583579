/**
 * A structural scan of a dcos-commons service spec (svc.yml) as written: a Mustache template that is not YAML
 * until rendered. It follows YAML block indentation line by line, treating whole-line section tags, comments and
 * block-scalar bodies as transparent, and finds every pod's `networks:` entries with their exact key spans, so a
 * rename touches only those bytes.
 */
import { load } from 'js-yaml';

import { sectionsAt, singleValueTag } from './mustache-tags.js';
import type { MustacheTag } from './mustache-tags.js';

/** How a network key is written. */
export type NetworkKeyKind = 'literal' | 'template';

export interface SpecNetworkLabels {
  line: number;
  /** The raw text after `labels:` (trimmed), e.g. `{{VIRTUAL_NETWORK_PLUGIN_LABELS}}` or `"k:v,k2:v2"`. */
  raw: string;
  /** The literal string value (YAML-unquoted) when no tag is involved; `''` for `labels:` with no value. */
  literal?: string;
  /** The variable when the value is exactly one tag. */
  variable?: string;
}

export interface SpecNetwork {
  pod: string;
  /** The key as written, without quotes (`dcos`, `{{VIRTUAL_NETWORK_NAME}}`). */
  key: string;
  kind: NetworkKeyKind;
  /** For template keys: the variable that names the network. */
  variable?: string;
  line: number;
  /** Offset and length of the key's name (inside quotes when quoted). */
  keyOffset: number;
  keyLength: number;
  labels?: SpecNetworkLabels;
  /** Lines of `host-ports` / `container-ports` under this network. */
  portMappingLines: number[];
  /** Other keys under the network (`groups`, `ip-addresses`: removed from the SDK, rejected today). */
  otherKeys: Array<{ key: string; line: number }>;
  /** Enclosing Mustache sections, outermost first (e.g. `ENABLE_VIRTUAL_NETWORK`). */
  sections: string[];
}

export interface SpecFinding {
  code: string;
  line: number;
  pod: string;
  message: string;
}

export interface SpecPod {
  name: string;
  line: number;
  networksLine?: number;
}

export interface ServiceSpecScan {
  pods: SpecPod[];
  networks: SpecNetwork[];
  /** Legacy or misplaced constructs whose runtime meaning differs from their appearance. */
  findings: SpecFinding[];
  /** A construct the scan cannot follow (tab indentation, flow-style networks); the file is refused. */
  problem?: { line: number; message: string };
}

interface Line {
  number: number;
  offset: number;
  /** Text without the line break. */
  text: string;
}

interface Frame {
  indent: number;
  key: string;
  line: Line;
  value: string;
}

const NETWORKISH_KEY = /^(?:dcos|mesos-bridge|calico|\{\{\{?\s*[A-Z0-9_]*NETWORK[A-Z0-9_]*\s*\}?\}\})$/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  let number = 1;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    const raw = text.slice(offset, end);
    lines.push({ number, offset, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    if (newline < 0) break;
    offset = newline + 1;
    number++;
  }
  return lines;
}

/** A line holding only non-value tags (sections, ends, comments, partials) is removed by Mustache: transparent. */
function isTagOnlyLine(line: Line, tags: readonly MustacheTag[], tagIndex: Map<number, MustacheTag>): boolean {
  const trimmed = line.text.trim();
  if (!trimmed.startsWith('{{')) return false;
  let position = line.offset + line.text.indexOf('{{');
  const end = line.offset + line.text.length;
  while (position < end) {
    const tag = tagIndex.get(position);
    if (!tag || tag.kind === 'variable' || tag.kind === 'triple' || tag.kind === 'ampersand') return false;
    position = tag.end;
    while (position < end && /\s/.test(line.text[position - line.offset] ?? '')) position++;
  }
  void tags;
  return true;
}

interface KeyMatch {
  indent: number;
  /** Column of the key's first character (after `- ` when in a sequence). */
  keyColumn: number;
  key: string;
  /** Column and length of the key name without quotes. */
  nameColumn: number;
  nameLength: number;
  value: string;
}

/** Reads `key: value` from a content line; undefined for sequence scalars, flow content and continuations. */
function matchKey(text: string): KeyMatch | undefined {
  const indent = text.length - text.trimStart().length;
  let column = indent;
  if (text.startsWith('- ', column) || text === '-') column += 2;
  while (text[column] === ' ') column++;
  const rest = text.slice(column);
  let name: string;
  let nameColumn = column;
  let afterKey: number;
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const close = rest.indexOf(quote, 1);
    if (close < 0) return undefined;
    name = rest.slice(1, close);
    nameColumn = column + 1;
    afterKey = column + close + 1;
  } else if (rest.startsWith('{{')) {
    const triple = rest.startsWith('{{{');
    const close = rest.indexOf(triple ? '}}}' : '}}');
    if (close < 0) return undefined;
    afterKey = column + close + (triple ? 3 : 2);
    name = text.slice(column, afterKey);
  } else {
    const match = /^([^\s#'"{[\]},&*!|>%@`][^#]*?)\s*:(?=\s|$)/.exec(rest);
    if (!match) return undefined;
    name = match[1]!;
    afterKey = column + name.length;
  }
  const colon = /^\s*:(?=\s|$)/.exec(text.slice(afterKey));
  if (!colon) return undefined;
  const value = text.slice(afterKey + colon[0].length).trim();
  return { indent: column === indent ? indent : column, keyColumn: column, key: name, nameColumn, nameLength: name.length, value };
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  return value.replace(/\s+#.*$/, '');
}

/**
 * Scans a service spec. Never throws: constructs it cannot follow come back as `problem` (the caller refuses the
 * file), odd but valid ones as `findings`.
 */
export function scanServiceSpec(text: string, tags: readonly MustacheTag[]): ServiceSpecScan {
  const tagIndex = new Map(tags.map((tag) => [tag.start, tag]));
  const result: ServiceSpecScan = { pods: [], networks: [], findings: [] };
  const stack: Frame[] = [];
  let blockScalarIndent: number | undefined;
  let previousPodChild: { pod: string; key: string; frame: Frame; hasChildren: boolean } | undefined;

  for (const line of splitLines(text)) {
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || isTagOnlyLine(line, tags, tagIndex)) continue;
    const leading = /^[ \t]*/.exec(line.text)![0];
    const indent = leading.length;
    if (blockScalarIndent !== undefined) {
      if (indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (leading.includes('\t')) {
      result.problem = { line: line.number, message: 'tab characters in indentation (YAML forbids them)' };
      return result;
    }
    if (trimmed === '---' || trimmed === '...') continue;
    const match = matchKey(line.text);
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    if (!match) continue;
    const frame: Frame = { indent: match.keyColumn, key: match.key, line, value: stripComment(match.value) };
    const path = [...stack.map((entry) => entry.key), match.key];
    if (/^[|>][-+0-9]*$/.test(frame.value)) blockScalarIndent = indent;
    stack.push(frame);

    if (path[0] !== 'pods' || stack[0]!.indent !== 0) continue;
    const pod = path[1];
    if (pod === undefined) continue;
    if (path.length === 2) {
      result.pods.push({ name: pod, line: line.number });
      previousPodChild = undefined;
      continue;
    }
    const podEntry = result.pods[result.pods.length - 1];
    if (path.length === 3) {
      const key = path[2]!;
      if (previousPodChild && previousPodChild.key === 'networks' && !previousPodChild.hasChildren && isEmptyValue(previousPodChild.frame.value)) {
        if (NETWORKISH_KEY.test(key)) {
          result.findings.push({
            code: 'network-block-misindented',
            line: line.number,
            pod,
            message: `\`${key}:\` sits at the level of \`networks:\` (line ${previousPodChild.frame.line.number}), so \`networks\` is empty and \`${key}\` is an unknown pod key the SDK ignores: pod ${pod} runs on the host network. Indent it under \`networks:\` if it should join a network.`,
          });
        } else if (key === 'labels') {
          result.findings.push({
            code: 'network-labels-misplaced',
            line: line.number,
            pod,
            message: `\`labels:\` sits at pod level right after \`networks:\`; the SDK ignores it, so pod ${pod} gets no network labels.`,
          });
        }
      } else if (previousPodChild?.key === 'networks' && key === 'labels') {
        result.findings.push({
          code: 'network-labels-misplaced',
          line: line.number,
          pod,
          message: `\`labels:\` sits at pod level right after the \`networks:\` block; the SDK ignores pod-level labels, so these never reach the network.`,
        });
      }
      previousPodChild = { pod, key, frame, hasChildren: false };
      if (key === 'networks') {
        if (podEntry) podEntry.networksLine = line.number;
        if (!isEmptyValue(frame.value)) {
          result.problem = { line: line.number, message: 'flow-style `networks:` values are not supported; write one network key per line' };
          return result;
        }
      }
      continue;
    }
    if (previousPodChild && path.length > 3 && path[2] === previousPodChild.key) previousPodChild.hasChildren = true;

    if (path.length === 4 && path[2] === 'networks') {
      const key = match.key;
      const variable = key.startsWith('{{') ? singleValueTag(key) : undefined;
      result.networks.push({
        pod,
        key,
        kind: key.startsWith('{{') ? 'template' : 'literal',
        ...(variable === undefined ? {} : { variable }),
        line: line.number,
        keyOffset: line.offset + match.nameColumn,
        keyLength: match.nameLength,
        portMappingLines: [],
        otherKeys: [],
        sections: sectionsAt(tags, line.offset),
      });
      continue;
    }
    if (path.length === 5 && path[2] === 'networks') {
      const network = result.networks[result.networks.length - 1];
      if (!network || network.pod !== pod) continue;
      const key = match.key;
      if (key === 'labels') network.labels = describeLabels(frame.value, line.number);
      else if (key === 'host-ports' || key === 'container-ports') network.portMappingLines.push(line.number);
      else network.otherKeys.push({ key, line: line.number });
      continue;
    }
    if (path.length === 5 && path[2] === 'container' && path[3] === 'networks') {
      result.findings.push({
        code: 'legacy-container-networks',
        line: line.number,
        pod,
        message: `\`container: networks: ${match.key}\` is the pre-2018 form; the current SDK ignores the \`container:\` block, so pod ${pod} runs on the host network. Left unchanged; move the network under the pod's \`networks:\` to use it.`,
      });
    }
  }
  return result;
}

function isEmptyValue(value: string): boolean {
  return value === '' || value === '{}' || value === '~' || value === 'null';
}

function describeLabels(value: string, line: number): SpecNetworkLabels {
  const variable = singleValueTag(value);
  if (variable !== undefined) return { line, raw: value, variable };
  if (value === '') return { line, raw: value, literal: '' };
  if (value.includes('{{')) return { line, raw: value };
  try {
    const parsed = load(value);
    return { line, raw: value, literal: parsed == null ? '' : String(parsed) };
  } catch {
    return { line, raw: value };
  }
}
