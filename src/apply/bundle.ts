/**
 * The support bundle, as DC/OS's diagnostic bundle is for a cluster: one `.tar.gz` that lets a colleague or a vendor
 * debug a failed maintenance window without access to the cluster. It holds the journal, the batch plan, reports
 * rebuilt from the journal, simulator results when given, and per item the original definition (from the journal)
 * and the current one (read from Marathon when reachable), plus a manifest and a README.
 *
 * No secrets: env values with secret-like names are redacted in every definition, credentials in URLs
 * (`https://user:pass@host`) are removed, and every known secret string (the DC/OS token) is replaced wherever it
 * occurs, as a last guard over every file of the bundle.
 */
import { mkdtemp, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { create as createTar } from 'tar';

import type { ItemKind } from './definitions.js';
import type { JournalState } from './journal.js';
import { redactDefinition } from './redact.js';

export const BUNDLE_FORMAT = 'dcos-calico-migrate/support-bundle';
export const BUNDLE_VERSION = 1;

/** What replaces a known secret (the token) found anywhere in the bundle. */
export const SCRUBBED = '<scrubbed>';

/** One file of the bundle: its path inside the archive and its text. */
export interface BundleEntry {
  name: string;
  text: string;
}

/** The current definition of an item, or why it could not be read. */
export type CurrentDefinition = { definition: Record<string, unknown> } | { error: string };

/** Everything the bundle is built from; gathered by the `bundle` command. */
export interface BundleInput {
  journal: JournalState;
  /** The journal's text, as written (it holds no secret values; it is scrubbed like every file). */
  journalText: string;
  /** Current definitions by item id; absent when the bundle is made offline. */
  current?: ReadonlyMap<string, CurrentDefinition>;
  /** Why current definitions were not collected at all (offline, unreachable). */
  currentNote?: string;
  /** Reports and simulator results already rendered: name inside `reports/` -> text. */
  reports: readonly BundleEntry[];
  /** Other files the user added (a plan file, an expectations file): name inside `files/` -> text. */
  extras: readonly BundleEntry[];
  /** Strings that must never appear in the bundle (the DC/OS token). */
  secrets: readonly string[];
  version: string;
  createdAt: string;
}

// Also the HTML-escaped form (`https:&#x2F;&#x2F;user:pass@host`) that reports contain.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:(?:\/\/|&#x2F;&#x2F;))[^\s/@"'<>&]+@/gi;

/**
 * Replaces every known secret and every URL credential in a text. Pure. Secrets shorter than 6 characters are
 * ignored: replacing them would mangle ordinary words and they are not credentials anyone issues.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text.replace(URL_CREDENTIALS, '$1');
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join(SCRUBBED);
  }
  return out;
}

function safeName(id: string): string {
  // Marathon ids are paths; inside the archive each item is one flat folder, never a path that could escape.
  const flat = id.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  return flat === '' || flat === '.' || flat === '..' ? `item_${flat.length}` : flat;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A definition without secret-like env values and without credentials in URLs. */
export function scrubDefinition(kind: ItemKind, definition: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(scrubText(JSON.stringify(redactDefinition(kind, definition)), [])) as Record<string, unknown>;
}

function redacted(kind: ItemKind, definition: Record<string, unknown>): Record<string, unknown> {
  return scrubDefinition(kind, definition);
}

/**
 * The files of the bundle, scrubbed. Pure: builds texts from the input and names them.
 * Layout: `manifest.json`, `README.txt`, `journal.jsonl`, `plan.json`, `items/<id>/{original,planned,current}.json`,
 * `reports/*`, `files/*`.
 */
export function bundleEntries(input: BundleInput): BundleEntry[] {
  const { journal } = input;
  const entries: BundleEntry[] = [];
  const itemRows: Record<string, unknown>[] = [];
  const used = new Set<string>();
  for (const [id, history] of journal.items) {
    let folder = safeName(id);
    while (used.has(folder)) folder = `${folder}_`;
    used.add(folder);
    const kind = history.item.kind;
    const original = history.original?.definition ?? history.item.before;
    entries.push({ name: `items/${folder}/original.json`, text: json(redacted(kind, original)) });
    entries.push({ name: `items/${folder}/planned.json`, text: json(redacted(kind, history.item.after)) });
    const current = input.current?.get(id);
    if (current && 'definition' in current) entries.push({ name: `items/${folder}/current.json`, text: json(redacted(kind, current.definition)) });
    itemRows.push({
      id,
      kind,
      folder: `items/${folder}`,
      outcome: history.outcome?.outcome ?? 'not-started',
      ...(history.outcome?.message ? { message: history.outcome.message } : {}),
      ...(history.restoreOutcome ? { restore: history.restoreOutcome.outcome } : {}),
      originalFrom: history.original ? 'journal original record (read just before the change)' : 'batch plan (the item was never changed)',
      ...(history.original?.version ? { originalVersion: history.original.version } : {}),
      deployments: history.deployments.map((d) => `${d.phase}:${d.deploymentId}`),
      timedOut: history.timedOut,
      current: current === undefined ? (input.currentNote ?? 'not collected') : 'definition' in current ? 'collected' : `not collected: ${current.error}`,
    });
  }
  entries.unshift({ name: 'journal.jsonl', text: input.journalText });
  entries.push({
    name: 'plan.json',
    text: json({
      format: 'dcos-calico-migrate/batch-plan',
      version: 1,
      options: journal.header.options['migration'] ?? {},
      items: journal.header.items.map((item) => ({ id: item.id, kind: item.kind, status: 'changed', source: { origin: 'marathon' }, before: item.before, after: item.after })),
    }),
  });
  for (const report of input.reports) entries.push({ name: `reports/${basename(report.name)}`, text: report.text });
  for (const extra of input.extras) entries.push({ name: `files/${basename(extra.name)}`, text: extra.text });
  const manifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    tool: { name: 'dcos-calico-migrate', version: input.version },
    createdAt: input.createdAt,
    journal: { path: journal.path, marathon: journal.header.marathon, startedAt: journal.header.at, tornTail: journal.tornTail },
    items: itemRows,
    ...(input.currentNote ? { currentNote: input.currentNote } : {}),
    secrets: 'env values with secret-like names are redacted; URL credentials and the DC/OS token are removed from every file',
    files: [...entries.map((e) => e.name), 'manifest.json', 'README.txt'].sort(),
  };
  entries.unshift({ name: 'manifest.json', text: json(manifest) });
  entries.unshift({ name: 'README.txt', text: readme(input, itemRows.length) });
  return entries.map((entry) => ({ name: entry.name, text: scrubText(entry.text, input.secrets) }));
}

function readme(input: BundleInput, items: number): string {
  return [
    'dcos-calico-migrate support bundle',
    '',
    `Made ${input.createdAt} by dcos-calico-migrate ${input.version} from the journal ${input.journal.path}`,
    `(Marathon ${input.journal.header.marathon}, ${items} item(s)).`,
    '',
    'manifest.json            every item with its outcome, deployments, and where each definition came from',
    'journal.jsonl            the batch journal as written (originals, deployments, outcomes)',
    'plan.json                the batch: each item before and after migration (`apply --plan` reads this form)',
    'items/<id>/original.json the definition before the batch changed it (the backup `rollback` restores)',
    'items/<id>/planned.json  the migrated definition the batch sent',
    'items/<id>/current.json  the definition in Marathon when the bundle was made (when reachable)',
    'reports/                 reports rebuilt from the journal (HTML opens offline in any browser) and simulator results',
    'files/                   files added with --include',
    '',
    'No secrets: env values with secret-like names are replaced by a marker, credentials in URLs are removed,',
    'and the DC/OS token is scrubbed from every file.',
    '',
  ].join('\n');
}

/**
 * Writes the entries as a gzip-compressed tar archive at `out`, atomically (a temporary archive renamed into
 * place). Entries are written to a private temporary folder first and removed afterwards. Rejects when `out`
 * cannot be written; an existing `out` is replaced only after the new archive is complete.
 */
export async function writeBundle(entries: readonly BundleEntry[], out: string): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), 'dcos-calico-migrate-bundle-'));
  const root = 'dcos-calico-migrate-bundle';
  try {
    for (const entry of entries) {
      const path = join(staging, root, entry.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, entry.text, { mode: 0o600 });
    }
    await mkdir(dirname(out), { recursive: true });
    const temporary = `${out}.${process.pid}.tmp`;
    // portable: no uid/gid/user names of this machine in the archive.
    await createTar({ gzip: true, file: temporary, cwd: staging, portable: true }, [root]);
    await rename(temporary, out);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
