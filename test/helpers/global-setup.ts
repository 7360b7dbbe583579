import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests run the CLI as users do, from dist/. Build once before the suites (incremental, so cheap when
 * nothing changed). Type errors are reported by `npm run typecheck`, not here.
 */
export function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync('npx', ['tsc', '-p', '.ci/tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch {
    // tsc still emits on type errors; typecheck fails the run separately.
  }
  // The rest of `npm run build`: the precompiled schema validators the CLI loads.
  execFileSync(process.execPath, ['dist/src/build/precompile-validators.js'], { cwd: root, stdio: 'pipe' });
}
