import { looksLikeServiceSpec } from '../template-support/package-files.js';
import type { FormatHandler } from '../types.js';
import { rewriteServiceSpec } from './rewrite.js';

/** dcos-commons service specs (`svc.yml` and the SDK's other spec YAML): Mustache templates of YAML with `pods:`. */
export const serviceSpecHandler: FormatHandler = {
  id: 'service-spec',
  description: 'dcos-commons service spec (svc.yml): pod networks keys, rendered and verified through the package chain',
  detect: looksLikeServiceSpec,
  rewrite: rewriteServiceSpec,
};
