import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The package's root folder, found by walking up from this module. Works from src/ (tests) and dist/src/ (bin),
 * so templates/ and fixtures/ are found wherever the package is installed.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const { name } = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (name === 'dcos-calico-migrate') return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the dcos-calico-migrate package root');
    dir = parent;
  }
}

/** Absolute path of a file shipped in templates/. */
export function templatePath(...parts: string[]): string {
  return join(packageRoot(), 'templates', ...parts);
}

/** Absolute path of a file shipped in fixtures/. */
export function fixturePath(...parts: string[]): string {
  return join(packageRoot(), 'fixtures', ...parts);
}

/** The package version from package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
