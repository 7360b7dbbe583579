/**
 * Rewrites a dcos-commons service spec (svc.yml and the SDK's other spec YAML): a literal old-network key directly
 * under a pod's `networks:` becomes the new network, byte-exact; a templated key (`{{VIRTUAL_NETWORK_NAME}}`,
 * per-pod variants) is reported with the variable and package option that drive it. Labels stay with the network
 * and are checked the way the SDK and Calico read them. The rewrite is proven by rendering the spec through the
 * package chain (config.json -> marathon.json.mustache -> scheduler env -> svc.yml) before and after.
 */
import { calicoVisibleLabels } from '../../core/labels.js';
import { resolveMigrationOptions } from '../../core/options.js';
import type { Change, Warning } from '../../core/types.js';
import { parseResource } from '../template-support/build-placeholders.js';
import { parseConfigSchema, renderScenarios, schemaDefaults } from '../template-support/config-schema.js';
import type { RenderScenario } from '../template-support/config-schema.js';
import { scanMarathonTemplate } from '../template-support/marathon-template-scan.js';
import type { MarathonTemplateScan } from '../template-support/marathon-template-scan.js';
import { scanMustache, tagNames } from '../template-support/mustache-tags.js';
import { collectPackageFiles } from '../template-support/package-files.js';
import { describeSections, refusal, verificationEnabled } from '../template-support/results.js';
import { parseSdkLabels } from '../template-support/sdk-labels.js';
import { scanServiceSpec } from '../template-support/service-spec-scan.js';
import type { SpecNetwork } from '../template-support/service-spec-scan.js';
import { applyTextEdits, toPointer } from '../template-support/text-edits.js';
import type { TextEdit } from '../template-support/text-edits.js';
import { specEnvScenarios, syntheticScenarios, verifyServiceSpec } from '../template-support/verify.js';
import type { RewriteInput, RewriteResult, RewrittenItem } from '../types.js';

function lookupDefault(defaults: unknown, dotted: string): unknown {
  let node = defaults;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Checks one label string as the SDK parses it and as Calico will see it; returns warnings. */
function labelWarnings(source: string, network: SpecNetwork, pointer: string, line: number, origin: string): Warning[] {
  const parsed = parseSdkLabels(source);
  if (parsed.error) {
    return [{ code: 'network-labels-invalid', severity: 'error', pointer, line, message: `${origin} ${JSON.stringify(source)} of pod ${network.pod}: the SDK rejects it - ${parsed.error}.` }];
  }
  const visible = calicoVisibleLabels(Object.fromEntries(parsed.labels.map((label) => [label.key, label.value])));
  return visible.notes.map((note) => ({
    code: note.code,
    severity: note.effect === 'rejected' ? ('error' as const) : ('warning' as const),
    pointer,
    line,
    message: `${origin} of pod ${network.pod}: ${note.message}`,
  }));
}

/**
 * Rewrites one service spec. Pure. `skipped` when the YAML has no top-level `pods:`, `error` (with the line) for a
 * template Mustache would reject, indentation the scan cannot follow, or a rewrite the render check cannot prove.
 */
export function rewriteServiceSpec(input: RewriteInput): RewriteResult {
  const { from, to } = resolveMigrationOptions(input.options);
  const scanned = scanMustache(input.text);
  if (scanned.problem) {
    return refusal('service-spec', input.text, 'error', `${input.path}:${scanned.problem.line}: ${scanned.problem.message}`, [
      { code: 'template-unreadable', severity: 'error', pointer: '', line: scanned.problem.line, message: scanned.problem.message },
    ]);
  }
  const spec = scanServiceSpec(input.text, scanned.tags);
  if (spec.problem) {
    return refusal('service-spec', input.text, 'error', `${input.path}:${spec.problem.line}: ${spec.problem.message}`, [
      { code: 'template-unreadable', severity: 'error', pointer: '', line: spec.problem.line, message: spec.problem.message },
    ]);
  }
  if (spec.pods.length === 0) return refusal('service-spec', input.text, 'skipped', 'no top-level pods: this is not a service spec');

  const files = collectPackageFiles({ path: input.path, text: input.text }, input.siblings);
  let marathonScan: MarathonTemplateScan | undefined;
  if (files.marathon) {
    const tags = scanMustache(files.marathon.text);
    if (!tags.problem) marathonScan = scanMarathonTemplate(files.marathon.text, tags.tags);
  }
  let schema: unknown;
  const warnings: Warning[] = [];
  if (files.config) {
    try {
      schema = parseConfigSchema(files.config.path, files.config.text).value;
    } catch (error) {
      warnings.push({ code: 'config-unreadable', severity: 'warning', pointer: '', message: `${(error as Error).message}; rendering with placeholder values instead` });
    }
  }
  const defaults = schema === undefined ? undefined : schemaDefaults(schema);

  const changes: Change[] = [];
  const edits: TextEdit[] = [];
  for (const finding of spec.findings) {
    warnings.push({ code: finding.code, severity: 'warning', pointer: toPointer(['pods', finding.pod]), line: finding.line, message: finding.message });
  }
  for (const network of spec.networks) {
    const pointer = toPointer(['pods', network.pod, 'networks', network.key]);
    const sections = describeSections(network.sections);
    if (network.kind === 'literal' && network.key === from) {
      const siblingsInPod = spec.networks.filter((other) => other.pod === network.pod && other !== network);
      if (siblingsInPod.some((other) => other.kind === 'literal' && other.key === to)) {
        warnings.push({
          code: 'network-rename-collision',
          severity: 'error',
          pointer,
          line: network.line,
          message: `pod ${network.pod} already has a ${to} network; renaming ${from} would give it two keys ${to} (the SDK rejects duplicate keys), so line ${network.line} is left alone.`,
        });
        continue;
      }
      for (const other of siblingsInPod.filter((candidate) => candidate.kind === 'template')) {
        warnings.push({
          code: 'network-rename-may-collide',
          severity: 'warning',
          pointer,
          line: network.line,
          message: `pod ${network.pod} also joins the network named by {{${other.variable ?? other.key}}} (line ${other.line}); if that renders to ${to}, the pod has a duplicate network key.`,
        });
      }
      edits.push({ offset: network.keyOffset, length: network.keyLength, text: to });
      changes.push({ kind: 'template-network-renamed', pointer, message: `pod ${network.pod} network key on line ${network.line}${sections}: ${from} -> ${to}`, before: from, after: to });
      if (network.portMappingLines.length > 0) {
        warnings.push({
          code: 'port-mapping-unsupported',
          severity: 'error',
          pointer,
          line: network.portMappingLines[0]!,
          message: `pod ${network.pod} declares host-ports/container-ports under its ${from} network; the SDK maps ports only on mesos-bridge and rejects port mappings on ${to}. Remove them.`,
        });
      }
      const literal = network.labels?.literal;
      if (literal) {
        for (const label of parseSdkLabels(literal).labels) {
          changes.push({ kind: 'label-carried', pointer: `${toPointer(['pods', network.pod, 'networks', to, 'labels'])}`, message: `label ${label.key}:${label.value} stays on pod ${network.pod}'s network`, after: `${label.key}:${label.value}` });
        }
      }
    }
    if (network.kind === 'template') {
      const variable = network.variable ?? network.key;
      const option = marathonScan?.envOptions.get(variable);
      const literalEnv = marathonScan?.envLiterals.get(variable);
      const optionDefault = option && defaults ? lookupDefault(defaults, option) : undefined;
      let driver: string;
      if (option) driver = `scheduler env ${variable} from package option ${option}${optionDefault === undefined ? '' : ` (default ${JSON.stringify(optionDefault)})`}`;
      else if (literalEnv !== undefined) driver = `scheduler env ${variable}, set to ${JSON.stringify(literalEnv)} in marathon.json.mustache`;
      else driver = `scheduler env ${variable}`;
      warnings.push({
        code: 'network-from-variable',
        severity: 'info',
        pointer,
        line: network.line,
        message: `pod ${network.pod} joins the network named by {{${variable}}}${sections}: ${driver}. The key is left as is; the option default (config.json) and existing installs' options decide the network.`,
      });
      if (marathonScan && option === undefined && literalEnv === undefined) {
        warnings.push({
          code: 'network-variable-unset',
          severity: 'warning',
          pointer,
          line: network.line,
          message: `marathon.json.mustache never sets ${variable}, so pod ${network.pod}'s network key renders empty.`,
        });
      }
    }
    if (network.otherKeys.length > 0) {
      const first = network.otherKeys[0]!;
      warnings.push({
        code: 'legacy-network-fields',
        severity: 'error',
        pointer,
        line: first.line,
        message: `${network.otherKeys.map((key) => key.key).join(', ')} under pod ${network.pod}'s network ${network.key} are 2017 fields the current SDK rejects (a network takes only labels, host-ports, container-ports).`,
      });
    }
    const labels = network.labels;
    if (labels?.literal !== undefined && (network.key === from || network.key === to)) {
      warnings.push(...labelWarnings(labels.literal, network, `${pointer}/labels`, labels.line, 'network labels'));
    }
    if (labels?.variable !== undefined && marathonScan && !marathonScan.envOptions.has(labels.variable) && !marathonScan.envLiterals.has(labels.variable)) {
      warnings.push({
        code: 'labels-variable-unset',
        severity: 'warning',
        pointer: `${pointer}/labels`,
        line: labels.line,
        message: `pod ${network.pod}'s network labels come from {{${labels.variable}}}, which marathon.json.mustache never sets: the pod gets no network labels, so Calico policies cannot select it by them.`,
      });
    }
  }

  const text = applyTextEdits(input.text, edits);
  if (!verificationEnabled(input.options) && text !== input.text) {
    return { format: 'service-spec', status: 'changed', text, items: [], changes, warnings };
  }
  const networkVariables = new Set(spec.networks.flatMap((network) => (network.variable ? [network.variable] : [])));
  const chain = schema !== undefined && files.marathon !== undefined;
  const allScenarios: RenderScenario[] = chain
    ? renderScenarios(schema, tagNames(scanMustache(files.marathon!.text).tags))
    : syntheticScenarios(scanned.tags, networkVariables, from, 'v');
  // An unchanged spec needs no proof; one render still gives the plan its before/after view.
  const scenarios = text === input.text ? allScenarios.slice(0, 1) : allScenarios;
  const envs = chain ? specEnvScenarios(files.marathon!.text, scenarios, parseResource(files.resource?.text)) : specEnvScenarios(undefined, scenarios, undefined);
  const verification = verifyServiceSpec(input.text, text, envs, from, to);

  // Templated labels are checked as rendered: the value an install with default options hands the SDK.
  const seen = new Set<string>();
  for (const scenario of verification.scenarios) {
    const pods = (scenario.after as { pods?: Record<string, { networks?: Record<string, { labels?: unknown } | null> }> } | undefined)?.pods;
    for (const network of spec.networks.filter((candidate) => candidate.labels?.variable !== undefined)) {
      for (const [name, body] of Object.entries(pods?.[network.pod]?.networks ?? {})) {
        const rendered = body?.labels;
        if (typeof rendered !== 'string' || seen.has(`${network.pod}/${rendered}`)) continue;
        seen.add(`${network.pod}/${rendered}`);
        warnings.push(...labelWarnings(rendered, network, toPointer(['pods', network.pod, 'networks', name, 'labels']), network.labels!.line, `rendered network labels (scenario ${scenario.name})`));
      }
    }
  }

  const sample = verification.scenarios.find((scenario) => scenario.status === 'verified') ?? verification.scenarios.find((scenario) => scenario.before !== undefined);
  const podOf = (value: unknown, pod: string): unknown => (value as { pods?: Record<string, unknown> } | undefined)?.pods?.[pod];
  const podNames = new Set([...spec.networks.map((network) => network.pod), ...spec.findings.map((finding) => finding.pod)]);
  const items: RewrittenItem[] = spec.pods
    .filter((pod) => podNames.has(pod.name))
    .map((pod) => {
      const pointer = toPointer(['pods', pod.name]);
      return {
        id: pod.name,
        kind: 'service-pod' as const,
        pointer,
        before: podOf(sample?.before, pod.name),
        after: podOf(sample?.after, pod.name),
        changes: changes.filter((change) => change.pointer.startsWith(`${pointer}/`)),
        warnings: warnings.filter((warning) => warning.pointer === pointer || warning.pointer.startsWith(`${pointer}/`)),
      };
    });
  if (!verification.ok) return refusal('service-spec', input.text, 'error', verification.reason ?? 'render check failed', warnings, items);
  return { format: 'service-spec', status: text === input.text ? 'unchanged' : 'changed', text, items, changes, warnings };
}
