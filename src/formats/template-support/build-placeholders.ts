/**
 * dcos-commons build-time placeholders (`{{package-version}}`, `{{artifact-dir}}`, `{{sha256:file}}`, any
 * `TEMPLATE_FOO` as `{{foo}}`): the package builder replaces them by plain string substitution before Cosmos ever
 * sees the files. The rewriters never touch them; renders substitute stand-ins first, as a build would.
 */

const BUILD_PLACEHOLDER = /\{\{(sha256:[^{}]+|[a-z0-9]+(?:-[a-z0-9]+)+)\}\}/g;

/** True for a tag name that is a build-time placeholder rather than a Cosmos option. */
export function isBuildPlaceholder(name: string): boolean {
  return /^(sha256:[^{}]+|[a-z0-9]+(?:-[a-z0-9]+)+)$/.test(name);
}

/** The text with every build-time placeholder replaced by a plain stand-in (`build-package-version`). */
export function substituteBuildPlaceholders(text: string): string {
  return text.replace(BUILD_PLACEHOLDER, (_match, name: string) => `build-${name.replace(/[^a-z0-9-]/gi, '-')}`);
}

/** A package's resource.json as Cosmos sees it after a build (placeholders substituted), or undefined when absent or invalid. */
export function parseResource(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(substituteBuildPlaceholders(text)) as unknown;
  } catch {
    return undefined;
  }
}
