/**
 * Questions about a config that tools other than the simulator ask (the diagnostics): which
 * block each inheritance level comes from, every location of a server, where a request is
 * routed, whether one location matches a URI by itself. They are answered with the
 * request-processing functions, so the simulator and its callers cannot disagree.
 */
import { levelsFor } from './evaluate';
import type { Level } from './headers';
import type { ConfigModel, LocationModel, ServerModel } from './model';
import type { RegexRunner } from './regex';
import { findLocation, firstListenPort, type LocationChoice, locationChain, selectServer } from './routing';
import { normalizeUri } from './variables';

/** An inheritance level together with the block it belongs to (null: the http level). */
export interface ScopedLevel extends Level {
  scope: LocationModel | ServerModel | null;
}

/** The levels a location (or, with `location` null, a server) inherits from, innermost first. */
export function scopedLevels(
  model: ConfigModel,
  server: ServerModel,
  location: LocationModel | null,
): ScopedLevel[] {
  // levelsFor lists the location chain, then the server, then http: the same order as here.
  const scopes = [...locationChain(location), server, null];
  return levelsFor(model, server, location).map((level, i) => ({ ...level, scope: scopes[i] ?? null }));
}

/** A server's locations, nested ones right after their parent, in config order. */
export function locationsOf(server: ServerModel): LocationModel[] {
  const out: LocationModel[] = [];
  const walk = (list: LocationModel[]) => {
    for (const loc of list) {
      out.push(loc);
      walk(loc.locations);
    }
  };
  walk(server.locations);
  return out;
}

export interface RequestTarget {
  /** The port the client connects to; the first listening port when absent (as the simulator does). */
  port?: number | undefined;
  host?: string | undefined;
  /** Request target as sent: path, optionally with a query. */
  path: string;
}

/**
 * The server and location nginx hands the request to, or null when nothing listens on the
 * port; `how` says how the location was found (`redirect`: nginx answers the trailing-slash
 * 301 itself), null when no location matches. The first location search only: rewrites are
 * not run.
 */
export function routeRequest(
  model: ConfigModel,
  request: RequestTarget,
  runner: RegexRunner,
): { server: ServerModel; location: LocationModel | null; how: LocationChoice['how'] | null } | null {
  const port = request.port ?? firstListenPort(model.servers) ?? 80;
  const choice = selectServer(model.servers, port, request.host, runner);
  if (!choice) return null;
  const uri = normalizeUri(request.path.split('?')[0] ?? '/');
  const found = findLocation(choice.server.locations, uri);
  return { server: choice.server, location: found?.location ?? null, how: found?.how ?? null };
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
