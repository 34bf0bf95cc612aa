/**
 * `nginx-ws-lab probe URL`: what a live chain (CDN → load balancer → nginx → app) really
 * does with a WebSocket: the handshake both ways, an echo, a ping, then an idle hold that
 * shows who closes the connection, when and how; with --config, what the user's nginx
 * config predicts for the same request, and which hop likely closed it when they differ.
 */
import { EXIT } from '../probe/failure';
import { type MessageCode, type Params, say } from '../probe/messages';
import { Output } from '../probe/output';
import { ConfigFailure, type LoadedConfig, loadConfig } from '../probe/prediction';
import { renderSummary } from '../probe/report';
import { Interrupt, type ProbeOptions, probe } from '../probe/run';
import { isTargetProblem, parseTarget } from '../probe/target';

export const summary = 'probe a live WebSocket URL: handshake, echo, ping, who closes an idle connection';

const USAGE = `NAME
    nginx-ws-lab probe - what a live WebSocket chain really does

SYNOPSIS
    nginx-ws-lab probe URL [-H 'Name: value']... [--origin URL] [--protocol NAME]...
                       [--insecure] [--idle S] [--max-idle S] [--connect-timeout S]
                       [--handshake-timeout S] [--reply-timeout S] [--message TEXT | --no-echo]
                       [--config nginx.conf [--location PATH] [--listen PORT] [--nginx-version X.Y.Z]]
                       [--json] [--color]

DESCRIPTION
    Opens a WebSocket to URL (ws:// or wss://; http:// and https:// mean the same place)
    and prints, curl -v style, the request sent and the response received, headers in
    the order they went over the wire. Then it sends a text message and waits for an
    echo (a server that does not echo is fine: it says so), sends a ping and times the
    pong, and holds the connection idle until something closes it or the hold ends. It
    reports who closed it, when, and how: a close frame with its code and reason, a TCP
    FIN without a close frame (what a browser reports as 1006), or a TCP reset. Progress
    of the hold goes to stderr: one line redrawn on a terminal, a line every few seconds
    otherwise. Ctrl-C ends the hold early and still reports.

    With --config, the simulator plays the same request, echo and ping against that
    nginx config and an idle client for the same time, and the probe compares: when the
    connection closed without a close frame before the config's proxy_read_timeout, a
    hop in front of nginx (a load balancer's or CDN's idle timeout) closed it.

OPTIONS
    -H, --header 'Name: value'
                 add a request header; replaces a default header of that name,
                 'Name:' with no value removes it (repeatable)
    --origin URL            send Origin: URL (browsers always send one; default none)
    --protocol NAME         offer a subprotocol (repeatable, or a comma-separated list)
    -k, --insecure          accept a TLS certificate that does not verify (self-signed)
    --idle S                hold the idle connection S seconds (at most --max-idle)
    --max-idle S            longest idle hold, and the default one (default 120)
    --connect-timeout S     resolve, connect and finish TLS within S seconds (default 10)
    --handshake-timeout S   wait S seconds for the response to the upgrade (default 10)
    --reply-timeout S       wait S seconds for the echo and for the pong (default 3)
    --message TEXT          the text message to send (default: "nginx-ws-lab probe <random>")
    --no-echo               send no text message (for apps that close on unknown ones)
    --config FILE           nginx config to compare with (its includes are read too)
    --location PATH         the path nginx sees, when a hop in front rewrites it
                            (default: the URL's path)
    --listen PORT           the port nginx receives this traffic on (default: the URL's
                            port if the config listens on it, else its first listen port)
    --nginx-version X.Y.Z   the nginx version the config runs on (default 1.22.1; the
                            simulator models the defaults of each version)
    --json                  print one JSON report (format probe@1) instead of the transcript
    --color                 colour the transcript (ANSI)
    -h, --help              this help

EXIT STATUS
    0    the connection was still open when the hold ended (the probe closed it)
    1    it was closed before the hold ended: by the server, a hop on the way, or a reset
    2    usage error, or a --config that cannot be read or parsed
    3    no connection: name not resolved, refused, connect timeout, or TLS failed
    4    no WebSocket: no answer in time, a status other than 101, or an invalid 101
    5    with --config: the chain did not do what the config predicts
    130  interrupted (Ctrl-C)

EXAMPLES
    nginx-ws-lab probe wss://example.com/chat/
    nginx-ws-lab probe wss://example.com/chat/ --config /etc/nginx/nginx.conf
    nginx-ws-lab probe ws://127.0.0.1:8080/ws/ --idle 10 --json
`;

interface Parsed {
  url: string;
  options: Omit<ProbeOptions, 'target' | 'config'>;
  configPath: string | null;
  json: boolean;
  color: boolean;
}

interface Usage {
  code: MessageCode;
  params: Params;
}

const DEFAULTS = { maxIdle: 120, connect: 10, handshake: 10, reply: 3 };
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseArgs(args: string[]): Parsed | Usage {
  let url: string | null = null;
  const extra: Array<[string, string]> = [];
  const protocols: string[] = [];
  let origin: string | null = null;
  let insecure = false;
  let idle: number | null = null;
  let maxIdle = DEFAULTS.maxIdle;
  let connect = DEFAULTS.connect;
  let handshake = DEFAULTS.handshake;
  let reply = DEFAULTS.reply;
  let message: string | null = null;
  let echo = true;
  let configPath: string | null = null;
  let location: string | null = null;
  let listen: number | null = null;
  let nginxVersion: string | null = null;
  let json = false;
  let color = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | Usage => {
      const v = inline ?? args[++i];
      return v === undefined ? { code: 'usage-needs-value', params: { option: flag } } : v;
    };
    const seconds = (positive: boolean): number | Usage => {
      const v = value();
      if (typeof v !== 'string') return v;
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (positive && n === 0))
        return { code: 'usage-seconds', params: { option: flag, value: v } };
      return n;
    };
    let v: string | number | Usage;
    switch (flag) {
      case '-H':
      case '--header': {
        v = value();
        if (typeof v !== 'string') return v;
        const colon = v.indexOf(':');
        if (colon < 0) return { code: 'usage-header', params: { value: v } };
        const name = v.slice(0, colon).trim();
        if (!HEADER_NAME.test(name)) return { code: 'usage-header-name', params: { value: v, name } };
        extra.push([name, v.slice(colon + 1).trim()]);
        continue;
      }
      case '--origin':
        v = value();
        if (typeof v !== 'string') return v;
        origin = v;
        continue;
      case '--protocol':
        v = value();
        if (typeof v !== 'string') return v;
        protocols.push(
          ...v
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        );
        continue;
      case '-k':
      case '--insecure':
        insecure = true;
        continue;
      case '--idle':
        v = seconds(true);
        if (typeof v !== 'number') return v;
        idle = v;
        continue;
      case '--max-idle':
        v = seconds(true);
        if (typeof v !== 'number') return v;
        maxIdle = v;
        continue;
      case '--connect-timeout':
        v = seconds(true);
        if (typeof v !== 'number') return v;
        connect = v;
        continue;
      case '--handshake-timeout':
        v = seconds(true);
        if (typeof v !== 'number') return v;
        handshake = v;
        continue;
      case '--reply-timeout':
        v = seconds(true);
        if (typeof v !== 'number') return v;
        reply = v;
        continue;
      case '--message':
        v = value();
        if (typeof v !== 'string') return v;
        message = v;
        continue;
      case '--no-echo':
        echo = false;
        continue;
      case '--config':
        v = value();
        if (typeof v !== 'string') return v;
        configPath = v;
        continue;
      case '--location':
        v = value();
        if (typeof v !== 'string') return v;
        if (!v.startsWith('/')) return { code: 'usage-location', params: { value: v } };
        location = v;
        continue;
      case '--listen': {
        v = value();
        if (typeof v !== 'string') return v;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 65535) return { code: 'usage-port', params: { value: v } };
        listen = n;
        continue;
      }
      case '--nginx-version':
        v = value();
        if (typeof v !== 'string') return v;
        if (!/^\d+\.\d+(\.\d+)?$/.test(v)) return { code: 'usage-nginx-version', params: { value: v } };
        nginxVersion = v;
        continue;
      case '--json':
        json = true;
        continue;
      case '--color':
        color = true;
        continue;
      default:
        if (a.startsWith('-') && a !== '-') return { code: 'usage-unknown-option', params: { option: a } };
        if (url !== null) return { code: 'usage-two-urls', params: { first: url, second: a } };
        url = a;
    }
  }
  if (url === null) return { code: 'usage-no-url', params: {} };
  if (idle !== null && idle > maxIdle) return { code: 'usage-idle-over-max', params: { idle, max: maxIdle } };
  if (!configPath) {
    if (location !== null) return { code: 'usage-config-only', params: { option: '--location' } };
    if (listen !== null) return { code: 'usage-config-only', params: { option: '--listen' } };
    if (nginxVersion !== null) return { code: 'usage-config-only', params: { option: '--nginx-version' } };
  }
  return {
    url,
    configPath,
    json,
    color,
    options: {
      request: { extra, origin, protocols },
      insecure,
      connectTimeout: connect,
      handshakeTimeout: handshake,
      replyTimeout: reply,
      hold: idle ?? maxIdle,
      echo,
      message,
      location,
      listen,
      nginxVersion,
    },
  };
}

function usageError(code: MessageCode, params: Params): number {
  process.stderr.write(`nginx-ws-lab probe: ${say(code, params)}\nTry 'nginx-ws-lab probe --help'.\n`);
  return EXIT.usage;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if ('code' in parsed) return usageError(parsed.code, parsed.params);
  const target = parseTarget(parsed.url);
  if (isTargetProblem(target)) return usageError(target.code, target.params);
  // The config is read before anything goes on the wire: a typo should not cost a 120 s hold.
  let config: LoadedConfig | null = null;
  if (parsed.configPath) {
    try {
      config = loadConfig(parsed.configPath);
    } catch (e) {
      if (!(e instanceof ConfigFailure)) throw e;
      return usageError(e.code, e.params);
    }
  }
  const out = new Output({ json: parsed.json, color: parsed.color });
  const interrupt = new Interrupt();
  const onSigint = () => interrupt.fire();
  process.on('SIGINT', onSigint);
  try {
    const report = await probe({ ...parsed.options, target, config }, out, interrupt);
    if (parsed.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(renderSummary(report, process.stdout.columns || 100));
    return report.exit;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
