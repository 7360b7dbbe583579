/**
 * Token checks the way DC/OS Admin Router answers them: `Authorization: token=<jwt>` or `Bearer <jwt>`, else the
 * `dcos-acs-auth-cookie` cookie (only when no Authorization header is sent). A missing or unknown token gets 401
 * with an HTML page and `WWW-Authenticate: oauthjwt`; a read-only token that tries to change something gets 403
 * with Marathon's JSON body. Tokens are compared, never logged or echoed.
 */

import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { MarathonHttpError } from './http-error.js';

/** The tokens the emulator accepts. */
export interface AuthSettings {
  /** Full access. */
  token: string;
  /** Read-only access: GET and HEAD pass, changes get 403. */
  readOnlyToken?: string;
}

const UNAUTHORIZED_PAGE = `<html>
<head><title>401 Authorization Required</title></head>
<body>
<center><h1>401 Authorization Required</h1></center>
<p>You are not logged in. Log in to DC/OS to continue.</p>
<hr><center>Admin Router</center>
</body>
</html>
`;

/** Throws the Admin Router answer when the request's credentials do not allow `method`. */
export function checkAuth(settings: AuthSettings, method: string, headers: IncomingHttpHeaders): void {
  const presented = presentedToken(headers);
  if (presented !== undefined && same(presented, settings.token)) return;
  if (presented !== undefined && settings.readOnlyToken !== undefined && same(presented, settings.readOnlyToken)) {
    if (method === 'GET' || method === 'HEAD') return;
    throw new MarathonHttpError(403, { message: 'Not Authorized to perform this action!' });
  }
  throw new MarathonHttpError(401, UNAUTHORIZED_PAGE, {
    contentType: 'text/html',
    headers: { 'WWW-Authenticate': 'oauthjwt' },
  });
}

function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^(?:token=|Bearer\s+)(.+)$/i.exec(authorization.trim());
    return match ? match[1] : undefined;
  }
  const cookie = headers.cookie;
  if (cookie === undefined) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'dcos-acs-auth-cookie') return value.join('=');
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
