import type { CodeTable } from '../../message';
import { appendArgument, removeDirective, replaceDirective } from '../edits';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { descendants, enclosing, type Node, own } from '../tree';

const tlsObsoleteCodes = {
  'ws-tls-obsolete.message': ['protocols'],
  'ws-tls-obsolete.explanation': [],
  'ws-tls-obsolete.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages(tlsObsoleteCodes);

const obsolete = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export const tlsObsolete = defineRule({
  id: 'ws-tls-obsolete',
  guide: '/guides/tls-wss/',
  codes: tlsObsoleteCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of [ctx.root, ...descendants(ctx.root)]) {
      if (node.name !== 'ssl_protocols') continue;
      const old = node.args.filter((a) => obsolete.has(a));
      if (old.length === 0) continue;
      findings.push({
        node,
        severity: 'warning',
        message: say('ws-tls-obsolete.message', { protocols: old.join(' ') }),
        explanation: say('ws-tls-obsolete.explanation'),
        fix: {
          title: say('ws-tls-obsolete.fix'),
          edits: [replaceDirective(ctx, node, 'ssl_protocols TLSv1.2 TLSv1.3;')],
        },
      });
    }
    return findings;
  },
});

const sslOnDeprecatedCodes = {
  'ws-ssl-on-deprecated.message': [],
  'ws-ssl-on-deprecated.explanation': [],
  'ws-ssl-on-deprecated.fix': [],
} as const satisfies CodeTable;

const sslNoCertificateCodes = {
  'ws-ssl-no-certificate.message': ['listen'],
  'ws-ssl-no-certificate.explanation': [],
} as const satisfies CodeTable;

const sayTls = ruleMessages({ ...sslOnDeprecatedCodes, ...sslNoCertificateCodes });

/** The listen directives of a server that lack the `ssl` parameter. */
function plainListens(server: Node): Node[] {
  return own(server, 'listen').filter((l) => !l.args.slice(1).includes('ssl'));
}

export const sslOnDeprecated = defineRule({
  id: 'ws-ssl-on-deprecated',
  guide: '/guides/tls-wss/',
  codes: sslOnDeprecatedCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of descendants(ctx.root)) {
      if (node.name !== 'ssl' || node.args[0] !== 'on') continue;
      const server = enclosing(node, 'server');
      const listens = server ? plainListens(server) : [];
      findings.push({
        node,
        severity: 'warning',
        message: sayTls('ws-ssl-on-deprecated.message'),
        explanation: sayTls('ws-ssl-on-deprecated.explanation'),
        ...(server
          ? {
              fix: {
                title: sayTls('ws-ssl-on-deprecated.fix'),
                edits: [
                  ...listens.map((l) => appendArgument(ctx, l, 'ssl')),
                  removeDirective(ctx, node),
                ].sort((a, b) => a.from.line - b.from.line || a.from.col - b.from.col),
              },
            }
          : {}),
      });
    }
    return findings;
  },
});

/** A level that can hold ssl_certificate for `server`: the server itself, then http. */
function hasCertificate(server: Node): boolean {
  for (let n: Node | null = server; n; n = n.parent) if (own(n, 'ssl_certificate').length > 0) return true;
  return false;
}

/** An include nginx would read but this check cannot (not given): it may hold the certificate. */
function hasUnreadInclude(server: Node): boolean {
  for (let n: Node | null = server; n; n = n.parent)
    if ((n.block ?? []).some((c) => c.name === 'include' && !c.includes?.length)) return true;
  return false;
}

/** `listen` addresses as nginx groups them: a bare port is `*:port`. */
function listenAddress(listen: Node): string {
  const address = (listen.args[0] ?? '').toLowerCase();
  return /^\d+$/.test(address) ? `*:${address}` : address.replace(/^0\.0\.0\.0:/, '*:');
}

/**
 * What nginx -t checks after reading http: for every address some `listen … ssl` names, its
 * default server (`default_server`, else the first server listening there) needs a certificate
 * (its own or http's) unless it rejects handshakes.
 */
export const sslNoCertificate = defineRule({
  id: 'ws-ssl-no-certificate',
  guide: '/guides/tls-wss/',
  scenario: 'diagnostics/ws-ssl-no-certificate.yaml',
  codes: sslNoCertificateCodes,
  check(ctx) {
    const findings: Finding[] = [];
    const listens = ctx.servers.flatMap((server) => own(server, 'listen').map((node) => ({ server, node })));
    const sslAddresses = new Set(
      listens.filter((l) => l.node.args.slice(1).includes('ssl')).map((l) => listenAddress(l.node)),
    );
    for (const address of sslAddresses) {
      const here = listens.filter((l) => listenAddress(l.node) === address);
      const chosen =
        here.find((l) => l.node.args.slice(1).some((a) => a === 'default_server' || a === 'default')) ??
        here[0];
      if (!chosen || hasCertificate(chosen.server) || hasUnreadInclude(chosen.server)) continue;
      if (rejectsHandshakes(chosen.server)) continue;
      findings.push({
        node: here.find((l) => l.node.args.slice(1).includes('ssl'))?.node ?? chosen.node,
        severity: 'error',
        message: sayTls('ws-ssl-no-certificate.message', { listen: chosen.node.args[0] ?? '' }),
        explanation: sayTls('ws-ssl-no-certificate.explanation'),
      });
    }
    return findings;
  },
});

function rejectsHandshakes(server: Node): boolean {
  for (let n: Node | null = server; n; n = n.parent) {
    const last = own(n, 'ssl_reject_handshake').at(-1);
    if (last) return last.args[0] === 'on';
  }
  return false;
}
