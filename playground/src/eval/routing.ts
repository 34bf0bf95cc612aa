/**
 * Which server and location handle a request, as nginx decides it: listen socket (a specific
 * address beats a wildcard one), then server_name (exact, `*.x`, `x.*`, regex in order, else
 * the default server), then the location search of `ngx_http_core_find_location`.
 */
import { own, sourceOf } from '../config/tree';
import type { Listen, LocationModel, ServerModel } from './model';
import type { RegexMatch, RegexRunner } from './regex';

export interface ServerChoice {
  server: ServerModel;
  listen: Listen;
  how: 'exact' | 'wildcard' | 'regex' | 'default';
  captures: RegexMatch | null;
}

/** Servers listening where the client connects (127.0.0.1:port); a specific address wins over `*`. */
export function serversOnPort(
  servers: ServerModel[],
  port: number,
): Array<{ server: ServerModel; listen: Listen }> {
  const specific: Array<{ server: ServerModel; listen: Listen }> = [];
  const wildcard: Array<{ server: ServerModel; listen: Listen }> = [];
  for (const server of servers) {
    for (const listen of server.listens) {
      if (listen.port !== port) continue;
      if (listen.addr === '127.0.0.1') specific.push({ server, listen });
      else if (listen.addr === '*') wildcard.push({ server, listen });
    }
  }
  return specific.length > 0 ? specific : wildcard;
}

export function firstListenPort(servers: ServerModel[]): number | null {
  for (const s of servers)
    for (const l of s.listens) if (l.addr === '127.0.0.1' || l.addr === '*') return l.port;
  return servers[0]?.listens[0]?.port ?? null;
}

/** The port's default server: `listen … default_server`, else the first. */
export function defaultServer(servers: ServerModel[], port: number): ServerModel | null {
  const candidates = serversOnPort(servers, port);
  return (candidates.find((c) => c.listen.defaultServer) ?? candidates[0])?.server ?? null;
}

export function selectServer(
  servers: ServerModel[],
  port: number,
  hostHeader: string | undefined,
  runner: RegexRunner,
): ServerChoice | null {
  const candidates = serversOnPort(servers, port);
  if (candidates.length === 0) return null;
  const host = (hostHeader ?? '').toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  // No Host at all (HTTP/1.0) is looked up as the name "": `server_name ""` takes it.
  if (host === '') {
    const unnamed = candidates.find((c) => c.server.names.includes(''));
    if (unnamed) return { ...unnamed, how: 'exact', captures: null };
  }
  if (host !== '') {
    for (const c of candidates)
      if (c.server.names.includes(host)) return { ...c, how: 'exact', captures: null };
    let best: { c: (typeof candidates)[number]; len: number } | null = null;
    for (const c of candidates) {
      for (const name of c.server.names) {
        const len = wildcardMatch(name, host);
        if (len > (best?.len ?? 0)) best = { c, len };
      }
    }
    if (best) return { ...best.c, how: 'wildcard', captures: null };
    for (const c of candidates) {
      for (const name of c.server.names) {
        if (!name.startsWith('~')) continue;
        const written = own(c.server.directive, 'server_name').find((d) => d.args.includes(name));
        // ngx_http_core_server_name compiles a name with an upper-case letter caselessly; the
        // host it is matched against is already lower-cased.
        const pattern = name.slice(1);
        const compiled = runner.compile(
          pattern,
          /[A-Z]/.test(pattern),
          sourceOf(written ?? c.server.directive),
        );
        if ('error' in compiled) continue;
        const m = compiled.exec(host);
        if (m) return { ...c, how: 'regex', captures: m };
      }
    }
  }
  const def = candidates.find((c) => c.listen.defaultServer) ?? candidates[0]!;
  return { ...def, how: 'default', captures: null };
}

/** Length of the matching part for `*.example.com`, `.example.com`, `www.example.*`; 0 if none. */
function wildcardMatch(name: string, host: string): number {
  if (name.startsWith('*.')) return host.endsWith(name.slice(1)) ? name.length : 0;
  if (name.startsWith('.')) return host === name.slice(1) || host.endsWith(name) ? name.length : 0;
  if (name.endsWith('.*')) return host.startsWith(name.slice(0, -1)) ? name.length : 0;
  return 0;
}

export interface LocationChoice {
  location: LocationModel;
  /** `redirect`: the URI is this location's name without its final `/` (auto_redirect, 301). */
  how: 'exact' | 'prefix' | 'prefix-noregex' | 'regex' | 'redirect';
  captures: RegexMatch | null;
  /** Prefix locations that matched but lost to a regex, for explanations. */
  shadowed: LocationModel[];
}

const isStatic = (loc: LocationModel) => loc.modifier === '' || loc.modifier === '^~' || loc.modifier === '=';

/**
 * nginx's search: exact `=` wins at once; the longest prefix is remembered and its nested
 * locations searched first; unless that prefix is `^~`, the regexes of this level are then
 * tried in order and the first match wins (and its nested locations are searched).
 * ngx_http_core_find_static_location walks the names from short to long, so a name one `/`
 * longer than the URI, with auto_redirect, is reached unless a name equals the URI; that
 * answer (NGX_DONE) ends the search before any regex is tried.
 */
export function findLocation(locations: LocationModel[], uri: string): LocationChoice | null {
  if (!locations.some((loc) => isStatic(loc) && loc.pattern === uri)) {
    const redirect = locations.find((loc) => isStatic(loc) && loc.autoRedirect && loc.pattern === `${uri}/`);
    if (redirect) return { location: redirect, how: 'redirect', captures: null, shadowed: [] };
  }
  let prefix: LocationModel | null = null;
  for (const loc of locations) {
    if (loc.modifier === '=' && loc.pattern === uri)
      return { location: loc, how: 'exact', captures: null, shadowed: [] };
    if ((loc.modifier === '' || loc.modifier === '^~') && uri.startsWith(loc.pattern)) {
      if (!prefix || loc.pattern.length > prefix.pattern.length) prefix = loc;
    }
  }
  let result: LocationChoice | null = null;
  if (prefix) {
    result = {
      location: prefix,
      how: prefix.modifier === '^~' ? 'prefix-noregex' : 'prefix',
      captures: null,
      shadowed: [],
    };
    const nested = findLocation(prefix.locations, uri);
    if (nested && (nested.how === 'exact' || nested.how === 'regex' || nested.how === 'redirect'))
      return nested;
    if (nested) result = nested;
    // Only this level's prefix decides whether this level's regexes are tried.
    if (prefix.modifier === '^~') return result;
  }
  for (const loc of locations) {
    if ((loc.modifier !== '~' && loc.modifier !== '~*') || !loc.regex) continue;
    const m = loc.regex.exec(uri);
    if (!m) continue;
    const shadowed = result ? [result.location] : [];
    const nested = findLocation(loc.locations, uri);
    if (nested)
      return { ...nested, captures: nested.captures ?? m, shadowed: [...shadowed, ...nested.shadowed] };
    return { location: loc, how: 'regex', captures: m, shadowed };
  }
  return result;
}

/** The chain of levels for inheritance: location, its parents, then (by the caller) server and http. */
export function locationChain(loc: LocationModel | null): LocationModel[] {
  const out: LocationModel[] = [];
  for (let l = loc; l; l = l.parent) out.push(l);
  return out;
}

export function describeLocation(loc: LocationModel): string {
  return loc.modifier ? `${loc.modifier} ${loc.pattern}` : loc.pattern;
}
