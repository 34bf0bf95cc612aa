/**
 * Questions about a config that tools other than the simulator ask (the diagnostics): where a
 * request is routed, whether one location matches a URI by itself. They are answered with the
 * request-processing functions, so the simulator and its callers cannot disagree. (What a
 * block inherits is the tree's answer: config/inherit.ts.)
 */
import { evaluate } from './evaluate';
import type { ConfigModel, LocationModel, ServerModel } from './model';
import type { RegexRunner } from './regex';
import { firstListenPort, type LocationChoice } from './routing';
import { DEFAULT_NGINX_VERSION, type VersionFeatures, versionFeatures } from './version';

export interface RequestTarget {
  /** The port the client connects to; the first listening port when absent (as the simulator does). */
  port?: number | undefined;
  host?: string | undefined;
  /** Request target as sent: path, optionally with a query. */
  path: string;
  /** The request's other headers, for `if` conditions and maps (Host comes from `host`). */
  headers?: Array<[string, string]> | undefined;
  method?: string | undefined;
  httpVersion?: '1.0' | '1.1' | undefined;
}

/**
 * The server and location whose configuration handles the request, or null when nothing
 * listens on the port — after the rewrite module has run (`rewrite … last` moves it, a
 * `return` keeps the location it was in). `how` says how that location was found
 * (`redirect`: nginx answers the trailing-slash 301 itself), null when no location matches.
 */
export function routeRequest(
  model: ConfigModel,
  request: RequestTarget,
  runner: RegexRunner,
  features: VersionFeatures = versionFeatures(DEFAULT_NGINX_VERSION),
): { server: ServerModel; location: LocationModel | null; how: LocationChoice['how'] | null } | null {
  const port = request.port ?? firstListenPort(model.servers) ?? 80;
  const headers: Array<[string, string]> = [
    ...(request.host !== undefined ? [['Host', request.host] as [string, string]] : []),
    ...(request.headers ?? []).filter(([n]) => n.toLowerCase() !== 'host'),
  ];
  const ev = evaluate(
    model,
    features,
    {
      method: request.method ?? 'GET',
      target: request.path,
      httpVersion: request.httpVersion ?? '1.1',
      headers,
    },
    port,
    runner,
  );
  if (!ev.route) return null;
  return {
    server: ev.route.server,
    location: ev.route.location,
    how: ev.route.locationHow,
  };
}

/** Whether the location is a candidate for `uri` on its own, before the others compete for it. */
export function matchesOnItsOwn(location: LocationModel, uri: string): boolean {
  switch (location.modifier) {
    case '=':
      return uri === location.pattern;
    case '':
    case '^~':
      return uri.startsWith(location.pattern);
    case '~':
    case '~*':
      return location.regex?.exec(uri) != null;
    default:
      return false;
  }
}
