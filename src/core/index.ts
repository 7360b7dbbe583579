/**
 * The migration core: pure functions over Marathon apps and pods. Other layers (formats, plan, calico, emulator)
 * import from here.
 */
export { applyAppDefaults, applyPodDefaults, APP_SCALAR_DEFAULTS, withAppDefaults, withPodDefaults } from './defaults.js';
export type { DefaultsOptions } from './defaults.js';
export { childPointer, escapePointerToken, marathonPath, parsePointer, pointer } from './json.js';
export type { JsonObject } from './json.js';
export {
  calicoLabelValue,
  calicoVisibleLabels,
  compressLongLabelValue,
  evaluateCarryPolicy,
  hasReservedPrefix,
  RESERVED_LABEL_PREFIXES,
  sanitizeMesosLabel,
  validateLabelKey,
  validateLabelValue,
} from './labels.js';
export type { CalicoVisibleLabels, CarryDecision, CarryReason, CarryResult, LabelNote, LabelNoteCode, LabelNoteEffect } from './labels.js';
export { containerEngine, DEFAULT_MESOS_BRIDGE_NAME, hasLegacyNetworkForm, normaliseLegacyApp } from './legacy.js';
export type { LegacyNormalisation, LegacyOptions } from './legacy.js';
export { migrateApp, migratePod, SCHEDULER_NETWORK_ENV_RE } from './migrate.js';
export type { MigrateAppResult, MigratePodResult } from './migrate.js';
export { DEFAULT_CARRY_POLICY, resolveMigrationOptions } from './options.js';
export { findOverlayAddresses, IPV6_OVERLAY_NAME, OVERLAY_SUBNET } from './risks.js';
export type * from './types.js';
export { validateApp, validateAppChange, validateAppSchema, validatePod, validatePodChange } from './validation/index.js';
export type { ValidationOptions } from './validation/index.js';
