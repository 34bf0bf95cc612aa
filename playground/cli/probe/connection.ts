/**
 * The probe's TCP connection, and TLS on top of it for wss://: resolved, connected and
 * secured within one deadline (--connect-timeout), each step noted with its duration so a
 * slow hop shows where the time went.
 */
import { lookup } from 'node:dns/promises';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { type PeerCertificate, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { EXIT, ProbeFailure } from './failure';
import type { MessageCode, Nested, Params } from './messages';
import type { Target } from './target';

export interface TlsInfo {
  protocol: string;
  cipher: string;
  alpn: string | null;
  subject: string;
  issuer: string;
  valid_to: string;
  /** Whether the certificate chain and name checked out; false only with --insecure. */
  trusted: boolean;
  untrusted_why: string | null;
  ms: number;
}

export interface Opened {
  socket: Socket;
  address: string;
  connectMs: number;
  tls: TlsInfo | null;
}

export interface ConnectOptions {
  timeoutMs: number;
  insecure: boolean;
  /** Ctrl-C: stops whichever step is under way. */
  signal?: AbortSignal;
  /** A line of the transcript: `* …`. */
  note(code: MessageCode, params: Params): void;
}

/** Errors where trusting the certificate anyway (--insecure) is the way on. */
const CERTIFICATE_ERRORS =
  /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ALTNAME|HOSTNAME|unable to verify|self[- ]signed|certificate/i;
/** What OpenSSL says when the other end answers TLS with plain text. */
const NOT_TLS = /wrong version number|packet length too long|http request|unknown protocol/i;

export async function openConnection(t: Target, o: ConnectOptions): Promise<Opened> {
  const deadline = performance.now() + o.timeoutMs;
  const left = () => Math.max(0, deadline - performance.now());
  const timeoutFailure = (address: string) =>
    new ProbeFailure(
      'fail-connect-timeout',
      { address, port: t.port, seconds: o.timeoutMs / 1000 },
      EXIT.noConnection,
    );

  let address = t.host;
  if (!isIP(t.host)) {
    o.note('resolving', { host: t.host });
    try {
      address = (
        await within(
          lookup(t.host),
          left(),
          () => timeoutFailure(t.host),
          () => {},
          o.signal,
        )
      ).address;
    } catch (e) {
      if (e instanceof ProbeFailure) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const why: Nested =
        code === 'ENOTFOUND'
          ? { code: 'dns-not-found' }
          : code === 'EAI_AGAIN'
            ? { code: 'dns-no-answer' }
            : { code: 'why-errno', params: { errno: code ?? (e as Error).message } };
      throw new ProbeFailure('fail-dns', { host: t.host, why }, EXIT.noConnection);
    }
    o.note('resolved', { host: t.host, address });
  }

  o.note('trying', { address: isIP(address) === 6 ? `[${address}]` : address, port: t.port });
  const started = performance.now();
  const socket = tcpConnect({ host: address, port: t.port });
  socket.setNoDelay(true);
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      left(),
      () => timeoutFailure(address),
      () => socket.destroy(),
      o.signal,
    );
  } catch (e) {
    socket.destroy();
    if (e instanceof ProbeFailure) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ECONNREFUSED')
      throw new ProbeFailure('fail-refused', { address, port: t.port }, EXIT.noConnection);
    throw new ProbeFailure(
      'fail-connect',
      { address, port: t.port, why: err.code ?? err.message },
      EXIT.noConnection,
    );
  }
  socket.removeAllListeners('error');
  const connectMs = performance.now() - started;
  o.note('connected', { address, port: t.port, ms: connectMs.toFixed(1) });
  if (!t.secure) return { socket, address, connectMs, tls: null };
  const secured = await secure(socket, t, o, left(), () => timeoutFailure(address));
  return { socket: secured.socket, address, connectMs, tls: secured.info };
}

async function secure(
  plain: Socket,
  t: Target,
  o: ConnectOptions,
  ms: number,
  onTimeout: () => ProbeFailure,
): Promise<{ socket: TLSSocket; info: TlsInfo }> {
  const started = performance.now();
  const socket = tlsConnect({
    socket: plain,
    host: t.host,
    // SNI carries names only (RFC 6066); an address there is refused by Node.
    ...(isIP(t.host) ? {} : { servername: t.host }),
    rejectUnauthorized: !o.insecure,
    ALPNProtocols: ['http/1.1'],
  });
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
        socket.once('close', () =>
          reject(Object.assign(new Error('tls-closed'), { probeWhy: { code: 'tls-closed' } })),
        );
      }),
      ms,
      onTimeout,
      () => socket.destroy(),
      o.signal,
    );
  } catch (e) {
    socket.destroy();
    if (e instanceof ProbeFailure) throw e;
    const err = e as NodeJS.ErrnoException & { reason?: string; probeWhy?: Nested };
    // OpenSSL's errors carry a short reason; their message is the whole error stack.
    const why = err.probeWhy ?? (err.reason || err.message || String(err.code)).replace(/[:\s]+$/, '');
    const hints: MessageCode[] = [];
    const text = typeof why === 'string' ? why : '';
    if (CERTIFICATE_ERRORS.test(`${err.code ?? ''} ${text}`)) hints.push('fail-tls-hint-insecure');
    else if (NOT_TLS.test(text)) hints.push('fail-tls-hint-plain');
    throw new ProbeFailure('fail-tls', { host: t.host, why }, EXIT.noConnection, hints);
  }
  socket.removeAllListeners('error');
  socket.removeAllListeners('close');
  const cert = socket.getPeerCertificate();
  const cipher = socket.getCipher();
  const info: TlsInfo = {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: cipher?.standardName ?? cipher?.name ?? 'unknown',
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    subject: certName(cert?.subject),
    issuer: certName(cert?.issuer),
    valid_to: cert?.valid_to ?? 'unknown',
    trusted: socket.authorized,
    untrusted_why: socket.authorized ? null : String(socket.authorizationError ?? 'unknown'),
    ms: performance.now() - started,
  };
  o.note('tls-done', {
    protocol: info.protocol,
    cipher: info.cipher,
    alpn: info.alpn ? `, ALPN ${info.alpn}` : '',
    ms: info.ms.toFixed(1),
  });
  o.note('tls-certificate', { subject: info.subject, issuer: info.issuer, valid_to: info.valid_to });
  if (!info.trusted) o.note('tls-untrusted', { why: info.untrusted_why ?? '' });
  return { socket, info };
}

function certName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return 'unknown';
  const parts = (['CN', 'O'] as const).flatMap((k) => (name[k] ? [`${k}=${name[k]}`] : []));
  return parts.length ? parts.join(', ') : 'unknown';
}

/** `p`, or `onTimeout()`'s failure after `ms` (running `cancel` first). */
export function within<T>(
  p: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  cancel: () => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = (f: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () =>
      settle(() => {
        cancel();
        reject(new ProbeFailure('fail-interrupted', {}, EXIT.interrupted));
      });
    const timer = setTimeout(
      () =>
        settle(() => {
          cancel();
          reject(onTimeout());
        }),
      ms,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    p.then(
      (v) => settle(() => resolve(v)),
      (e) => settle(() => reject(e)),
    );
  });
}
