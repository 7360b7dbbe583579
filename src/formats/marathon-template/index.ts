import { isMarathonTemplateName, isNamelessPath } from '../template-support/package-files.js';
import type { FormatHandler } from '../types.js';
import { rewriteMarathonTemplate } from './rewrite.js';

/** True for a Mustache-templated Marathon app: by name, or JSON-looking text with tags that is not JSON by itself. */
function detectMarathonTemplate(path: string, text: string): boolean {
  if (isMarathonTemplateName(path)) return true;
  if ((!/\.(json|mustache)$/i.test(path) && !isNamelessPath(path)) || !text.includes('{{') || !text.trimStart().startsWith('{')) return false;
  if (!/"(id|cmd|container|env|cpus)"\s*:/.test(text)) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** Universe `marathon.json.mustache`: literal network names, legacy forms and network env defaults. */
export const marathonTemplateHandler: FormatHandler = {
  id: 'marathon-template',
  description: 'Universe marathon.json.mustache: literal network names, legacy ipAddress, network env defaults (render-verified)',
  detect: detectMarathonTemplate,
  rewrite: rewriteMarathonTemplate,
};
