/**
 * `--only` / `--skip`: glob patterns over Marathon ids (`/bookstore/*`, `/prod/**`, `*frontend*`). An id is in the
 * batch when it matches some `--only` pattern (or none are given) and no `--skip` pattern.
 */
import picomatch from 'picomatch';

import { UsageError } from '../errors.js';

/** Builds the id filter; throws UsageError for an empty pattern. */
export function idFilter(only: readonly string[], skip: readonly string[]): (id: string) => boolean {
  const compile = (patterns: readonly string[], flag: string): ((id: string) => boolean) | undefined => {
    if (patterns.length === 0) return undefined;
    for (const pattern of patterns) {
      if (pattern.trim() === '') throw new UsageError(`${flag} needs a glob over app or pod ids, e.g. ${flag} '/bookstore/*'`);
    }
    // Ids are absolute; a pattern without the leading slash means the same id.
    const matchers = patterns.map((pattern) => picomatch(pattern.startsWith('/') || pattern.startsWith('*') ? pattern : `/${pattern}`, { dot: true }));
    return (id) => matchers.some((matcher) => matcher(id));
  };
  const onlyMatch = compile(only, '--only');
  const skipMatch = compile(skip, '--skip');
  return (id) => (onlyMatch ? onlyMatch(id) : true) && !(skipMatch?.(id) ?? false);
}
