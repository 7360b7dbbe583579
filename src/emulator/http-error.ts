/**
 * Marathon's error answers as values. Handlers throw `MarathonHttpError`; the server turns it into the exact status,
 * headers and body Marathon (or Admin Router in front of it) would send.
 */

/** One entry of a validation failure, grouped by path as Marathon does. */
export interface ViolationEntry {
  path: string;
  errors: string[];
}

/** An answer that is not a success. `body` is sent as JSON unless `contentType` says otherwise. */
export class MarathonHttpError extends Error {
  override name = 'MarathonHttpError';
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;

  constructor(
    status: number,
    body: unknown,
    init: { headers?: Record<string, string>; contentType?: string } = {},
  ) {
    super(typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = init.headers ?? {};
    this.contentType = init.contentType ?? 'application/json';
  }
}

/** 404 for an app, optionally at a version (`App '/x' does not exist in version <ts>`). */
export function appNotFound(id: string, version?: string): MarathonHttpError {
  const suffix = version === undefined ? '' : ` in version ${version}`;
  return new MarathonHttpError(404, { message: `App '${id}' does not exist${suffix}` });
}

/** 404 for a pod in every place but `GET /v2/pods/{id}`. */
export function podNotFound(id: string, version?: string): MarathonHttpError {
  const suffix = version === undefined ? '' : ` in version ${version}`;
  return new MarathonHttpError(404, { message: `Pod '${id}' does not exist${suffix}` });
}

/** 404 for a group. */
export function groupNotFound(id: string): MarathonHttpError {
  return new MarathonHttpError(404, { message: `Group '${id}' does not exist` });
}

/** 422 "Object is not valid" with details grouped by path, in first-seen path order. */
export function objectNotValid(violations: readonly { path: string; message: string }[]): MarathonHttpError {
  return new MarathonHttpError(422, { message: 'Object is not valid', details: groupViolations(violations) });
}

/** 422 "Invalid JSON" for a body of the wrong shape (Play JSON reader errors). */
export function invalidJsonShape(violations: readonly { path: string; message: string }[]): MarathonHttpError {
  return new MarathonHttpError(422, { message: 'Invalid JSON', details: groupViolations(violations) });
}

/** 422 with a bare message: what Marathon sends for IllegalArgumentException (bad selector, bad timestamp). */
export function illegalArgument(message: string): MarathonHttpError {
  return new MarathonHttpError(422, { message });
}

/** 500 with a bare message (NormalizationException and other unexpected failures). */
export function internalError(message: string): MarathonHttpError {
  return new MarathonHttpError(500, { message });
}

/** 409: the change touches a run spec that a running deployment holds. */
export function appLocked(deploymentIds: readonly string[]): MarathonHttpError {
  const first = deploymentIds[0] ?? '';
  return new MarathonHttpError(409, {
    message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${first}'.`,
    deployments: deploymentIds.map((id) => ({ id })),
  });
}

function groupViolations(violations: readonly { path: string; message: string }[]): ViolationEntry[] {
  const byPath = new Map<string, string[]>();
  for (const { path, message } of violations) {
    const errors = byPath.get(path) ?? [];
    if (!errors.includes(message)) errors.push(message);
    byPath.set(path, errors);
  }
  return [...byPath].map(([path, errors]) => ({ path, errors }));
}
