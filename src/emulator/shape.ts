/**
 * The JSON-shape check Marathon's generated readers do before any validation: wrong types, bad enum literals and
 * missing required fields answer 422 `{"message":"Invalid JSON","details":[{"path","errors"}]}` with Play's error
 * codes and JsPath rendering (`/networks(0)/mode`). Only the fields the emulator reads are modelled; undeclared
 * keys pass, as in Marathon.
 */

import { isObject } from './json.js';

/** A tiny schema language for the modelled fields. */
export type Shape =
  | { kind: 'boolean' | 'any' }
  | { kind: 'string'; pattern?: RegExp; maxLength?: number }
  | { kind: 'number'; minimum?: number; maximum?: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'array'; items: Shape }
  | { kind: 'map'; values: Shape }
  | { kind: 'object'; fields: Readonly<Record<string, Shape>>; required?: readonly string[] }
  | { kind: 'oneOf'; shapes: readonly Shape[] };

const str: Shape = { kind: 'string' };
const num: Shape = { kind: 'number' };
const bool: Shape = { kind: 'boolean' };
const any: Shape = { kind: 'any' };
const labels: Shape = { kind: 'map', values: str };
const strings: Shape = { kind: 'array', items: str };

function obj(fields: Record<string, Shape>, required?: string[]): Shape {
  return required ? { kind: 'object', fields, required } : { kind: 'object', fields };
}

// RAML constraints Marathon's readers enforce (docs/marathon-api.md §4.1: NetworkName; appContainer.raml: ports).
const networkName: Shape = { kind: 'string', pattern: /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/, maxLength: 63 };
const port: Shape = { kind: 'number', minimum: 0, maximum: 65535 };
const network = obj({ mode: { kind: 'enum', values: ['container', 'container/bridge', 'host'] }, name: networkName, labels });
const portMapping = obj({
  containerPort: port,
  hostPort: port,
  servicePort: port,
  name: str,
  protocol: str,
  labels,
  networkNames: strings,
});
const portDefinition = obj({ port, name: str, protocol: str, labels });

/** The modelled fields of an App (also used for AppUpdate: there every field is optional anyway). */
export const APP_SHAPE: Shape = obj({
  id: str,
  cmd: str,
  args: strings,
  user: str,
  instances: num,
  cpus: num,
  mem: num,
  disk: num,
  gpus: num,
  executor: str,
  backoffSeconds: num,
  backoffFactor: num,
  maxLaunchDelaySeconds: num,
  requirePorts: bool,
  labels,
  env: { kind: 'map', values: { kind: 'oneOf', shapes: [str, obj({ secret: str }, ['secret'])] } },
  constraints: { kind: 'array', items: strings },
  dependencies: strings,
  acceptedResourceRoles: strings,
  networks: { kind: 'array', items: network },
  portDefinitions: { kind: 'array', items: portDefinition },
  ports: { kind: 'array', items: num },
  uris: strings,
  fetch: { kind: 'array', items: obj({ uri: str }, ['uri']) },
  healthChecks: { kind: 'array', items: obj({}) },
  readinessChecks: { kind: 'array', items: obj({}) },
  upgradeStrategy: obj({ minimumHealthCapacity: num, maximumOverCapacity: num }),
  killSelection: { kind: 'enum', values: ['YOUNGEST_FIRST', 'OLDEST_FIRST'] },
  version: str,
  role: str,
  tty: bool,
  taskKillGracePeriodSeconds: num,
  secrets: { kind: 'map', values: any },
  ipAddress: obj({ networkName: str, labels, groups: strings, discovery: obj({ ports: { kind: 'array', items: any } }) }),
  container: obj({
    type: { kind: 'enum', values: ['DOCKER', 'MESOS'] },
    docker: obj({
      image: str,
      network: { kind: 'enum', values: ['BRIDGE', 'HOST', 'USER', 'NONE'] },
      portMappings: { kind: 'array', items: portMapping },
      privileged: bool,
      forcePullImage: bool,
      parameters: { kind: 'array', items: obj({ key: str, value: str }) },
    }),
    portMappings: { kind: 'array', items: portMapping },
    volumes: { kind: 'array', items: obj({}) },
  }),
});

const endpoint = obj(
  { name: str, containerPort: num, hostPort: num, protocol: strings, labels, networkNames: strings },
  ['name'],
);

/** The modelled fields of a Pod. */
export const POD_SHAPE: Shape = obj(
  {
    id: str,
    labels,
    version: str,
    user: str,
    role: str,
    networks: { kind: 'array', items: network },
    scaling: obj({ kind: str, instances: num, maxInstances: num }),
    containers: {
      kind: 'array',
      items: obj({ name: str, resources: obj({ cpus: num, mem: num, disk: num, gpus: num }), endpoints: { kind: 'array', items: endpoint }, labels }, [
        'name',
      ]),
    },
  },
  ['id', 'containers'],
);

/** A shape violation: JsPath-style path plus Play error code. */
export interface ShapeViolation {
  path: string;
  message: string;
}

/** Checks `value` against `shape`; returns every violation (empty when the shape fits). */
export function checkShape(value: unknown, shape: Shape, path = ''): ShapeViolation[] {
  const here = path === '' ? '/' : path;
  switch (shape.kind) {
    case 'any':
      return [];
    case 'string':
      if (typeof value !== 'string') return [{ path: here, message: 'error.expected.jsstring' }];
      if (shape.maxLength !== undefined && value.length > shape.maxLength) return [{ path: here, message: 'error.maxLength' }];
      return shape.pattern && !shape.pattern.test(value) ? [{ path: here, message: 'error.pattern' }] : [];
    case 'number':
      if (typeof value !== 'number') return [{ path: here, message: 'error.expected.jsnumber' }];
      if (shape.minimum !== undefined && value < shape.minimum) return [{ path: here, message: 'error.min' }];
      return shape.maximum !== undefined && value > shape.maximum ? [{ path: here, message: 'error.max' }] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ path: here, message: 'error.expected.jsboolean' }];
    case 'enum':
      if (typeof value !== 'string') return [{ path: here, message: 'error.expected.jsstring' }];
      return shape.values.includes(value) ? [] : [{ path: here, message: 'error.unknown.enum.literal' }];
    case 'array':
      if (!Array.isArray(value)) return [{ path: here, message: 'error.expected.jsarray' }];
      return value.flatMap((item, index) => checkShape(item, shape.items, `${path}(${index})`));
    case 'map':
      if (!isObject(value)) return [{ path: here, message: 'error.expected.jsobject' }];
      return Object.entries(value).flatMap(([key, item]) => checkShape(item, shape.values, `${path}/${key}`));
    case 'oneOf':
      return shape.shapes.some((candidate) => checkShape(value, candidate, path).length === 0)
        ? []
        : [{ path: here, message: 'error.expected.jsstring' }];
    case 'object': {
      if (!isObject(value)) return [{ path: here, message: 'error.expected.jsobject' }];
      const violations: ShapeViolation[] = [];
      for (const key of shape.required ?? []) {
        if (value[key] === undefined || value[key] === null) violations.push({ path: `${path}/${key}`, message: 'error.path.missing' });
      }
      for (const [key, fieldShape] of Object.entries(shape.fields)) {
        const field = value[key];
        // Marathon's readers treat an explicit null like an absent optional field.
        if (field === undefined || field === null) continue;
        violations.push(...checkShape(field, fieldShape, `${path}/${key}`));
      }
      return violations;
    }
  }
}
