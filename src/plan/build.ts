/** buildPlan: sources (files and live Marathon definitions) -> MigrationPlan. Pure: no fs, no HTTP. */
import type { MigrationOptions } from '../core/types.js';
import { InputError } from '../errors.js';
import { locateItems } from '../formats/marathon-json/locate.js';
import { migrateRunSpec } from '../formats/marathon-json/migrator.js';
import { detectFormat, getFormatHandler } from '../formats/registry.js';
import { assemblePlan } from './assemble.js';
import type { Normaliser, SourceOutcome } from './assemble.js';
import { defaultsNormaliser } from './defaults.js';
import type { FileSource, LiveSource, MigrationPlan, PlanInput } from './types.js';

function fileOutcome(source: FileSource, options: MigrationOptions): SourceOutcome {
  const handler = source.format ? getFormatHandler(source.format) : detectFormat(source.path, source.text);
  if (!handler) {
    return {
      file: { path: source.path, status: 'skipped', reason: 'not a format this tool rewrites' },
      origin: { type: 'file', path: source.path, format: 'marathon-json' },
      items: [],
    };
  }
  const origin = { type: 'file' as const, path: source.path, format: handler.id };
  try {
    const result = handler.rewrite({
      path: source.path,
      text: source.text,
      options,
      ...(source.siblings ? { siblings: source.siblings } : {}),
    });
    const itemPointers = new Set(result.items.map((item) => item.pointer));
    const fileWarnings = result.warnings.filter((warning) => !isItemWarning(itemPointers, warning.pointer));
    return {
      file: {
        path: source.path,
        format: handler.id,
        status: result.status,
        text: result.text,
        warnings: fileWarnings,
        ...(result.reason !== undefined ? { reason: result.reason } : {}),
      },
      origin,
      items: result.items,
    };
  } catch (error) {
    // One bad file must not stop the run: it ends as `error`, with the place named by the InputError.
    const reason = error instanceof InputError ? error.message : `${source.path}: ${error instanceof Error ? error.message : String(error)}`;
    return { file: { path: source.path, format: handler.id, status: 'error', reason }, origin, items: [] };
  }
}

/** A file-level warning belongs to an item when its pointer lies inside the item (checked prefix by prefix). */
function isItemWarning(itemPointers: ReadonlySet<string>, pointer: string): boolean {
  if (itemPointers.has('')) return true;
  for (let end = pointer.length; end > 0; end = pointer.lastIndexOf('/', end - 1)) {
    if (itemPointers.has(pointer.slice(0, end))) return true;
  }
  return false;
}

function liveOutcome(source: LiveSource, options: MigrationOptions): SourceOutcome {
  const origin = { type: 'marathon' as const, ...(source.endpoint ? { endpoint: source.endpoint } : {}) };
  const located =
    source.kind === 'group'
      ? (locateItems(source.definition)?.items ?? [])
      : [{ kind: source.kind, id: idOf(source.definition), pointer: '', value: source.definition as Record<string, unknown> }];
  const items = located.map((item) => migrateRunSpec(item.kind, item.id, item.pointer, item.value, options, source.endpoint ?? 'marathon'));
  return { origin, items };
}

function idOf(definition: unknown): string {
  const id = typeof definition === 'object' && definition !== null ? (definition as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : '(no id)';
}

/**
 * Builds the plan of a migration. Files are detected through the format registry (or `format` forces one) and
 * rewritten in memory; live definitions go through the same rules. Per-file failures become `error` entries with
 * the reason (file and line:column or pointer); the plan is still built for everything else.
 * @throws InputError only when a live definition itself is unusable (it has no file to blame).
 */
export function buildPlan(input: PlanInput, normalise?: Normaliser): MigrationPlan {
  const options = input.options ?? {};
  const outcomes: SourceOutcome[] = [];
  for (const file of input.files ?? []) outcomes.push(fileOutcome(file, options));
  for (const live of input.live ?? []) outcomes.push(liveOutcome(live, options));
  return assemblePlan(outcomes, options, normalise ?? defaultsNormaliser(options));
}
