/**
 * Schemas of the Marathon answers this tool reads (docs/marathon-api.md §3). They model only the fields we use and
 * let every other field pass through untouched, so a newer Marathon does not break the tool while a proxy's login
 * page or a truncated answer is caught at the edge.
 */
import { Ajv, type ValidateFunction } from 'ajv';

/** A Marathon app as the API returns it (canonical form); only `id` is required. */
export interface MarathonApp {
  id: string;
  instances?: number;
  networks?: { mode?: string; name?: string; labels?: Record<string, string> }[];
  container?: Record<string, unknown>;
  dependencies?: string[];
  healthChecks?: unknown[];
  tasksHealthy?: number;
  tasksUnhealthy?: number;
  tasksRunning?: number;
  deployments?: { id: string }[];
  version?: string;
  [key: string]: unknown;
}

/** A Marathon pod definition (`GET /v2/pods/{id}`). */
export interface MarathonPod {
  id: string;
  version?: string;
  networks?: { mode?: string; name?: string; labels?: Record<string, string> }[];
  containers?: Record<string, unknown>[];
  [key: string]: unknown;
}

/** A group of `GET /v2/groups` with apps, pods (status objects holding the pod under `spec`) and sub-groups. */
export interface MarathonGroup {
  id: string;
  apps?: MarathonApp[];
  pods?: { spec?: MarathonPod; [key: string]: unknown }[];
  groups?: MarathonGroup[];
  dependencies?: string[];
  version?: string;
  [key: string]: unknown;
}

/** One running deployment of `GET /v2/deployments`. */
export interface MarathonDeployment {
  id: string;
  version?: string;
  affectedApps?: string[];
  affectedPods?: string[];
  currentStep?: number;
  totalSteps?: number;
  [key: string]: unknown;
}

/** The answer to a change: `{deploymentId, version}`. */
export interface DeploymentResult {
  deploymentId: string;
  version: string;
}

/** `GET /v2/info`, the fields we read. */
export interface MarathonInfo {
  name?: string;
  version?: string;
  marathon_config?: { default_network_name?: string; [key: string]: unknown };
  [key: string]: unknown;
}

const stringArray = { type: 'array', items: { type: 'string' } };
const networks = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      mode: { type: 'string' },
      name: { type: 'string' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
};
const app = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    instances: { type: 'integer', minimum: 0 },
    networks,
    container: { type: 'object' },
    dependencies: stringArray,
    healthChecks: { type: 'array' },
    tasksHealthy: { type: 'integer' },
    tasksUnhealthy: { type: 'integer' },
    tasksRunning: { type: 'integer' },
    deployments: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
    version: { type: 'string' },
  },
};
const pod = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1 }, version: { type: 'string' }, networks, containers: { type: 'array', items: { type: 'object' } } },
};

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema({ $id: 'app', ...app });
ajv.addSchema({ $id: 'pod', ...pod });
ajv.addSchema({
  $id: 'group',
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    apps: { type: 'array', items: { $ref: 'app' } },
    pods: { type: 'array', items: { type: 'object', properties: { spec: { $ref: 'pod' } } } },
    groups: { type: 'array', items: { $ref: 'group' } },
    dependencies: stringArray,
  },
});

/** A compiled check of one kind of answer. */
export interface ResponseSchema<T> {
  /** Human name used in error messages, e.g. `an app`. */
  name: string;
  validate: ValidateFunction<T>;
}

function schema<T>(name: string, definition: object): ResponseSchema<T> {
  return { name, validate: ajv.compile<T>(definition) };
}

export const AppEnvelope = schema<{ app: MarathonApp }>('{"app": ...}', {
  type: 'object',
  required: ['app'],
  properties: { app: { $ref: 'app' } },
});
export const AppList = schema<{ apps: MarathonApp[] }>('{"apps": [...]}', {
  type: 'object',
  required: ['apps'],
  properties: { apps: { type: 'array', items: { $ref: 'app' } } },
});
export const MarathonPod = schema<MarathonPod>('a pod', { $ref: 'pod' });
export const MarathonGroup = schema<MarathonGroup>('a group tree', { $ref: 'group' });
export const DeploymentList = schema<MarathonDeployment[]>('a list of deployments', {
  type: 'array',
  items: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, affectedApps: stringArray, affectedPods: stringArray },
  },
});
export const DeploymentResult = schema<DeploymentResult>('{"deploymentId", "version"}', {
  type: 'object',
  required: ['deploymentId', 'version'],
  properties: { deploymentId: { type: 'string', minLength: 1 }, version: { type: 'string' } },
});
export const MarathonInfo = schema<MarathonInfo>('Marathon info', {
  type: 'object',
  properties: { marathon_config: { type: 'object', properties: { default_network_name: { type: 'string' } } } },
});
