/**
 * Marathon path ids: absolute, `/`-separated, each segment lower-case letters, digits, `-` and `.` (with `.`/`..`
 * resolving as in a file system). Relative ids are canonicalised against a base (root for `/v2/apps`).
 */

const SEGMENT = /^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$|^(\.|\.\.)$/;

/** Marathon's own message for a segment that breaks the pattern. */
export const PATH_ID_MESSAGE =
  "must fully match regular expression '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$'";

/** Canonical absolute form of `id` relative to `base` (default root): no trailing slash, `.` and `..` resolved. */
export function canonicalPathId(id: string, base = '/'): string {
  const parts = id.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const segment of id.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

/** True when every segment of the (raw) id matches Marathon's pattern. */
export function isValidPathId(id: string): boolean {
  return id
    .split('/')
    .filter(Boolean)
    .every((segment) => SEGMENT.test(segment));
}

/** The parent group's id (`/` for top-level ids and for the root itself). */
export function parentId(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? '/' : id.slice(0, cut);
}

/** Every ancestor group of `id`, outermost first, including root. */
export function ancestors(id: string): string[] {
  const result = ['/'];
  const parts = id.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) result.push(`/${parts.slice(0, i).join('/')}`);
  return result;
}

/** True when `id` is `group` or lies inside it. */
export function isWithin(id: string, group: string): boolean {
  return group === '/' || id === group || id.startsWith(`${group}/`);
}
