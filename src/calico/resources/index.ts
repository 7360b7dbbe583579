/** Calico v3 resources: load calicoctl YAML/JSON and validate it as calicoctl would. */
export { CalicoResourceError, formatProblem, loadResources } from './load.js';
export type { ResourceInput, ResourceSource } from './load.js';
export { decodeResource, workloadEndpointName, API_VERSION, RESOURCE_KINDS } from './validate.js';
export type { ResourceKind } from './validate.js';
export * from './model.js';
export { cidrContains, parseCidr, parseIp } from './net.js';
export type { Cidr, IpAddress } from './net.js';
