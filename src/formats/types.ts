import type { Change, MigrationOptions, Warning } from '../core/types.js';

/** The input formats, one folder each under `src/formats/`. */
export type FormatId = 'marathon-json' | 'service-spec' | 'marathon-template' | 'package-config';

export type RewriteStatus = 'changed' | 'unchanged' | 'skipped' | 'error';

/** An item inside a file that the migration acts on: an app, a pod, a pod spec, a template. */
export interface RewrittenItem {
  /** Marathon id (`/bookstore/server`), or a name such as the pod type for svc.yml. */
  id: string;
  kind: 'app' | 'pod' | 'service-pod' | 'template' | 'package-option';
  /** JSON pointer of the item inside the file (`''` when the file is the item). */
  pointer: string;
  /** The item as parsed from the input (for templates: rendered with defaults). */
  before: unknown;
  /** The item after migration. */
  after: unknown;
  changes: Change[];
  warnings: Warning[];
  /** Validation problems of the input (Marathon's rules); a valid input never becomes invalid. */
  invalid?: Warning[];
  /** Whether `after` differs from `before`, when the handler knows it already (saves the plan a comparison). */
  changed?: boolean;
}

export interface RewriteInput {
  /** Path used for messages and detection; need not exist on disk. */
  path: string;
  text: string;
  options?: MigrationOptions;
  /** Other files of the same package or framework (path -> text), for formats whose meaning depends on them. */
  siblings?: ReadonlyMap<string, string>;
}

export interface RewriteResult {
  format: FormatId;
  status: RewriteStatus;
  /** The new text (equal to the input unless `status` is `changed`). */
  text: string;
  items: RewrittenItem[];
  /** Changes and warnings of the whole file (items' plus file-level ones). */
  changes: Change[];
  warnings: Warning[];
  /** Why a file was skipped or failed. */
  reason?: string;
}

/** One input format. `detect` is cheap; `rewrite` never throws for "not my file" (it returns `skipped`). */
export interface FormatHandler {
  id: FormatId;
  /** Short human description for `--help` and the README's format table. */
  description: string;
  detect(path: string, text: string): boolean;
  /** Pure: no fs, no HTTP. Throws InputError for unusable input, naming the place. */
  rewrite(input: RewriteInput): RewriteResult;
}
