/**
 * The library API of dcos-calico-migrate (see README, "Library API"). Other tools import these by name.
 */
export { formatLocation, InputError, MarathonApiError, SelectorSyntaxError, UsageError } from './errors.js';
export type { SourceLocation } from './errors.js';
export type { Change, ChangeKind, CarryPolicy, MigrationOptions, Warning } from './core/types.js';
export type { FormatHandler, FormatId, RewriteInput, RewriteResult, RewriteStatus, RewrittenItem } from './formats/types.js';
export { parseSelector } from './calico/selector/index.js';
export type { Selector } from './calico/selector/index.js';
export { migrateApp, migratePod } from './core/index.js';
export { rewriteText } from './formats/rewrite-text.js';
export type { RewriteTextOptions, RewriteTextResult } from './formats/rewrite-text.js';
export type { MigrateAppResult, MigratePodResult } from './core/index.js';
export { startEmulator } from './emulator/index.js';
export type { EmulatorHandle, EmulatorOptions, RequestStats } from './emulator/index.js';
export { createSimulator } from './calico/simulator.js';
export type { CreateSimulatorInput, SimulatorResources } from './calico/simulator.js';
export { suggestPolicies } from './calico/suggest/index.js';
export type { IsolationRequest, Suggestion, SuggestInput } from './calico/suggest/index.js';
export type {
  CheckResult,
  ConnectionQuery,
  Decision,
  DirectionVerdict,
  Endpoint,
  Matrix,
  MatrixCell,
  MigrationDiff,
  NamedPort,
  PolicyRef,
  Simulator,
  SimulatorOptions,
  TraceStep,
} from './calico/types.js';
