/**
 * The batch journal: a JSON Lines file, one record per line, appended and flushed to disk (fsync) before the change
 * it describes is sent. The first line describes the batch (the plan's items); then, per item, the original
 * definition (the backup), the deployment ids and the outcome. `resume` and `rollback` rebuild the state from it.
 * A line torn by a crash can only be the last one; it is ignored on reading.
 */
import { closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import { InputError, UsageError } from '../errors.js';
import { type ItemKind, stripReadOnly } from './definitions.js';
import { redactDefinition } from './redact.js';

export const JOURNAL_FORMAT = 'dcos-calico-migrate/journal';
export const JOURNAL_VERSION = 1;

/** What happened to one item. */
export type Outcome =
  | 'migrated'
  | 'unchanged'
  | 'would-migrate'
  | 'drifted'
  | 'failed'
  | 'rolled-back'
  | 'rollback-failed'
  | 'not-started'
  | 'dependency-failed'
  | 'restored';

/** Outcomes after which an item needs nothing more. */
export const finishedOutcomes: readonly Outcome[] = ['migrated', 'unchanged', 'restored'];
/** Outcomes that count towards `--max-failures`. */
export const failureOutcomes: readonly Outcome[] = ['failed', 'rolled-back', 'rollback-failed'];

/** One item of the batch as the plan defined it (secret-like env values redacted). */
export interface JournalItem {
  id: string;
  kind: ItemKind;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  dependencies: string[];
}

export type Phase = 'apply' | 'restore';

export type JournalRecord =
  | {
      type: 'batch';
      format: typeof JOURNAL_FORMAT;
      version: number;
      at: string;
      marathon: string;
      options: Record<string, unknown>;
      items: JournalItem[];
    }
  | { type: 'session'; at: string; command: string; pid: number }
  | { type: 'original'; at: string; id: string; kind: ItemKind; version?: string; definition: Record<string, unknown> }
  | { type: 'deployment'; at: string; id: string; deploymentId: string; version?: string; phase: Phase | 'rollback' }
  | { type: 'timeout'; at: string; id: string; deploymentId: string }
  | { type: 'outcome'; at: string; id: string; phase: Phase; outcome: Outcome; message?: string }
  | { type: 'end'; at: string; command: string; counts: Partial<Record<Outcome, number>> };

/** Appends records. Every record is written at once (a killed process loses nothing); `appendDurable` also waits
 * until it is on disk. Concurrent durable appends share one fsync (group commit). */
export interface JournalWriter {
  readonly path: string;
  /** Writes one record; it reaches the disk with the next fsync (requested in the background). */
  append(record: JournalRecord): void;
  /** Writes one record and resolves once it is fsynced. Use before every change to Marathon. */
  appendDurable(record: JournalRecord): Promise<void>;
  /** Resolves once everything written so far is fsynced. */
  flush(): Promise<void>;
  /** Fsyncs and closes. Throws if a background fsync had failed. */
  close(): void;
}

/**
 * Opens a journal for appending. `create` refuses an existing file (a new batch never overwrites an old journal);
 * otherwise the file must exist. Throws UsageError.
 */
export function openJournal(path: string, mode: 'create' | 'append'): JournalWriter {
  if (mode === 'create' && existsSync(path)) {
    throw new UsageError(`journal ${path} already exists: continue it with \`resume --journal ${path}\` or choose another --journal`);
  }
  if (mode === 'append' && !existsSync(path)) throw new UsageError(`no journal at ${path}`);
  let fd: number | undefined = openSync(path, mode === 'create' ? 'wx' : 'a', 0o600);
  if (mode === 'create') syncDirectory(dirname(path));
  let written = 0;
  let synced = 0;
  let syncing: Promise<void> | undefined;
  let failure: Error | undefined;

  function write(record: JournalRecord): void {
    if (failure) throw failure;
    if (fd === undefined) throw new Error(`journal ${path} is closed`);
    writeSync(fd, `${JSON.stringify(record)}\n`);
    written++;
  }

  async function flush(): Promise<void> {
    const target = written;
    while (synced < target) {
      if (failure) throw failure;
      if (syncing) {
        await syncing;
        continue;
      }
      const upTo = written;
      const handle = fd;
      if (handle === undefined) return; // closed: close() fsynced everything
      syncing = new Promise<void>((resolve, reject) => fsync(handle, (error) => (error ? reject(error) : resolve())))
        .then(() => {
          synced = Math.max(synced, upTo);
        })
        .catch((error: unknown) => {
          failure = new Error(`cannot flush the journal ${path} to disk: ${(error as Error).message}`);
          throw failure;
        })
        .finally(() => {
          syncing = undefined;
        });
      await syncing;
    }
  }

  return {
    path,
    append(record) {
      write(record);
      flush().catch(() => undefined); // a failure is kept and thrown by the next durable append or close
    },
    async appendDurable(record) {
      write(record);
      await flush();
    },
    flush,
    close() {
      if (fd === undefined) return;
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      if (failure) throw failure;
    },
  };
}

/** What the journal says about one item. */
export interface ItemHistory {
  item: JournalItem;
  /** The first original recorded: the definition before this batch touched the item. */
  original?: { definition: Record<string, unknown>; version?: string };
  /** Deployment ids in the order they were recorded. */
  deployments: { deploymentId: string; phase: Phase | 'rollback' }[];
  timedOut: boolean;
  /** The last outcome of the apply phase and of the restore phase. */
  outcome?: { outcome: Outcome; message?: string };
  restoreOutcome?: { outcome: Outcome; message?: string };
}

export interface JournalState {
  path: string;
  header: Extract<JournalRecord, { type: 'batch' }>;
  items: Map<string, ItemHistory>;
  /** True when the last line was torn (the writer was killed mid-write) and was ignored. */
  tornTail: boolean;
}

/** Reads a journal. Throws InputError naming the file and line for anything but a torn last line. */
export function readJournal(path: string): JournalState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: path }, `cannot read the journal - ${(error as Error).message}`, { cause: error });
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: JournalRecord[] = [];
  let tornTail = false;
  lines.forEach((line, index) => {
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch (error) {
      // Only the last line can be half-written by a crash; anywhere else the file was damaged.
      if (index === lines.length - 1 && !text.endsWith('\n')) tornTail = true;
      else throw new InputError({ file: path, line: index + 1 }, 'not a JSON journal record', { cause: error });
    }
  });
  const header = records[0];
  if (!header || header.type !== 'batch' || header.format !== JOURNAL_FORMAT) {
    throw new InputError({ file: path, line: 1 }, `not a dcos-calico-migrate journal (the first line must be the batch record)`);
  }
  if (header.version !== JOURNAL_VERSION) {
    throw new InputError({ file: path, line: 1 }, `journal version ${header.version} is not supported (expected ${JOURNAL_VERSION})`);
  }
  const items = new Map<string, ItemHistory>();
  for (const item of header.items) items.set(item.id, { item, deployments: [], timedOut: false });
  records.forEach((record, index) => {
    if (record.type === 'batch' || record.type === 'session' || record.type === 'end') return;
    const history = items.get(record.id);
    if (!history) throw new InputError({ file: path, line: index + 1 }, `record for ${record.id}, which is not in the batch`);
    switch (record.type) {
      case 'original':
        history.original ??= record.version === undefined ? { definition: record.definition } : { definition: record.definition, version: record.version };
        break;
      case 'deployment':
        history.deployments.push({ deploymentId: record.deploymentId, phase: record.phase });
        break;
      case 'timeout':
        history.timedOut = true;
        break;
      case 'outcome': {
        const outcome = record.message === undefined ? { outcome: record.outcome } : { outcome: record.outcome, message: record.message };
        if (record.phase === 'restore') history.restoreOutcome = outcome;
        else history.outcome = outcome;
        break;
      }
    }
  });
  return { path, header, items, tornTail };
}

/** The journal's first record: the batch and every item, read-only fields stripped, secret-like env values redacted. */
export function batchRecord(
  items: readonly { id: string; kind: ItemKind; before: Record<string, unknown>; after: Record<string, unknown>; dependencies: readonly string[] }[],
  marathon: string,
  options: Record<string, unknown>,
): Extract<JournalRecord, { type: 'batch' }> {
  return {
    type: 'batch',
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    at: timestamp(),
    marathon,
    options,
    items: items.map((item) => ({
      id: item.id,
      kind: item.kind,
      before: redactDefinition(item.kind, stripReadOnly(item.kind, item.before)),
      after: redactDefinition(item.kind, stripReadOnly(item.kind, item.after)),
      dependencies: [...item.dependencies],
    })),
  };
}

/** The current time as journals write it. */
export function timestamp(): string {
  return new Date().toISOString();
}

function syncDirectory(dir: string): void {
  // Makes the new file's directory entry durable too; not every platform allows opening a directory.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
