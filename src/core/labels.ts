/**
 * Labels as Calico sees them on DC/OS, and the carry policy that decides which app labels go into the migrated
 * network's `labels`.
 *
 * The path of a Marathon network label to a Calico WorkloadEndpoint on DC/OS (docs/dcos-calico.md §3,
 * docs/calico-semantics.md §2.1 and §6.3):
 * 1. Marathon passes `networks[].labels` as Mesos `NetworkInfo.labels` (UCR containers and pods only).
 * 2. DC/OS's CNI wrapper (`packages/calico/extra/calico-cni-wrapper.go`) replaces every value longer than 63 bytes
 *    by the first 7 hex digits of its SHA-256, `...`, and its last 53 bytes.
 * 3. The Calico CNI plugin runs `SanitizeMesosLabel` over every key and value: `/` -> `.`, each run of characters
 *    outside `[-_.a-zA-Z0-9]` -> `-`, each run of `.`/`-` holding a `.` -> `.`, leading/trailing `.`/`-` stripped.
 *    A raw key of exactly `projectcalico.org/namespace` sets the endpoint's namespace instead of a label.
 * 4. The endpoint's labels are validated with Kubernetes' label rules; one invalid label makes the endpoint, and
 *    with it the task launch, fail.
 * 5. Felix ignores label keys starting with `pcns.` or `pcsa.` (namespace / service-account labels).
 */
import { createHash } from 'node:crypto';

import picomatch from 'picomatch';

import type { CarryPolicy } from './types.js';

/** Label key prefixes never carried by the default policy: they steer DC/OS, Marathon and load balancers. */
export const RESERVED_LABEL_PREFIXES: readonly string[] = ['DCOS_', 'HAPROXY_', 'MARATHON_', 'traefik.'];

/** The raw Mesos label key the Calico CNI plugin turns into the endpoint's namespace. */
const NAMESPACE_LABEL_KEY = 'projectcalico.org/namespace';
/** Key prefixes Felix strips from workload endpoint labels. */
const FELIX_STRIPPED_PREFIXES: readonly string[] = ['pcns.', 'pcsa.'];
const MAX_LABEL_LENGTH = 63;
/** Bytes of the original value kept at the end of a hashed value (63 - 7 hex digits - `...`). */
const HASH_TAIL_BYTES = 53;

/** Why a label is not passed to Calico as written. */
export type LabelNoteCode =
  | 'label-sanitised'
  | 'label-value-hashed'
  | 'label-invalid'
  | 'label-collision'
  | 'label-namespace'
  | 'label-felix-ignored'
  | 'label-non-string';

/** What happens to the label: it reaches Calico changed, it is silently dropped, or it makes the launch fail. */
export type LabelNoteEffect = 'altered' | 'dropped' | 'rejected';

/** One label that does not reach Calico exactly as written. */
export interface LabelNote {
  code: LabelNoteCode;
  effect: LabelNoteEffect;
  /** The key as written in Marathon. */
  key: string;
  /** The key Calico sees (absent when the label is dropped before sanitisation). */
  calicoKey?: string;
  /** The value Calico sees, when it is a string. */
  calicoValue?: string;
  /** Human-readable explanation; never contains the raw value of a non-string label. */
  message: string;
}

/** What Calico will see for a set of Mesos network labels. */
export interface CalicoVisibleLabels {
  /** Workload endpoint labels, as Calico selectors must name them (own properties only, safe for any key). */
  labels: Record<string, string>;
  /** One note per label that was altered, dropped or would be rejected. */
  notes: LabelNote[];
  /** The namespace set through a `projectcalico.org/namespace` label, if any. */
  namespace?: string;
}

/** Strings SanitizeMesosLabel returns unchanged: word characters joined by single dots or runs of dashes. */
const ALREADY_SANITISED_RE = /^[A-Za-z0-9_]+(?:(?:-+|\.)[A-Za-z0-9_]+)*$/;
const LABEL_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const NAME_FORMAT_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/**
 * Kubernetes' qualified-name check for a label key (`IsQualifiedName`), with Kubernetes' messages.
 * Returns an empty list for a valid key.
 */
export function validateLabelKey(key: string): string[] {
  if (key.length <= MAX_LABEL_LENGTH && !key.includes('/') && LABEL_NAME_RE.test(key)) return [];
  const parts = key.split('/');
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errors.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) {
        errors.push(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        );
      }
    }
  } else {
    return [
      `a qualified name ${NAME_FORMAT_MESSAGE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > MAX_LABEL_LENGTH) errors.push(`name part must be no more than ${MAX_LABEL_LENGTH} characters`);
  if (name.length > 0 && !LABEL_NAME_RE.test(name)) errors.push(`name part ${NAME_FORMAT_MESSAGE}`);
  return errors;
}

/** Kubernetes' label value check (`IsValidLabelValue`), with Kubernetes' messages. Empty list when valid. */
export function validateLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (value.length > MAX_LABEL_LENGTH) errors.push(`must be no more than ${MAX_LABEL_LENGTH} characters`);
  if (!LABEL_VALUE_RE.test(value)) {
    errors.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start " +
        "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for " +
        "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errors;
}

/**
 * The Calico CNI plugin's `SanitizeMesosLabel`: turns any Mesos label key or value into Calico's label alphabet.
 * Never fails; may return an empty string.
 */
export function sanitizeMesosLabel(text: string): string {
  // Most labels are already in Calico's alphabet; skip the four regex passes for them.
  if (ALREADY_SANITISED_RE.test(text)) return text;
  return text
    .replaceAll('/', '.')
    .replace(/[^-_.a-zA-Z0-9]+/gu, '-')
    .replace(/[.-]*\.[.-]*/g, '.')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '');
}

/**
 * DC/OS's CNI wrapper: a value longer than 63 UTF-8 bytes becomes `<sha256 hex, 7 digits>...<last 53 bytes>`.
 * Shorter values are returned unchanged.
 */
export function compressLongLabelValue(value: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (value.length * 3 <= MAX_LABEL_LENGTH) return value;
  if (value.length <= MAX_LABEL_LENGTH && Buffer.byteLength(value, 'utf8') <= MAX_LABEL_LENGTH) return value;
  const bytes = Buffer.from(value, 'utf8');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 7);
  // A cut inside a multi-byte character decodes to U+FFFD, as Go's json.Marshal writes it; sanitisation then turns
  // it into '-' either way.
  const tail = bytes.subarray(bytes.length - HASH_TAIL_BYTES).toString('utf8');
  return `${hash}...${tail}`;
}

/** The value Calico sees for one Mesos network label value: hashed when long, then sanitised. */
export function calicoLabelValue(value: string): string {
  return sanitizeMesosLabel(compressLongLabelValue(value));
}

/** A short, single-line rendering of a label key or value for messages. */
export function quoteForMessage(text: string, max = 80): string {
  const shown = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return JSON.stringify(shown);
}

/**
 * What Calico will actually see for these Mesos network labels (`networks[].labels` of a UCR app or pod): DC/OS's
 * hashing of long values, the CNI plugin's sanitisation, the namespace label, Felix's ignored prefixes, and
 * Kubernetes' validation. Pure; accepts untrusted input (non-string values, `__proto__` keys) without throwing.
 * Labels that would make the endpoint invalid are left out of `labels` and noted with effect `rejected`.
 */
export function calicoVisibleLabels(labels: Record<string, string>): CalicoVisibleLabels {
  const visible = new Map<string, { value: string; from: string }>();
  const notes: LabelNote[] = [];
  let namespace: string | undefined;
  for (const [key, raw] of Object.entries(labels as Record<string, unknown>)) {
    if (typeof raw !== 'string') {
      notes.push({
        code: 'label-non-string',
        effect: 'dropped',
        key,
        message: `label ${quoteForMessage(key)} has a ${raw === null ? 'null' : typeof raw} value; Marathon accepts only string label values`,
      });
      continue;
    }
    const calicoKey = sanitizeMesosLabel(key);
    const hashed = compressLongLabelValue(raw);
    const calicoValue = sanitizeMesosLabel(hashed);
    if (key === NAMESPACE_LABEL_KEY) {
      namespace = calicoValue;
      notes.push({
        code: 'label-namespace',
        effect: 'dropped',
        key,
        calicoValue,
        message: `label ${quoteForMessage(key)} sets the workload's Calico namespace to ${quoteForMessage(calicoValue)} instead of becoming a label`,
      });
      continue;
    }
    const keyErrors = validateLabelKey(calicoKey);
    const valueErrors = validateLabelValue(calicoValue);
    if (keyErrors.length > 0 || valueErrors.length > 0) {
      const reasons = [...keyErrors.map((e) => `key ${e}`), ...valueErrors.map((e) => `value ${e}`)].join('; ');
      notes.push({
        code: 'label-invalid',
        effect: 'rejected',
        key,
        calicoKey,
        calicoValue,
        message:
          `label ${quoteForMessage(key)} is not a valid Calico label even after sanitisation ` +
          `(${quoteForMessage(calicoKey)}=${quoteForMessage(calicoValue)}): ${reasons}; Calico rejects the workload endpoint and the task fails to launch`,
      });
      continue;
    }
    if (FELIX_STRIPPED_PREFIXES.some((prefix) => calicoKey.startsWith(prefix))) {
      notes.push({
        code: 'label-felix-ignored',
        effect: 'dropped',
        key,
        calicoKey,
        calicoValue,
        message: `label ${quoteForMessage(calicoKey)} starts with a prefix Felix reserves for namespace and service-account labels; policies cannot select it`,
      });
      continue;
    }
    if (hashed !== raw) {
      notes.push({
        code: 'label-value-hashed',
        effect: 'altered',
        key,
        calicoKey,
        calicoValue,
        message:
          `the value of label ${quoteForMessage(key)} is longer than ${MAX_LABEL_LENGTH} bytes; DC/OS hashes it and ` +
          `Calico sees ${quoteForMessage(calicoKey)}=${quoteForMessage(calicoValue, 100)}`,
      });
    } else if (calicoKey !== key || calicoValue !== raw) {
      notes.push({
        code: 'label-sanitised',
        effect: 'altered',
        key,
        calicoKey,
        calicoValue,
        message: `label ${quoteForMessage(key)}=${quoteForMessage(raw)} reaches Calico as ${quoteForMessage(calicoKey)}=${quoteForMessage(calicoValue)}`,
      });
    }
    const previous = visible.get(calicoKey);
    if (previous && previous.value !== calicoValue) {
      notes.push({
        code: 'label-collision',
        effect: 'altered',
        key,
        calicoKey,
        calicoValue,
        message:
          `labels ${quoteForMessage(previous.from)} and ${quoteForMessage(key)} both become ${quoteForMessage(calicoKey)} ` +
          `in Calico with different values; which one wins depends on Mesos' label order`,
      });
    }
    visible.set(calicoKey, { value: calicoValue, from: key });
  }
  // Object.fromEntries defines own properties, so keys such as `__proto__` stay plain data.
  const result: CalicoVisibleLabels = {
    labels: Object.fromEntries([...visible].map(([k, v]) => [k, v.value])),
    notes,
  };
  if (namespace !== undefined) result.namespace = namespace;
  return result;
}

/** Why the carry policy did or did not carry one app label. */
export type CarryReason =
  | 'carried'
  | 'policy-none'
  | 'not-included'
  | 'excluded'
  | 'reserved-prefix'
  | 'invalid-for-calico'
  | 'non-string';

/** The carry policy's verdict on one app or pod label. */
export interface CarryDecision {
  /** The key as written in the app's `labels`. */
  key: string;
  /** The key in the network's `labels` after `rename` (equal to `key` when not renamed). */
  targetKey: string;
  carried: boolean;
  reason: CarryReason;
}

/** The labels to carry into the network, and a decision per input label. */
export interface CarryResult {
  carried: Record<string, string>;
  decisions: CarryDecision[];
}

const GLOB_OPTIONS = { dot: true, bash: true } as const;

/** Whether a key starts with one of the reserved prefixes (`DCOS_`, `HAPROXY_`, `MARATHON_`, `traefik.`). */
export function hasReservedPrefix(key: string): boolean {
  return RESERVED_LABEL_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Whether a label would reach Calico as a valid label on its own (after hashing and sanitisation). */
export function isCalicoCarryable(key: string, value: string): boolean {
  if (key === NAMESPACE_LABEL_KEY) return false;
  const calicoKey = sanitizeMesosLabel(key);
  if (FELIX_STRIPPED_PREFIXES.some((prefix) => calicoKey.startsWith(prefix))) return false;
  return validateLabelKey(calicoKey).length === 0 && validateLabelValue(calicoLabelValue(value)).length === 0;
}

/**
 * Applies a carry policy to app (or pod) labels. Globs are picomatch globs over the original key in which `*`
 * also matches `/` and `.`. Order: include (`none` carries nothing; `all` every label; `default` every label
 * without a reserved prefix; globs the matching ones), then `exclude` globs, then Calico validity of the renamed
 * key and the value (a label Calico would reject is never carried: it would stop the task from launching), then
 * `rename`. Never throws for odd keys; non-string values are skipped.
 */
export function evaluateCarryPolicy(labels: Record<string, unknown>, policy: CarryPolicy): CarryResult {
  const include = policy.include;
  const includeMatcher =
    typeof include === 'string' ? undefined : include.length > 0 ? picomatch([...include], GLOB_OPTIONS) : () => false;
  const excludeMatcher = policy.exclude.length > 0 ? picomatch([...policy.exclude], GLOB_OPTIONS) : () => false;
  const carried: [string, string][] = [];
  const decisions: CarryDecision[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const targetKey = Object.hasOwn(policy.rename, key) ? policy.rename[key]! : key;
    const decide = (reason: CarryReason): void => {
      decisions.push({ key, targetKey, carried: reason === 'carried', reason });
    };
    if (include === 'none') decide('policy-none');
    else if (typeof value !== 'string') decide('non-string');
    else if (include === 'default' && hasReservedPrefix(key)) decide('reserved-prefix');
    else if (includeMatcher && !includeMatcher(key)) decide('not-included');
    else if (excludeMatcher(key)) decide('excluded');
    else if (!isCalicoCarryable(targetKey, value)) decide('invalid-for-calico');
    else {
      decide('carried');
      carried.push([targetKey, value]);
    }
  }
  return { carried: Object.fromEntries(carried), decisions };
}
