/** Small builders shared by the three template handlers, so their results read the same in every report. */
import type { MigrationOptions, Warning } from '../../core/types.js';
import type { FormatId, RewriteResult, RewrittenItem } from '../types.js';

/** Options of the template handlers: the migration options plus the render check switch. */
export interface TemplateRewriteOptions extends MigrationOptions {
  /** Render-and-compare verification; on unless explicitly `false`. */
  verify?: boolean;
}

/** True unless the caller switched verification off. */
export function verificationEnabled(options: MigrationOptions | undefined): boolean {
  return (options as TemplateRewriteOptions | undefined)?.verify !== false;
}

/** A result that leaves the file alone: `skipped` (not this format) or `error` (refused), with the reason. */
export function refusal(format: FormatId, text: string, status: 'skipped' | 'error', reason: string, warnings: Warning[] = [], items: RewrittenItem[] = []): RewriteResult {
  return { format, status, text, items, changes: items.flatMap((item) => item.changes), warnings, reason };
}

/** `in {{#a}} > {{^b}}` for messages, or `''` when the spot is unconditional. */
export function describeSections(sections: readonly string[]): string {
  if (sections.length === 0) return '';
  return ` (only rendered inside ${sections.map((name) => (name.startsWith('^') ? `{{^${name.slice(1)}}}` : `{{#${name}}}`)).join(' > ')})`;
}
