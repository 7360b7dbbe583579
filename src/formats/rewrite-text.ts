/** `rewriteText`: the library entry point that migrates one document's text in any registered format. */
import type { MigrationOptions } from '../core/types.js';
import { InputError } from '../errors.js';
import { detectFormat, getFormatHandler } from './registry.js';
import type { FormatId, RewriteResult, RewrittenItem } from './types.js';

export interface RewriteTextOptions extends MigrationOptions {
  /** File name, for detection and messages (e.g. `svc.yml`, `marathon.json.mustache`). Default: none. */
  path?: string;
  /** Force a format instead of detecting it. */
  format?: FormatId;
  /** Other files of the same package (path -> text), e.g. `config.json` next to a template. */
  siblings?: ReadonlyMap<string, string>;
}

export interface RewriteTextResult {
  /** The format that handled the text; undefined when none claimed it (status `skipped`). */
  format: FormatId | undefined;
  status: 'changed' | 'unchanged' | 'skipped';
  /** The migrated text; the input itself unless `status` is `changed`. */
  text: string;
  /** File-level pointers (or lines for text formats). */
  changes: RewriteResult['changes'];
  warnings: RewriteResult['warnings'];
  /** The items inside the document, with their before/after definitions. */
  items: RewrittenItem[];
  /** Why the text was skipped. */
  reason?: string;
}

/**
 * Migrates a document given as text: detects its format through the registry (or uses `format`), rewrites it
 * preserving its formatting, and returns the new text with every change and warning. Pure.
 * @throws InputError naming the place (line:column or JSON pointer) for unusable input, or an item the rules refuse.
 * @throws UsageError for invalid options (e.g. a malformed network name).
 */
export function rewriteText(text: string, options: RewriteTextOptions = {}): RewriteTextResult {
  const { path = '', format, siblings, ...migration } = options;
  const handler = format ? getFormatHandler(format) : detectFormat(path, text);
  if (!handler) {
    return { format: undefined, status: 'skipped', text, changes: [], warnings: [], items: [], reason: 'no format recognises this text' };
  }
  const result = handler.rewrite({ path: path || '<text>', text, options: migration, ...(siblings ? { siblings } : {}) });
  if (result.status === 'error') {
    const file = path || '<text>';
    const reason = result.reason ?? 'could not be migrated';
    // Reasons name their place as `file#pointer: message` (JSON) or `file:line[:column]: message` (templates);
    // keep that place structured on the error.
    const rest = reason.startsWith(file) ? reason.slice(file.length) : undefined;
    const byPointer = rest === undefined ? null : /^#(\S*): ([\s\S]*)$/.exec(rest);
    if (byPointer) throw new InputError({ file, pointer: byPointer[1]! }, byPointer[2]!);
    const byLine = rest === undefined ? null : /^:(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(rest);
    if (byLine) {
      const location = { file, line: Number(byLine[1]), ...(byLine[2] ? { column: Number(byLine[2]) } : {}) };
      throw new InputError(location, byLine[3]!);
    }
    throw new InputError({ file }, rest?.startsWith(': ') ? rest.slice(2) : reason);
  }
  const out: RewriteTextResult = {
    format: result.format,
    status: result.status,
    text: result.text,
    changes: result.changes,
    warnings: result.warnings,
    items: result.items,
  };
  if (result.reason !== undefined) out.reason = result.reason;
  return out;
}
