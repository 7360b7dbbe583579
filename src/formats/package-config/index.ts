import { looksLikeOptionsSchema } from '../template-support/config-schema.js';
import { isNamelessPath } from '../template-support/package-files.js';
import type { FormatHandler } from '../types.js';
import { rewritePackageConfig } from './rewrite.js';

/** True for a Universe options schema: `config.json` by name, or any JSON object of typed `properties`. */
function detectPackageConfig(path: string, text: string): boolean {
  if ((!/\.json$/i.test(path) && !isNamelessPath(path)) || !text.includes('"properties"')) return false;
  try {
    return looksLikeOptionsSchema(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Universe `config.json`: defaults of options the template really uses as a network name. */
export const packageConfigHandler: FormatHandler = {
  id: 'package-config',
  description: 'Universe config.json: defaults of network-name options the template really uses (render-verified)',
  detect: detectPackageConfig,
  rewrite: rewritePackageConfig,
};
