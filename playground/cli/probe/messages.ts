/**
 * Every sentence `nginx-ws-lab probe` shows a person, in one table of English templates
 * keyed by code (`{name}` is a parameter), the way the engine's `reasonCodes` are written:
 * the rest of the probe speaks in codes and parameters, so this table can move into a
 * per-language dictionary without touching the logic.
 */
export type Params = { [name: string]: string | number | Nested };
/** A parameter that is itself a sentence (e.g. how a connection ended), translated with the rest. */
export interface Nested {
  code: MessageCode;
  params?: Params;
}

const en = {
  // --- usage -------------------------------------------------------------------------
  'usage-no-url': 'no URL given',
  'usage-two-urls': 'one URL only (got {first} and {second})',
  'usage-unknown-option': 'unknown option {option}',
  'usage-needs-value': '{option} needs a value',
  'usage-seconds': '{option} needs a number of seconds (got "{value}")',
  'usage-idle-over-max':
    '--idle {idle} is longer than --max-idle {max}: raise --max-idle to hold a connection that long',
  'usage-header': '-H needs "Name: value" (got "{value}")',
  'usage-header-name': '-H "{value}": "{name}" is not a valid header name',
  'usage-location': '--location needs a path starting with / (got "{value}")',
  'usage-port': '--listen needs a port from 1 to 65535 (got "{value}")',
  'usage-nginx-version': '--nginx-version needs a version such as 1.22.1 (got "{value}")',
  'usage-config-only': '{option} is only used with --config',
  'url-invalid': '"{url}" is not a URL; give one such as wss://example.com/chat/',
  'url-scheme': '"{scheme}" URLs cannot carry a WebSocket: use ws://, wss://, http:// or https://',
  'url-credentials':
    'the URL holds a user name or password, which WebSocket clients do not send: use -H "Authorization: …"',
  'config-unreadable': 'cannot read {file}: {why}',
  'why-no-file': 'no such file',
  'why-denied': 'permission denied',
  'why-directory': 'it is a directory',
  'why-errno': '{errno}',
  'dns-not-found': 'no such name (ENOTFOUND)',
  'dns-no-answer': 'the name server did not answer (EAI_AGAIN)',
  'tls-closed': 'the server closed the connection during the TLS handshake',
  'protocol-reserved-bits': 'reserved bits set without an extension',
  'protocol-opcode': 'unknown opcode 0x{opcode}',
  'protocol-masked': 'a masked frame from the server',
  'protocol-too-big': 'a frame of {bytes} bytes',
  'protocol-control': 'a control frame that is fragmented or longer than 125 bytes',
  'protocol-continuation': 'a continuation frame with no message to continue',
  'protocol-interleaved': 'a new message inside a fragmented one',
  'config-parse': '{file}:{line}: cannot parse: {error}',

  // --- transcript (curl -v style: * notes, > sent, < received) ---------------------------
  resolving: 'Resolving {host}...',
  resolved: '{host} is {address}',
  trying: 'Trying {address}:{port}...',
  connected: 'Connected to {address} port {port} in {ms} ms',
  'tls-done': 'TLS {protocol}, {cipher}{alpn}, in {ms} ms',
  'tls-certificate': 'certificate: {subject}, issued by {issuer}, valid until {valid_to}',
  'tls-untrusted': 'certificate NOT trusted ({why}): accepted because of --insecure',
  'handshake-ok': 'WebSocket connection established: 101 in {ms} ms after the request',
  'handshake-subprotocol': 'subprotocol chosen by the server: {protocol}',
  'handshake-no-subprotocol': 'the server chose none of the subprotocols offered ({offered})',
  'echo-ok': 'echo: the same message came back in {ms} ms',
  'echo-none': 'echo: no answer within {seconds} s: this server does not echo (that is fine)',
  'echo-other': 'echo: no echo within {seconds} s; the server sent {count} other message(s) instead',
  'pong-ok': 'ping: pong in {ms} ms',
  'pong-none': 'ping: no pong within {seconds} s (RFC 6455 says a server must answer a ping)',
  'idle-start': 'idle: holding the connection without traffic for up to {seconds} s',
  'progress-tty': 'idle {elapsed} s of {limit} s · connection open · {frames} frame(s) from the server',
  'progress-line': 'idle {elapsed} s of {limit} s: connection still open',
  'closing-probe': 'the {seconds} s hold is over: the probe sends a close frame (1000)',
  'closing-interrupted': 'interrupted: the probe sends a close frame (1000)',

  // --- how it ended ---------------------------------------------------------------------
  'end-close-frame':
    'closed by the other side with a close frame {code}{codeName}{reason} after {idle} s idle ({since} s after the upgrade)',
  'end-close-frame-empty':
    'closed by the other side with an empty close frame (no code, 1005) after {idle} s idle ({since} s after the upgrade)',
  'end-fin':
    'closed by the other side without a close frame (TCP FIN: the browser sees 1006) after {idle} s idle ({since} s after the upgrade)',
  'end-reset':
    'the connection was reset (TCP RST: the browser sees 1006) after {idle} s idle ({since} s after the upgrade)',
  'end-error': 'the connection failed ({why}) after {idle} s idle ({since} s after the upgrade)',
  'end-protocol':
    'the probe closed the connection with 1002: the server broke the WebSocket protocol ({why}) after {since} s',
  'end-probe': 'still open after the {seconds} s hold: the probe closed it',
  'end-probe-reply':
    'still open after the {seconds} s hold: the probe closed it (the server answered the close frame in {ms} ms)',
  'end-interrupted': 'interrupted after {since} s: the probe closed it',

  // --- likely cause, without --config ----------------------------------------------------
  'likely-close-frame':
    'the WebSocket server ended it on purpose (proxies pass close frames through; nginx never sends one of its own)',
  'likely-fin':
    'a proxy on the way ended an idle tunnel: WebSocket servers close with a close frame, proxies just close TCP. nginx does this at proxy_read_timeout (default 60 s); load balancers and CDNs have idle timeouts of their own',
  'likely-add-config':
    'add --config with the nginx.conf of the nginx behind this URL to tell which hop it was',
  'likely-reset':
    'a hop dropped the connection abruptly: a firewall or NAT that forgot an idle connection, or a process that crashed (nginx ends idle tunnels with FIN, not a reset)',
  'likely-probe': 'no hop closed it within the hold; run with a longer --max-idle to find the idle limit',
  'likely-known-60':
    '60 s is nginx’s default proxy_read_timeout and the default idle timeout of AWS load balancers',
  'likely-known-100': '100 s is Cloudflare’s idle timeout for proxied WebSockets',
  'likely-server-traffic':
    'the server sent {count} frame(s) during the hold: traffic restarts idle timers, so the connection was never idle for long',

  // --- handshake failures ---------------------------------------------------------------
  'fail-dns': 'cannot resolve {host}: {why}',
  'fail-refused': 'connection refused by {address} port {port}: nothing listens there',
  'fail-connect': 'cannot connect to {address} port {port}: {why}',
  'fail-connect-timeout': 'no connection to {address} port {port} within {seconds} s (--connect-timeout)',
  'fail-tls': 'TLS handshake with {host} failed: {why}',
  'fail-tls-hint-insecure':
    'the certificate is not trusted here; --insecure accepts it anyway (as for a self-signed test certificate)',
  'fail-tls-hint-plain': 'this port does not seem to speak TLS: try ws:// instead of wss://',
  'fail-interrupted': 'interrupted before the WebSocket was open',
  'fail-handshake-timeout':
    'no answer to the upgrade request within {seconds} s (--handshake-timeout): a hop accepted the connection and never answered (a backend that hangs, or nginx waiting for proxy_read_timeout)',
  'fail-handshake-closed':
    'the connection closed before a complete response arrived ({bytes} byte(s) received)',
  'fail-handshake-reset': 'the connection was reset before a complete response arrived',
  'fail-head-too-large': 'the response head is larger than {bytes} bytes: not an HTTP response',
  'fail-not-http': 'the answer is not HTTP: "{start}"',
  'fail-status': 'the server answered {status} instead of 101 Switching Protocols',
  'fail-no-upgrade': 'the 101 response lacks "Upgrade: websocket" (got "{value}")',
  'fail-no-connection': 'the 101 response lacks "Connection: upgrade" (got "{value}")',
  'fail-accept':
    'Sec-WebSocket-Accept is "{got}", expected "{expected}": a hop rewrote the handshake (or answered it itself)',
  'fail-protocol':
    'the server chose subprotocol "{protocol}", which was not offered: browsers fail the connection',
  'fail-extension':
    'the server enabled extension "{extension}", which was not offered: browsers fail the connection',
  'status-hint-200':
    'a plain HTTP handler answered: the upgrade did not get through (a proxy hop without proxy_http_version 1.1 and proxy_set_header Upgrade/Connection, or a location that does not proxy)',
  'status-hint-426':
    'the server wants an upgrade and did not get one: a hop dropped the Upgrade/Connection headers (nginx needs proxy_http_version 1.1 and proxy_set_header Upgrade $http_upgrade / Connection "upgrade")',
  'status-hint-400':
    'the request was refused as malformed (a hop that mangles the Upgrade headers, or a missing Host)',
  'status-hint-403': 'refused: check Origin (--origin), authentication (-H) and allow/deny rules',
  'status-hint-404': 'no handler for this path: check the URL path and nginx’s location blocks',
  'status-hint-redirect':
    'a redirect to {location}: WebSocket clients do not follow redirects; probe that URL instead',
  'status-hint-502': 'the proxy could not reach its backend (down, refused, or a wrong proxy_pass address)',
  'status-hint-503': 'the service is unavailable (no healthy backend, or a rate limit)',
  'status-hint-504':
    'the proxy gave up waiting for its backend (proxy_read_timeout or a load balancer timeout)',

  // --- summary --------------------------------------------------------------------------
  'summary-title': 'Summary',
  'row-connection': 'connection',
  'row-handshake': 'handshake',
  'row-tls': 'tls',
  'row-echo': 'echo',
  'row-ping': 'ping',
  'row-closed': 'end',
  'row-likely': 'likely',
  'row-hops': 'hops seen',
  'row-config': 'config',
  'row-verdict': 'verdict',
  'row-note': 'note',
  'sum-handshake': '101 in {ms} ms',
  'sum-handshake-failed': 'failed: {why}',
  'sum-echo-ok': 'echoed in {ms} ms',
  'sum-echo-none': 'no echo within {seconds} s',
  'sum-ping-ok': 'pong in {ms} ms',
  'sum-ping-none': 'no pong within {seconds} s',
  'sum-skipped': 'not tried (the connection had ended)',
  'hop-cloudflare': 'Cloudflare (CF-Ray: {value})',

  // --- with --config --------------------------------------------------------------------
  'config-route': '{location} ({where}) at port {port}',
  'config-route-server': 'no location (server at {where}) at port {port}',
  'config-timeout': 'proxy_read_timeout {value} ({where}): nginx closes an idle tunnel after {seconds} s',
  'config-port-guess':
    'your config does not listen on port {urlPort} (a hop in front of nginx does): predicted for port {port}, the first it listens on (--listen to choose)',
  'config-no-listen': 'your config has no listen directive: predicted for port 80',
  'config-default': 'nginx’s default',
  'where-line': '{file} line {line}',
  'config-host-substituted':
    'the simulator resolves no names: {hosts} taken as 127.0.0.1 for the prediction (nginx’s timers do not depend on it)',
  'config-unmodelled': 'the simulator does not model this here: {message} ({where})',
  'config-error': 'your config fails nginx -t as the simulator reads it: {message} ({where}); no prediction',
  'verdict-agree-timeout':
    'agrees: closed after {observed} s idle without a close frame, as your config predicts: nginx’s proxy_read_timeout {value} ({where}) closed it',
  'verdict-agree-open':
    'agrees: open for the whole {seconds} s hold, as your config predicts (proxy_read_timeout {value}, {where}, is longer)',
  'verdict-agree-status': 'agrees: your config predicts {status} too',
  'verdict-hop-in-front':
    'differs: closed after {observed} s idle {how}: your nginx config predicts proxy_read_timeout {value} ({where}), so a hop in front of nginx (a load balancer’s idle timeout?) closed it — or the app behind nginx dropped TCP',
  'verdict-late':
    'differs: your config predicts nginx closes an idle tunnel after {predicted} s (proxy_read_timeout {value}, {where}), but it closed after {observed} s idle: the nginx you reached does not run this config, or this request goes to another location (--location)',
  'verdict-stayed-open':
    'differs: your config predicts nginx closes an idle tunnel after {predicted} s (proxy_read_timeout {value}, {where}), but it stayed open for the whole {seconds} s hold: the nginx you reached does not run this config, or this request goes to another location (--location)',
  'verdict-stayed-open-traffic':
    'open for the whole {seconds} s hold although your config predicts nginx closes an idle tunnel after {predicted} s (proxy_read_timeout {value}, {where}): the server’s {count} frame(s) during the hold restarted nginx’s timer',
  'verdict-app-closed':
    'the app closed it with a close frame {code} after {observed} s idle, before nginx’s proxy_read_timeout {value} ({where}) would have: not a timeout of nginx or of a hop in front',
  'verdict-no-tunnel':
    'differs: your config does not open a tunnel for this request (it predicts {status}), but the chain answered 101: the nginx you reached runs another config, or nginx sees another path (--location)',
  'verdict-status':
    'differs: your config predicts {predicted}, the chain answered {observed}: a hop in front of nginx answered, or the nginx you reached runs another config',
  'how-no-close-frame': 'with no close frame',
  'how-reset': 'with a TCP reset',
} as const;

export type MessageCode = keyof typeof en;

/** One English sentence for a code and its parameters. */
export function say(code: MessageCode, params: Params = {}): string {
  return en[code].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    return typeof value === 'object' ? say(value.code, value.params) : String(value);
  });
}

/** Names of the close codes of RFC 6455 §7.4.1 and the IANA registry. */
export const CLOSE_CODE_NAMES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension',
  1011: 'internal error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
};
