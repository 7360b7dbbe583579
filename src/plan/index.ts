/** The pure migration plan: sources in, MigrationPlan out. No fs, no HTTP. */
export { buildPlan } from './build.js';
export { assemblePlan, planItem, summarise } from './assemble.js';
export type { Normaliser, SourceOutcome } from './assemble.js';
export { computeDelta, flattenDelta } from './delta.js';
export { defaultsNormaliser } from './defaults.js';
export { redactSecrets } from './redact.js';
export { isInvalidInput } from './risks.js';
export { PLAN_SCHEMA_VERSION } from './types.js';
export type {
  DeltaEntry,
  FileSource,
  ItemSource,
  LiveSource,
  MigrationPlan,
  PlanFile,
  PlanInput,
  PlanItem,
  PlanSummary,
  RiskTag,
} from './types.js';
