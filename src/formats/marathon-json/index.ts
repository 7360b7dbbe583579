/**
 * The Marathon JSON format: apps, pods and groups as files and as Marathon's API returns them. See README.md.
 */
import type { FormatHandler } from '../types.js';
import { coreMigrator } from './migrator.js';
import { rewriteMarathonJson } from './rewrite.js';

/** Files other handlers own even though they hold JSON. */
const NOT_MINE = /(^|[/\\])(config\.json|package\.json|package-lock\.json|tsconfig[^/\\]*\.json)$|\.mustache$/i;

export const marathonJsonHandler: FormatHandler = {
  id: 'marathon-json',
  description: 'Marathon apps, pods and groups (.json): one, an array, {"apps"}, {"app"}, GET /v2/groups trees',
  detect(path, text) {
    if (NOT_MINE.test(path)) return false;
    if (path !== '' && path !== '-' && !/\.json$/i.test(path)) return false;
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const first = text.slice(start, start + 256).trimStart().charAt(0);
    return first === '{' || first === '[';
  },
  rewrite(input) {
    return rewriteMarathonJson(input, coreMigrator);
  },
};
