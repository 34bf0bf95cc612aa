/** The URL to probe: ws://, wss://, or http(s):// taken as the WebSocket URL of the same place. */
import type { MessageCode, Params } from './messages';

export interface Target {
  /** The WebSocket URL probed (http:// and https:// turned into ws:// and wss://). */
  url: string;
  secure: boolean;
  /** Host name or address, IPv6 without brackets: what to resolve and connect to. */
  host: string;
  port: number;
  /** Path and query, as the request line carries them. */
  path: string;
  /** The Host header a browser sends: the port only when it is not the scheme's default. */
  hostHeader: string;
}

export interface TargetProblem {
  code: MessageCode;
  params: Params;
}

const SCHEMES: Record<string, boolean> = { 'ws:': false, 'wss:': true, 'http:': false, 'https:': true };

export function parseTarget(input: string): Target | TargetProblem {
  // `host:port` alone would parse as a URL of scheme "host": ask for the scheme instead.
  const u = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? URL.parse(input) : null;
  if (!u) return { code: 'url-invalid', params: { url: input } };
  const secure = SCHEMES[u.protocol];
  if (secure === undefined) return { code: 'url-scheme', params: { scheme: u.protocol.replace(/:$/, '') } };
  if (!u.hostname) return { code: 'url-invalid', params: { url: input } };
  if (u.username || u.password) return { code: 'url-credentials', params: {} };
  const defaultPort = secure ? 443 : 80;
  const port = u.port ? Number(u.port) : defaultPort;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostHeader = port === defaultPort ? u.hostname : `${u.hostname}:${port}`;
  const path = `${u.pathname || '/'}${u.search}`;
  return { url: `${secure ? 'wss' : 'ws'}://${hostHeader}${path}`, secure, host, port, path, hostHeader };
}

export function isTargetProblem(t: Target | TargetProblem): t is TargetProblem {
  return 'code' in t;
}
