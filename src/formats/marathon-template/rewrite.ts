/**
 * Rewrites a Universe `marathon.json.mustache`: literal network names (`networks[].name`, `ipAddress.networkName`,
 * port-mapping `networkNames`, a network-name env default) move from the old network to the new one, byte-exact;
 * names that come from options are reported (their defaults live in config.json). The rewrite is then proven by
 * rendering before and after with the package's options.
 */
import { resolveMigrationOptions } from '../../core/options.js';
import type { Change, Warning } from '../../core/types.js';
import { parseResource } from '../template-support/build-placeholders.js';
import { listOptions, parseConfigSchema, renderScenarios } from '../template-support/config-schema.js';
import type { RenderScenario } from '../template-support/config-schema.js';
import { scanMarathonTemplate } from '../template-support/marathon-template-scan.js';
import type { TemplateSite } from '../template-support/marathon-template-scan.js';
import { scanMustache, tagNames } from '../template-support/mustache-tags.js';
import { collectPackageFiles } from '../template-support/package-files.js';
import { describeSections, refusal, verificationEnabled } from '../template-support/results.js';
import { applyTextEdits } from '../template-support/text-edits.js';
import type { TextEdit } from '../template-support/text-edits.js';
import { syntheticScenarios, verifyMarathonTemplate } from '../template-support/verify.js';
import type { Verification } from '../template-support/verify.js';
import type { RewriteInput, RewriteResult } from '../types.js';

const SITE_WHAT: Record<TemplateSite['role'], string> = {
  'networks-name': 'networks[].name',
  'network-label-name': 'the network_name label',
  'ip-address-network-name': 'legacy ipAddress.networkName',
  env: 'env',
  'port-mapping-network-name': 'portMappings[].networkNames',
};

/**
 * Rewrites one marathon.json.mustache. Pure. Returns `skipped` for text that is not a JSON-shaped template,
 * `error` (with the line) for a template Mustache would reject or a rewrite the render check cannot prove, and
 * never changes a byte outside the renamed string tokens.
 */
export function rewriteMarathonTemplate(input: RewriteInput): RewriteResult {
  const { from, to } = resolveMigrationOptions(input.options);
  const scanned = scanMustache(input.text);
  if (scanned.problem) {
    const reason = `${input.path}:${scanned.problem.line}: ${scanned.problem.message}`;
    return refusal('marathon-template', input.text, 'error', reason, [
      { code: 'template-unreadable', severity: 'error', pointer: '', line: scanned.problem.line, message: scanned.problem.message },
    ]);
  }
  const scan = scanMarathonTemplate(input.text, scanned.tags);
  if (!scan) return refusal('marathon-template', input.text, 'skipped', 'not a JSON object template');

  const files = collectPackageFiles({ path: input.path, text: input.text }, input.siblings);
  const warnings: Warning[] = [];
  const changes: Change[] = [];
  const edits: TextEdit[] = [];
  let schema: unknown;
  if (files.config) {
    try {
      schema = parseConfigSchema(files.config.path, files.config.text).value;
    } catch (error) {
      warnings.push({ code: 'config-unreadable', severity: 'warning', pointer: '', message: `${(error as Error).message}; rendering with placeholder options instead` });
    }
  }
  const declared = schema === undefined ? undefined : new Set(listOptions(schema).map((option) => option.path.join('.')));

  for (const finding of scan.findings) warnings.push({ code: finding.code, severity: finding.severity, pointer: finding.pointer, line: finding.line, message: finding.message });
  const literalTo = new Set(scan.sites.filter((site) => site.role === 'networks-name' && site.literal === to).map((site) => site.arrayOffset));
  for (const site of scan.sites) {
    const where = `${SITE_WHAT[site.role]}${site.envKey ? ` ${site.envKey}` : ''} on line ${site.line}${describeSections(site.sections)}`;
    if (site.literal === from) {
      if (site.role === 'networks-name' && literalTo.has(site.arrayOffset)) {
        warnings.push({
          code: 'network-rename-collision',
          severity: 'error',
          pointer: site.pointer,
          line: site.line,
          message: `${where} names ${from}, and the same networks array already has ${to}; renaming would give two networks one name, so it is left alone.`,
        });
        continue;
      }
      edits.push({ offset: site.valueOffset, length: site.valueLength, text: JSON.stringify(to) });
      changes.push({
        kind: site.role === 'env' ? 'env-switched' : 'template-network-renamed',
        pointer: site.pointer,
        message: `${where}: ${from} -> ${to}`,
        before: from,
        after: to,
      });
    } else if (site.option !== undefined && !site.option.includes('.') && site.sections.length > 0) {
      warnings.push({
        code: 'network-from-iteration',
        severity: 'info',
        pointer: site.pointer,
        line: site.line,
        message: `${where} takes its name from each element of a list option; the names live only in the operators' own options.`,
      });
    } else if (site.option !== undefined) {
      const undeclared = declared !== undefined && !declared.has(site.option);
      warnings.push({
        code: undeclared ? 'option-not-declared' : 'network-from-option',
        severity: undeclared ? 'warning' : 'info',
        pointer: site.pointer,
        line: site.line,
        message: undeclared
          ? `${where} reads option ${site.option}, which config.json does not declare: it renders empty.`
          : `${where} is named by option ${site.option}; its default is switched in config.json, and existing installs need an options update.`,
      });
    }
  }

  const text = applyTextEdits(input.text, edits);
  if (!verificationEnabled(input.options) && text !== input.text) {
    return { format: 'marathon-template', status: 'changed', text, items: [], changes, warnings };
  }
  const scenarios: RenderScenario[] = schema !== undefined
    ? renderScenarios(schema, tagNames(scanned.tags))
    : syntheticScenarios(scanned.tags, new Set(scan.sites.flatMap((site) => (site.option ? [site.option] : []))), from, '1');
  // An unchanged template needs no proof; one render still gives the plan its before/after view.
  const used = text === input.text ? scenarios.slice(0, 1) : scenarios;
  const verification: Verification = verifyMarathonTemplate(input.text, text, used, parseResource(files.resource?.text), from, to);
  const sample = verification.scenarios.find((scenario) => scenario.status === 'verified') ?? verification.scenarios.find((scenario) => scenario.before !== undefined);
  const before = sample?.before;
  const id = typeof before === 'object' && before !== null && typeof (before as { id?: unknown }).id === 'string' ? (before as { id: string }).id : input.path;
  const item = { id, kind: 'template' as const, pointer: '', before, after: sample?.after, changes, warnings };
  if (!verification.ok) {
    return refusal('marathon-template', input.text, 'error', verification.reason ?? 'render check failed', warnings, [item]);
  }
  return { format: 'marathon-template', status: text === input.text ? 'unchanged' : 'changed', text, items: [item], changes, warnings };
}
