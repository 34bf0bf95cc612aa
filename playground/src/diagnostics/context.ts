import type { ConfigTree, NodeSpan } from '../config/tree';
import { routeRequest } from '../eval/query';
import type { LocationChoice } from '../eval/routing';
import type { Scenario } from '../scenario/types';
import { isScenarioV2 } from '../scenario/types';
import { effectiveHeaders, findHeader, type HeaderEntry, variablesIn } from './headers';
import { collectMaps, type MapInfo, mapValues } from './maps';
import { buildModelView, type ModelView } from './model';
import { blocksOf, isIfBlock, type Node, own, type Reading, readingOf } from './tree';
import type { DiagnoseOptions } from './types';
import { normalizedVersion } from './units';

/**
 * Everything rules share, computed once per diagnose() call.
 *
 * "Where WebSocket is proxied" — a location that proxies (`proxy_pass` in it or in an `if`
 * inside it) and shows at least one sign of carrying WebSocket:
 *   - `headers`: its effective `proxy_set_header` list sets `Upgrade`, or a `Connection` whose
 *     value can be `upgrade` (literally or through a map);
 *   - `name`: its path has a WebSocket-looking segment (ws, wss, websocket, socket, socket.io,
 *     sockjs, cable, signalr, …);
 *   - `scenario`: the scenario's request carries `Upgrade` and is routed to it.
 * Evidence from the name alone is weaker, so "missing header" rules report it one severity lower.
 */

export type WsEvidence = 'headers' | 'name' | 'scenario';

export interface WsLocation {
  node: Node;
  proxyPass: Node;
  evidence: WsEvidence[];
}

export interface RuleContext {
  parse: ConfigTree;
  root: Node;
  /** What the main file holds (a whole nginx.conf, http contents, a site snippet). */
  reading: Reading;
  /** The evaluator's model (where requests go) and each block's inheritance levels. */
  model: ModelView;
  options: DiagnoseOptions;
  scenario: Scenario | undefined;
  nginxVersion: string;
  maps: MapInfo[];
  servers: Node[];
  /** Every `location` block, nested ones included, in document order. */
  locations: Node[];
  ws: WsLocation[];
  /** The location the scenario's request reaches, when a scenario is given. */
  scenarioLocation: Node | null;
  /** How the search found `scenarioLocation` (`redirect`: nginx answers it with the trailing-slash 301). */
  scenarioHow: LocationChoice['how'] | null;
  /** The scenario's request carries Upgrade: the client is a WebSocket client. */
  scenarioUpgrades: boolean;
  span(node: Node): NodeSpan;
  mapFor(variable: string): MapInfo | undefined;
  /** The `upstream` block a `proxy_pass` names, if the config defines it. */
  upstreamFor(proxyPass: Node): Node | undefined;
}

const wsSegment = /^(ws|wss|websockets?|sockets?|sockjs|socketio|cable|signalr|wsapp|stomp)$/i;

export function looksLikeWebSocketPath(path: string): boolean {
  return path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .some((seg) => wsSegment.test(seg) || /websocket/i.test(seg));
}

/** The `proxy_pass` that applies to a location (its own, or one inside an `if` in it). */
export function proxyPassOf(location: Node): Node | undefined {
  const direct = own(location, 'proxy_pass')[0];
  if (direct) return direct;
  for (const c of location.children) if (isIfBlock(c)) return own(c, 'proxy_pass')[0];
  return undefined;
}

/** The values a header value can take at run time, or null when a variable makes that unknown. */
export function possibleValues(value: string, mapFor: (v: string) => MapInfo | undefined): string[] | null {
  const vars = variablesIn(value);
  if (vars.length === 0) return [value];
  if (vars.length === 1 && /^\$\{?[A-Za-z0-9_]+\}?$/.test(value)) {
    const map = mapFor(vars[0] ?? '');
    // A map value that is itself a variable (`"~*Upgrade" $http_connection;`) is known only at run time.
    if (map) return mapValues(map).some((v) => variablesIn(v).length > 0) ? null : mapValues(map);
  }
  return null;
}

export function connectionCanUpgrade(
  entry: HeaderEntry | undefined,
  mapFor: (v: string) => MapInfo | undefined,
) {
  if (!entry) return false;
  const values = possibleValues(entry.value, mapFor);
  return values?.some((v) => /\bupgrade\b/i.test(v)) ?? false;
}

/** The scenario's request headers as pairs (a scenario written by hand may use a mapping). */
function requestHeaders(scenario: Scenario): Array<[string, string]> {
  const headers = scenario.client.request.headers as unknown;
  return Array.isArray(headers)
    ? (headers as Array<[string, string]>)
    : Object.entries((headers ?? {}) as Record<string, string>);
}

function requestHeader(scenario: Scenario, name: string): string | undefined {
  return requestHeaders(scenario).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

function routeScenario(
  scenario: Scenario | undefined,
  view: ModelView,
): { node: Node | null; how: LocationChoice['how'] | null } {
  if (!scenario?.client?.request?.path) return { node: null, how: null };
  const request = {
    path: scenario.client.request.path,
    host: requestHeader(scenario, 'host'),
    port: scenario.client.port,
    headers: requestHeaders(scenario),
    method: scenario.client.request.method,
    httpVersion: scenario.client.request.http_version,
  };
  const route = routeRequest(view.model, request, view.runner);
  const node = route?.location ? (view.nodeOf(route.location) ?? null) : null;
  return { node, how: node ? (route?.how ?? null) : null };
}

export function buildContext(parse: ConfigTree, options: DiagnoseOptions): RuleContext {
  const root = parse.root;
  const reading = readingOf(root);
  const view = buildModelView(parse, reading, options.regex);
  const maps = collectMaps(root);
  // A site snippet's root is the server its locations sit in.
  const servers = reading === 'server' ? [root, ...blocksOf(root, 'server')] : blocksOf(root, 'server');
  const locations = blocksOf(root, 'location');
  const upstreams = new Map(blocksOf(root, 'upstream').map((u) => [u.args[0] ?? '', u]));
  const mapFor = (variable: string) => maps.find((m) => m.variable === variable);
  // Scenario v2 (several clients) is not read yet: its config is checked on its own.
  const scenario = options.scenario && !isScenarioV2(options.scenario) ? options.scenario : undefined;
  const { node: scenarioLocation, how: scenarioHow } = routeScenario(scenario, view);
  const scenarioUpgrades = scenario ? requestHeader(scenario, 'upgrade') !== undefined : false;

  const ws: WsLocation[] = [];
  for (const node of locations) {
    const proxyPass = proxyPassOf(node);
    if (!proxyPass) continue;
    const evidence: WsEvidence[] = [];
    const headers = effectiveHeaders(view, node);
    if (findHeader(headers, 'upgrade') || connectionCanUpgrade(findHeader(headers, 'connection'), mapFor)) {
      evidence.push('headers');
    }
    const location = view.locationOf(node);
    if (location && location.modifier !== '@' && looksLikeWebSocketPath(location.pattern))
      evidence.push('name');
    if (scenarioUpgrades && scenarioLocation === node) evidence.push('scenario');
    if (evidence.length > 0) ws.push({ node, proxyPass, evidence });
  }

  return {
    parse,
    root,
    reading,
    model: view,
    options,
    scenario,
    nginxVersion: normalizedVersion(scenario?.nginx_version ?? options.nginxVersion),
    maps,
    servers,
    locations,
    ws,
    scenarioLocation,
    scenarioHow,
    scenarioUpgrades,
    span(node) {
      return node.span;
    },
    mapFor,
    upstreamFor(proxyPass) {
      const target = proxyPass.args[0] ?? '';
      const m = /^https?:\/\/([^/:]+)/.exec(target);
      return m?.[1] ? upstreams.get(m[1]) : undefined;
    },
  };
}
