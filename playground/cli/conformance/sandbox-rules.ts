/**
 * What the sandbox allows, refuses and rewrites, as data and small pure checks: the directives
 * refused outright, the ones whose first argument is a path that must stay in the prefix, which
 * listen and upstream addresses are allowed, and what the runner itself puts in the prefix.
 * `confine.ts` applies them to a parsed config.
 */

/** What the runner itself writes in the prefix (see nginx-process.ts and runnerHttpSettings). */
export const RUNNER_FILES = [
  'nginx.conf',
  'error.log',
  'access.log',
  'nginx.pid',
  'client_body_temp',
  'proxy_temp',
  'fastcgi_temp',
  'uwsgi_temp',
  'scgi_temp',
];

/** Temp paths the runner sets in http unless the scenario sets them there itself. */
export const TEMP_PATHS = [
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
];

export const REFUSED: Record<string, string> = {
  load_module: 'it loads a shared object into nginx',
  env: 'it hands the runner’s environment to nginx',
  user: 'the runner starts nginx without a master process, so no user switch would happen',
  ssl_engine: 'it loads an OpenSSL engine',
  ssl_conf_command: 'OpenSSL commands can load files and engines',
  proxy_ssl_conf_command: 'OpenSSL commands can load files and engines',
  grpc_ssl_conf_command: 'OpenSSL commands can load files and engines',
  uwsgi_ssl_conf_command: 'OpenSSL commands can load files and engines',
  resolver: 'nginx may only reach the scenario’s backends, never a DNS server',
  ssl_ocsp_responder: 'nginx may only reach the scenario’s backends',
  ssl_stapling_responder: 'nginx may only reach the scenario’s backends',
};

/** Refused unless their value is `off`. */
export const REFUSED_UNLESS_OFF: Record<string, string> = {
  dav_methods: 'WebDAV writes files where a request says',
  proxy_store: 'it writes responses to files where a request says',
  fastcgi_store: 'it writes responses to files where a request says',
  uwsgi_store: 'it writes responses to files where a request says',
  scgi_store: 'it writes responses to files where a request says',
  ssl_stapling: 'it fetches OCSP answers from the network',
  ssl_ocsp: 'it fetches OCSP answers from the network',
};

/** Directives whose first argument is a file or directory nginx opens or creates. */
export function isPathDirective(name: string): boolean {
  return (
    name === 'root' ||
    name === 'alias' ||
    name === 'include' ||
    name === 'auth_basic_user_file' ||
    name === 'working_directory' ||
    name === 'lock_file' ||
    name === 'pid' ||
    /_temp_path$/.test(name) ||
    /_cache_path$/.test(name) ||
    /^(?:(?:proxy|grpc|uwsgi)_)?ssl_(?:certificate|certificate_key|dhparam|password_file|trusted_certificate|client_certificate|crl|stapling_file|session_ticket_key)$/.test(
      name,
    )
  );
}

export const UNIX_SOCKETS =
  "unix sockets are not allowed: real runs only reach the scenario's backends on 127.0.0.1";
/** `(?<name>…)`, `(?P<name>…)` and `(?'name'…)` set `$name` whenever the regex matches. */
export const NAMED_CAPTURE = /\(\?P?<(\w+)>|\(\?'(\w+)'/g;
export const PASS = /^(?:proxy|grpc|fastcgi|uwsgi|scgi|memcached)_pass$/;
export const ADDRESS_PORT = /\b(127\.0\.0\.1|localhost):(\d{1,5})\b/g;
export const LOOPBACK_ADDRESS = /^(?:127\.0\.0\.1|localhost):\d{1,5}$/;

export interface ListenAddress {
  port: number;
  /** No address, `*` or 0.0.0.0: every interface of the (private) host. */
  wildcard: boolean;
}

/** A listen address the runner can pin to 127.0.0.1, or why not. */
export function listenAddress(spec: string): ListenAddress | string {
  let m = /^(?:\*:|0\.0\.0\.0:)?(\d{1,5})$/.exec(spec);
  if (m) return { port: Number(m[1]), wildcard: true };
  m = /^(?:127\.0\.0\.1|localhost):(\d{1,5})$/.exec(spec);
  if (m) return { port: Number(m[1]), wildcard: false };
  if (spec.startsWith('unix:'))
    return 'unix sockets are not allowed; write listen PORT (it becomes 127.0.0.1:PORT)';
  if (spec.startsWith('['))
    return 'IPv6 addresses are not allowed; write listen PORT (it becomes 127.0.0.1:PORT)';
  if (/^(?:\*|0\.0\.0\.0|127\.0\.0\.1|localhost)$/.test(spec)) {
    return 'a listen needs an explicit port (nginx would use 80)';
  }
  return `only PORT, *:PORT, 0.0.0.0:PORT, 127.0.0.1:PORT and localhost:PORT are allowed (all become 127.0.0.1:PORT), not "${spec}"`;
}

/** Variables a `*_pass` host part refers to: `$name` or `${name}`. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1]!);
}

/** Address part of a `*_pass` argument: without the scheme, up to the first `/`. */
export function passHost(arg: string): string {
  const noScheme = arg.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  return slash < 0 ? noScheme : noScheme.slice(0, slash);
}

/**
 * What the runner adds at http level: no access log (nginx would default to the system's), and
 * temp paths inside the prefix (nginx would default to /var/lib/nginx) unless the scenario sets one.
 */
export function runnerHttpSettings(scenarioTempPaths: Set<string>): string {
  const temps = TEMP_PATHS.filter((t) => !scenarioTempPaths.has(t))
    .map((t) => `${t} ${t.replace(/_path$/, '')};`)
    .join(' ');
  return `access_log off; ${temps}`;
}
