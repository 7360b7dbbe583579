/**
 * Rewrites a Universe `config.json`: the `default` of every option the package's template really uses as a network
 * name switches from the old network to the new one (byte-exact, only that string token). Options whose default
 * merely equals the old name (metric prefixes, passwords, cluster names) and network options the template never
 * reads stay as they are. The switch is proven by rendering the template, and the service specs behind it, with
 * the old and the new defaults.
 */
import { findNodeAtLocation } from 'jsonc-parser';

import { resolveMigrationOptions } from '../../core/options.js';
import type { Change, Warning } from '../../core/types.js';
import { parseResource } from '../template-support/build-placeholders.js';
import { defaultPointer, listOptions, looksLikeOptionsSchema, parseConfigSchema } from '../template-support/config-schema.js';
import { existingInstallsCaveat } from '../template-support/caveat.js';
import { networkOptionUses } from '../template-support/network-options.js';
import { collectPackageFiles } from '../template-support/package-files.js';
import { refusal, verificationEnabled } from '../template-support/results.js';
import { applyTextEdits, lineOfOffset } from '../template-support/text-edits.js';
import type { TextEdit } from '../template-support/text-edits.js';
import { verifyPackageConfig } from '../template-support/verify.js';
import type { RewriteInput, RewriteResult, RewrittenItem } from '../types.js';

/**
 * Rewrites one config.json. Pure. Throws InputError (file, line, column) for invalid JSON; `skipped` for JSON that
 * is not an options schema; `error` when the render check cannot prove the new defaults change only network names.
 */
export function rewritePackageConfig(input: RewriteInput): RewriteResult {
  const { from, to } = resolveMigrationOptions(input.options);
  const config = parseConfigSchema(input.path, input.text);
  if (!looksLikeOptionsSchema(config.value)) return refusal('package-config', input.text, 'skipped', 'not a package options schema (no typed properties)');

  const files = collectPackageFiles({ path: input.path, text: input.text }, input.siblings);
  const { uses } = networkOptionUses(files);
  const useByOption = new Map(uses.map((use) => [use.option, use]));
  const warnings: Warning[] = [];
  const changes: Change[] = [];
  const edits: TextEdit[] = [];
  const items: RewrittenItem[] = [];
  const switched: string[][] = [];

  for (const option of listOptions(config.value)) {
    const dotted = option.path.join('.');
    const pointer = defaultPointer(option.path);
    const node = findNodeAtLocation(config.tree, option.path.flatMap((key) => ['properties', key]).concat('default'));
    const line = node ? lineOfOffset(input.text, node.offset) : undefined;
    const located = line === undefined ? {} : { line };
    if (option.schema.default !== from || !node || node.type !== 'string') continue;
    const use = useByOption.get(dotted);
    if (use?.envOnlyUnread) {
      warnings.push({
        code: 'network-option-unused',
        severity: 'info',
        pointer,
        ...located,
        message: `option ${dotted} defaults to ${from} and is forwarded as ${use.envVariables.join(', ')}, but none of the framework's service specs uses that as a pod network; left alone.`,
      });
      continue;
    }
    if (!use) {
      if (/network/i.test(dotted)) {
        warnings.push({
          code: files.marathon ? 'network-option-unused' : 'network-option-unverifiable',
          severity: files.marathon ? 'info' : 'warning',
          pointer,
          ...located,
          message: files.marathon
            ? `option ${dotted} defaults to ${from}, but the template never uses it as a network name; left alone.`
            : `option ${dotted} defaults to ${from}, but without the package's marathon.json.mustache it cannot be shown to name a network; left alone.`,
        });
      }
      continue;
    }
    edits.push({ offset: node.offset, length: node.length, text: JSON.stringify(to) });
    switched.push(option.path);
    const change: Change = {
      kind: 'config-default-switched',
      pointer,
      message: `option ${dotted} default ${from} -> ${to}; it names the network in ${use.uses.join(', ')}`,
      before: from,
      after: to,
    };
    changes.push(change);
    items.push({ id: dotted, kind: 'package-option', pointer, before: from, after: to, changes: [change], warnings: [] });
  }

  for (const use of uses) {
    if (!listOptions(config.value).some((option) => option.path.join('.') === use.option)) {
      warnings.push({
        code: 'option-not-declared',
        severity: 'warning',
        pointer: '',
        message: `the template names a network with option ${use.option}, which config.json does not declare: it renders empty unless operators set it.`,
      });
    }
  }
  if (switched.length > 0) {
    const caveat = existingInstallsCaveat({ path: input.path, files, optionPaths: switched, to, configDefaults: config.value });
    warnings.push({ code: 'existing-installs', severity: 'warning', pointer: '', message: caveat.message });
  }

  const text = applyTextEdits(input.text, edits);
  if (text === input.text || !verificationEnabled(input.options) || !files.marathon) {
    return { format: 'package-config', status: text === input.text ? 'unchanged' : 'changed', text, items, changes, warnings };
  }
  const verification = verifyPackageConfig(config.value, JSON.parse(text) as unknown, files.marathon.text, parseResource(files.resource?.text), files.specs, from, to);
  const failures = [
    ...(verification.template.ok ? [] : [`${files.marathon.path}: ${verification.template.reason ?? ''}`]),
    ...verification.specs.filter((spec) => !spec.verification.ok).map((spec) => `${spec.path}: ${spec.verification.reason ?? ''}`),
  ];
  if (failures.length > 0) return refusal('package-config', input.text, 'error', failures.join('; '), warnings, items);
  return { format: 'package-config', status: 'changed', text, items, changes, warnings };
}
