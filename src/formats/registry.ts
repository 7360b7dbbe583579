import { marathonJsonHandler } from './marathon-json/index.js';
import { marathonTemplateHandler } from './marathon-template/index.js';
import { packageConfigHandler } from './package-config/index.js';
import { serviceSpecHandler } from './service-spec/index.js';
import type { FormatHandler, FormatId } from './types.js';

/**
 * The explicit list of input formats, in detection order (most specific first). A format exists only once it is
 * listed here; the conformance test checks every folder under src/formats/ is.
 */
export const formatHandlers: readonly FormatHandler[] = [
  // Templates and package options first: marathon-json would otherwise claim any JSON-looking file.
  packageConfigHandler,
  marathonTemplateHandler,
  serviceSpecHandler,
  marathonJsonHandler,
];

/** The handler with this id; throws on an unknown id (a programming error, not user input). */
export function getFormatHandler(id: FormatId): FormatHandler {
  const handler = formatHandlers.find((candidate) => candidate.id === id);
  if (!handler) throw new Error(`unknown format ${id}`);
  return handler;
}

/** The first handler whose `detect` accepts the file, or undefined when no format claims it. */
export function detectFormat(path: string, text: string): FormatHandler | undefined {
  return formatHandlers.find((handler) => handler.detect(path, text));
}
