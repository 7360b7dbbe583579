/**
 * Picks the files of one package or framework out of a file's siblings: the `config.json`,
 * `marathon.json.mustache` and `resource.json` that render together, and the service specs they feed.
 */
import { posix } from 'node:path';

export interface NamedText {
  path: string;
  text: string;
}

export interface PackageFiles {
  config?: NamedText;
  marathon?: NamedText;
  resource?: NamedText;
  /** Service-spec YAML files (svc.yml and the SDK's other spec files) of the framework. */
  specs: NamedText[];
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/');
}

/** True for a file name that is a Universe marathon template. */
export function isMarathonTemplateName(path: string): boolean {
  return /\.json\.mustache$|(^|\/)marathon\.mustache$/.test(normalise(path));
}

/** True when a path carries no name to judge by (library calls on bare text). */
export function isNamelessPath(path: string): boolean {
  return path === '' || path === '-' || path === '<text>';
}

/** True for a YAML file (or nameless text) whose top level has `pods:` and `name:`/`scheduler:`: a service spec. */
export function looksLikeServiceSpec(path: string, text: string): boolean {
  return (/\.ya?ml$/i.test(path) || isNamelessPath(path)) && /^pods:[ \t]*\r?$/m.test(text) && /^(name|scheduler):/m.test(text);
}

/**
 * Groups the file and its siblings into one package. When several universe folders are present (a framework with
 * `universe/` and `universe-kibana/`), the folder of the file itself wins, then a folder named `universe`, then the
 * folder whose template sets the most variables the service specs read.
 */
export function collectPackageFiles(self: NamedText, siblings?: ReadonlyMap<string, string>): PackageFiles {
  const all = new Map<string, string>();
  for (const [path, text] of siblings ?? []) all.set(normalise(path), text);
  all.set(normalise(self.path), self.text);
  const entries = [...all].map(([path, text]) => ({ path, text }));
  const specs = entries.filter((entry) => looksLikeServiceSpec(entry.path, entry.text));
  const templates = entries.filter((entry) => isMarathonTemplateName(entry.path));
  const selfDir = posix.dirname(normalise(self.path));
  const score = (template: NamedText): number => {
    const dir = posix.dirname(template.path);
    if (dir === selfDir) return 1_000_000;
    let value = posix.basename(dir) === 'universe' ? 10_000 : 0;
    for (const spec of specs) {
      for (const match of template.text.matchAll(/"([A-Z][A-Z0-9_]*)"\s*:/g)) if (spec.text.includes(`{{${match[1]!}}}`)) value++;
    }
    return value;
  };
  const marathon = [...templates].sort((a, b) => score(b) - score(a) || a.path.localeCompare(b.path))[0];
  const dir = marathon ? posix.dirname(marathon.path) : selfDir;
  const inDir = (name: string): NamedText | undefined => entries.find((entry) => entry.path === posix.join(dir, name) || (dir === '.' && entry.path === name));
  const files: PackageFiles = { specs };
  const config = inDir('config.json');
  const resource = inDir('resource.json');
  if (config) files.config = config;
  if (marathon) files.marathon = marathon;
  if (resource) files.resource = resource;
  return files;
}
