/**
 * Finds where a `marathon.json.mustache` names a network, without rendering it: every tag is masked by a
 * same-length stand-in, the result is read by jsonc-parser's error-tolerant tree (templates are JSON only after
 * rendering: unquoted values, leading commas, two `networks` keys in exclusive sections), and offsets map straight
 * back to the original text.
 */
import { parseTree } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';

import { maskMustache, sectionsAt, singleValueTag } from './mustache-tags.js';
import type { MustacheTag } from './mustache-tags.js';
import { lineOfOffset, toPointer } from './text-edits.js';

/** What a network-name site is. */
export type SiteRole = 'networks-name' | 'network-label-name' | 'ip-address-network-name' | 'env' | 'port-mapping-network-name';

export interface TemplateSite {
  role: SiteRole;
  pointer: string;
  line: number;
  /** The string value when written without tags. */
  literal?: string;
  /** The option (or iteration field) when the value is exactly one tag. */
  option?: string;
  /** Offset and length of the value token (with its quotes). */
  valueOffset: number;
  valueLength: number;
  /** Enclosing sections, outermost first (`^name` for inverted ones). */
  sections: string[];
  /** For `env` sites: the variable name. */
  envKey?: string;
  /** For `networks-name` sites: offset of the enclosing `networks` array (to spot two entries with one name). */
  arrayOffset?: number;
}

export interface TemplateFinding {
  code: string;
  severity: 'info' | 'warning' | 'error';
  pointer: string;
  line: number;
  message: string;
}

export interface MarathonTemplateScan {
  sites: TemplateSite[];
  /** Every env entry whose value is exactly one tag: env name -> option. */
  envOptions: Map<string, string>;
  /** Every env entry written as a literal string: env name -> value. */
  envLiterals: Map<string, string>;
  findings: TemplateFinding[];
  /** True for a dcos-commons scheduler (label `DCOS_COMMONS_API_VERSION` or env `ENABLE_VIRTUAL_NETWORK`). */
  sdkScheduler: boolean;
}

/** Env names whose value is a network name (`VIRTUAL_NETWORK_NAME`, `DSE_NODE_VIRTUAL_NETWORK_NAME`, ...). */
export function isNetworkNameEnv(key: string): boolean {
  return /NETWORK_NAME/i.test(key);
}

interface SectionRange {
  name: string;
  inverted: boolean;
  line: number;
  start: number;
  end: number;
}

function sectionRanges(tags: readonly MustacheTag[]): SectionRange[] {
  const ranges: SectionRange[] = [];
  const open: MustacheTag[] = [];
  for (const tag of tags) {
    if (tag.kind === 'section' || tag.kind === 'inverted') open.push(tag);
    else if (tag.kind === 'close') {
      const opener = open.pop();
      if (opener) ranges.push({ name: opener.name, inverted: opener.kind === 'inverted', line: opener.line, start: opener.start, end: tag.end });
    }
  }
  return ranges;
}

/**
 * The masked template's JSON tree. Where a syntax error sits inside a section (a section that renders broken JSON,
 * or leading-comma tricks), the innermost such section is blanked and the text parsed again, so one odd section
 * cannot hide the rest of the template.
 */
function blank(masked: string, range: SectionRange): string {
  return masked.slice(0, range.start) + masked.slice(range.start, range.end).replace(/[^\n]/g, ' ') + masked.slice(range.end);
}

/** The other branch of `{{#x}}...{{/x}}{{^x}}...{{/x}}` (adjacent, same name, opposite kind), if any. */
function partnerOf(range: SectionRange, ranges: readonly SectionRange[], masked: string): SectionRange | undefined {
  return ranges.find(
    (other) =>
      other.name === range.name &&
      other.inverted !== range.inverted &&
      ((other.end <= range.start && masked.slice(other.end, range.start).trim() === '') || (range.end <= other.start && masked.slice(range.end, other.start).trim() === '')),
  );
}

function tolerantTree(text: string, tags: readonly MustacheTag[], ranges: readonly SectionRange[], preBlanked: readonly SectionRange[] = []): { tree: Node | undefined; blanked: SectionRange[] } {
  let masked = preBlanked.reduce(blank, maskMustache(text, tags));
  const blanked: SectionRange[] = [...preBlanked];
  for (let attempt = 0; ; attempt++) {
    const errors: ParseError[] = [];
    const tree = parseTree(masked, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    if (attempt >= 16) return { tree, blanked: blanked.slice(preBlanked.length) };
    const culprit = errors
      .map((error) => ranges.filter((range) => range.start <= error.offset && error.offset < range.end && !blanked.includes(range)).sort((a, b) => a.end - a.start - (b.end - b.start))[0])
      .find((range) => range !== undefined && !isLeadingCommaSection(masked, range));
    if (!culprit) return { tree, blanked: blanked.slice(preBlanked.length) };
    blanked.push(culprit);
    masked = blank(masked, culprit);
  }
}

/** Sections that start with a comma (`{{#x}}, "labels": ...`) are a deliberate JSON trick, not broken content. */
function isLeadingCommaSection(masked: string, range: SectionRange): boolean {
  return /^\s*,/.test(masked.slice(range.start, range.end));
}

/**
 * Scans a template's masked JSON structure. Returns undefined when the masked text has no JSON object at its top
 * (not a Marathon app template).
 */
export function scanMarathonTemplate(text: string, tags: readonly MustacheTag[]): MarathonTemplateScan | undefined {
  const ranges = sectionRanges(tags);
  const first = tolerantTree(text, tags, ranges);
  const tree = first.tree;
  if (!tree || tree.type !== 'object') return undefined;
  // Exclusive branches that both write the same keys read as broken JSON side by side; read the template once
  // with each branch, so no branch goes unexamined.
  const masked = maskMustache(text, tags);
  const partners = first.blanked.flatMap((range) => {
    const partner = partnerOf(range, ranges, masked);
    return partner ? [partner] : [];
  });
  const second = partners.length > 0 ? tolerantTree(text, tags, ranges, partners) : undefined;
  const trees = [tree, ...(second?.tree?.type === 'object' ? [second.tree] : [])];
  const exclusive = new Set([...partners, ...first.blanked.filter((range) => partnerOf(range, ranges, masked) !== undefined)]);
  const unreadable = [...first.blanked, ...(second?.blanked ?? [])].filter(
    (range, index, all) => !exclusive.has(range) && all.findIndex((other) => other.start === range.start) === index,
  );
  const scan: MarathonTemplateScan = { sites: [], envOptions: new Map(), envLiterals: new Map(), findings: [], sdkScheduler: false };
  for (const section of unreadable) {
    scan.findings.push({
      code: 'template-section-unreadable',
      severity: 'warning',
      pointer: '',
      line: section.line,
      message: `the section {{${section.inverted ? '^' : '#'}${section.name}}} on line ${section.line} does not read as JSON with its tags masked (broken JSON when switched on, or JSON split across sections); network names inside it are not looked for, though the render check still covers the whole file.`,
    });
  }
  const raw = (node: Node): string => text.slice(node.offset, node.offset + node.length);
  const keyOf = (property: Node): string => {
    const keyNode = property.children?.[0];
    if (!keyNode) return '';
    const keyText = raw(keyNode);
    try {
      return keyText.includes('{{') ? keyText.slice(1, -1) : (JSON.parse(keyText) as string);
    } catch {
      return keyText;
    }
  };
  const site = (role: SiteRole, node: Node, path: Array<string | number>, envKey?: string, arrayOffset?: number): void => {
    const valueText = raw(node);
    const entry: TemplateSite = {
      role,
      pointer: toPointer(path),
      line: lineOfOffset(text, node.offset),
      valueOffset: node.offset,
      valueLength: node.length,
      sections: sectionsAt(tags, node.offset),
      ...(envKey === undefined ? {} : { envKey }),
      ...(arrayOffset === undefined ? {} : { arrayOffset }),
    };
    if (scan.sites.some((other) => other.valueOffset === node.offset)) return;
    const literal = node.type === 'string' && !valueText.includes('{{') ? jsonString(valueText) : undefined;
    if (literal !== undefined) entry.literal = literal;
    else {
      const option = singleValueTag(node.type === 'string' ? valueText.slice(1, -1) : valueText);
      if (option !== undefined) entry.option = option;
    }
    scan.sites.push(entry);
  };
  const properties = (node: Node | undefined): Array<{ key: string; value: Node; property: Node }> =>
    node?.type === 'object'
      ? (node.children ?? []).flatMap((property) => (property.children?.[1] ? [{ key: keyOf(property), value: property.children[1], property }] : []))
      : [];

  const seenFindings = new Set<string>();
  for (const root of trees) walk(root);
  function walk(root: Node): void {
    for (const { key, value } of properties(root)) {
      if (key === 'networks' && value.type === 'array') {
        (value.children ?? []).forEach((element, index) => {
          const fields = properties(element);
          const name = fields.find((field) => field.key === 'name');
          const mode = fields.find((field) => field.key === 'mode');
          const modeText = mode ? raw(mode.value) : '"container"';
          if (name) site('networks-name', name.value, ['networks', index, 'name'], undefined, value.offset);
          else if (modeText === '"container"') {
            scan.findings.push({
              code: 'default-network',
              severity: 'warning',
              pointer: toPointer(['networks', index]),
              line: lineOfOffset(text, element.offset),
              message: 'container network without a name joins Marathon\'s default network (dcos on DC/OS); name the network explicitly to move it.',
            });
          }
          const labels = fields.find((field) => field.key === 'labels');
          for (const label of properties(labels?.value)) {
            if (label.key === 'network_name') site('network-label-name', label.value, ['networks', index, 'labels', 'network_name']);
          }
        });
      }
      if (key === 'ipAddress' && value.type === 'object') {
        const networkName = properties(value).find((field) => field.key === 'networkName');
        if (networkName) site('ip-address-network-name', networkName.value, ['ipAddress', 'networkName']);
        scan.findings.push({
          code: 'legacy-ip-address',
          severity: 'info',
          pointer: '/ipAddress',
          line: lineOfOffset(text, value.offset),
          message: 'legacy ipAddress form (Marathon <= 1.4): Marathon converts it to networks: [{mode: container, name}]; only the network name is rewritten here.',
        });
      }
      if (key === 'env' && value.type === 'object') {
        for (const entry of properties(value)) {
          const valueText = raw(entry.value);
          const literal = entry.value.type === 'string' && !valueText.includes('{{') ? jsonString(valueText) : undefined;
          if (literal !== undefined) scan.envLiterals.set(entry.key, literal);
          const option = singleValueTag(entry.value.type === 'string' ? valueText.slice(1, -1) : valueText);
          if (option !== undefined) scan.envOptions.set(entry.key, option);
          if (entry.key === 'ENABLE_VIRTUAL_NETWORK') scan.sdkScheduler = true;
          if (isNetworkNameEnv(entry.key)) site('env', entry.value, ['env', entry.key], entry.key);
        }
      }
      if (key === 'labels' && value.type === 'object') {
        if (properties(value).some((label) => label.key === 'DCOS_COMMONS_API_VERSION')) scan.sdkScheduler = true;
      }
      if (key === 'container' && value.type === 'object') {
        for (const field of properties(value)) {
          if (field.key === 'docker') {
            const network = properties(field.value).find((entry) => entry.key === 'network');
            if (network && raw(network.value) === '"USER"') {
              scan.findings.push({
                code: 'legacy-docker-user',
                severity: 'info',
                pointer: '/container/docker/network',
                line: lineOfOffset(text, network.value.offset),
                message: 'legacy docker network USER: the app joins the network named by ipAddress.networkName, or Marathon\'s default network (dcos on DC/OS) when none is named.',
              });
            }
          }
          if (field.key === 'portMappings' && field.value.type === 'array') {
            (field.value.children ?? []).forEach((mapping, index) => {
              const names = properties(mapping).find((entry) => entry.key === 'networkNames');
              (names?.value.children ?? []).forEach((nameNode, nameIndex) => {
                site('port-mapping-network-name', nameNode, ['container', 'portMappings', index, 'networkNames', nameIndex]);
              });
            });
          }
        }
      }
    }
  }
  scan.findings = scan.findings.filter((finding) => {
    const key = `${finding.code} ${finding.line}`;
    if (seenFindings.has(key)) return false;
    seenFindings.add(key);
    return true;
  });
  const dockerUser = scan.findings.some((finding) => finding.code === 'legacy-docker-user');
  const ipName = scan.sites.some((entry) => entry.role === 'ip-address-network-name');
  if (dockerUser && !ipName) {
    scan.findings.push({
      code: 'default-network',
      severity: 'warning',
      pointer: '/container/docker/network',
      line: scan.findings.find((finding) => finding.code === 'legacy-docker-user')!.line,
      message: 'docker network USER without ipAddress.networkName joins Marathon\'s default network (dcos on DC/OS); name the network explicitly to move it.',
    });
  }
  return scan;
}

/** The value of a JSON string literal, or undefined when the text is not one (a template may hold a bad escape). */
function jsonString(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
