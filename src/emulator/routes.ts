/**
 * The route table. Ids contain slashes, so the more specific suffixes (`/versions`, `/restart`, `::status`) are
 * matched before the catch-all id routes, in the order Marathon's resources resolve them.
 */

import type { Handler } from './context.js';
import * as apps from './routes-apps.js';
import * as misc from './routes-misc.js';
import * as pods from './routes-pods.js';

/** One route: method, path pattern, the template counted in stats, and the handler. */
export interface Route {
  method: string;
  pattern: RegExp;
  template: string;
  handler: Handler;
}

function route(method: string, template: string, pattern: RegExp, handler: Handler): Route {
  return { method, pattern, template, handler };
}

/** Every emulated Marathon route. */
export const ROUTES: readonly Route[] = [
  route('GET', '/ping', /^\/ping$/, misc.ping),
  route('GET', '/v2/info', /^\/v2\/info$/, misc.getInfo),

  route('GET', '/v2/apps', /^\/v2\/apps\/?$/, apps.listApps),
  route('POST', '/v2/apps', /^\/v2\/apps\/?$/, apps.createApp),
  route('PUT', '/v2/apps', /^\/v2\/apps\/?$/, (request, state) => apps.updateApps(request, state)),
  route('PATCH', '/v2/apps', /^\/v2\/apps\/?$/, (request, state) => apps.updateApps(request, state, true)),
  route('GET', '/v2/apps/{id}/versions/{version}', /^\/v2\/apps\/(.+)\/versions\/([^/]+)$/, apps.getAppVersion),
  route('GET', '/v2/apps/{id}/versions', /^\/v2\/apps\/(.+)\/versions\/?$/, apps.listAppVersions),
  route('POST', '/v2/apps/{id}/restart', /^\/v2\/apps\/(.+)\/restart\/?$/, apps.restartApp),
  route('GET', '/v2/apps/{id}', /^\/v2\/apps\/(.+?)\/?$/, apps.getApp),
  route('PUT', '/v2/apps/{id}', /^\/v2\/apps\/(.+?)\/?$/, (request, state) => apps.updateApp(request, state)),
  route('PATCH', '/v2/apps/{id}', /^\/v2\/apps\/(.+?)\/?$/, (request, state) => apps.updateApp(request, state, true)),
  route('DELETE', '/v2/apps/{id}', /^\/v2\/apps\/(.+?)\/?$/, apps.deleteApp),

  route('GET', '/v2/pods/::status', /^\/v2\/pods\/::status$/, pods.listPodStatus),
  route('GET', '/v2/pods', /^\/v2\/pods\/?$/, pods.listPods),
  route('HEAD', '/v2/pods', /^\/v2\/pods\/?$/, () => ({ status: 200 })),
  route('POST', '/v2/pods', /^\/v2\/pods\/?$/, pods.createPod),
  route('GET', '/v2/pods/{id}::status', /^\/v2\/pods\/(.+)::status$/, pods.getPodStatus),
  route('GET', '/v2/pods/{id}::versions/{version}', /^\/v2\/pods\/(.+)::versions\/([^/]+)$/, pods.getPodVersion),
  route('GET', '/v2/pods/{id}::versions', /^\/v2\/pods\/(.+)::versions$/, pods.listPodVersions),
  route('GET', '/v2/pods/{id}', /^\/v2\/pods\/(.+?)\/?$/, pods.getPod),
  route('PUT', '/v2/pods/{id}', /^\/v2\/pods\/(.+?)\/?$/, pods.replacePod),
  route('DELETE', '/v2/pods/{id}', /^\/v2\/pods\/(.+?)\/?$/, pods.deletePod),

  route('GET', '/v2/groups', /^\/v2\/groups\/?$/, misc.getGroup),
  route('GET', '/v2/groups/{id}', /^\/v2\/groups\/(.+?)\/?$/, misc.getGroup),
  route('DELETE', '/v2/groups/{id}', /^\/v2\/groups\/(.+?)\/?$/, misc.deleteGroup),

  route('GET', '/v2/deployments', /^\/v2\/deployments\/?$/, misc.listDeployments),
  route('DELETE', '/v2/deployments/{id}', /^\/v2\/deployments\/([^/]+)\/?$/, misc.deleteDeployment),
];

/** Marathon resources the emulator knows exist but does not implement (answered 501, never silently wrong). */
export const NOT_EMULATED = /^\/v2\/(groups|tasks|queue|events|eventSubscriptions|leader|plugins|apps\/.+\/tasks|groups\/.+\/(versions|apps))(\/|$)/;

/** Finds the route for a request: the route and its captured parameters, or undefined. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { route: candidate, params: match.slice(1) };
  }
  return undefined;
}
