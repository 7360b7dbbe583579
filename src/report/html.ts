/**
 * The HTML report: one self-contained file (inline CSS, no scripts, no external resources) rendered from
 * `templates/report/html/` with Mustache. It shows the summary counts, the warnings with their locations, the
 * before/after connectivity matrices with lost connections highlighted, the explained verdicts, and per item a
 * side-by-side diff plus jsondiffpatch's structural HTML diff. `diff --format html` and `simulate --format html`
 * print it; the wizard saves it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import Mustache from 'mustache';

import { packageVersion, templatePath } from '../paths.js';
import { htmlReportView } from './html-view.js';
import type { HtmlReportInput } from './html-view.js';

export { DETAILED_ITEMS_LIMIT, htmlReportView, sideBySide } from './html-view.js';
export type { ExplainedCheck, HtmlReportInput, SimulationSection } from './html-view.js';

let assets: { template: string; css: string; jsondiffpatchCss: string } | undefined;

function loadAssets(): { template: string; css: string; jsondiffpatchCss: string } {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  assets = {
    template: readFileSync(templatePath('report', 'html', 'report.mustache'), 'utf8'),
    css: readFileSync(templatePath('report', 'html', 'report.css'), 'utf8'),
    // jsondiffpatch ships the stylesheet of its HTML formatter; inlining it keeps the report readable offline.
    jsondiffpatchCss: readFileSync(require.resolve('jsondiffpatch/formatters/styles/html.css'), 'utf8'),
  };
  return assets;
}

/**
 * Renders the HTML report. Pure apart from reading the bundled templates; throws only when the package's
 * templates are missing (a broken install).
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { template, css, jsondiffpatchCss } = loadAssets();
  const view = { ...htmlReportView(input), version: packageVersion(), css, jsondiffpatchCss };
  return Mustache.render(template, view, {}, { escape: escapeHtml });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and double-quoted attributes. Unlike Mustache's default it leaves `/`
 * alone, so ids and paths stay readable (and searchable) in the page source.
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}
