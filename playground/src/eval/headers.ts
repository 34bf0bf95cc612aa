/**
 * The header block of the upstream request, exactly as nginx 1.22's proxy module builds it
 * (`ngx_http_proxy_init_headers` + `ngx_http_proxy_create_request`): the effective level's
 * `proxy_set_header` entries in config order, then the default-table entries they did not
 * override, then the client's headers whose names are in neither, in client order. An entry
 * whose value is empty is not sent. Every header considered gets a `HeaderDecision`.
 */

import { effective } from '../config/inherit';
import { type ConfigNode, is, sourceOf } from '../config/tree';
import type { ReasonCode } from '../explain/reasons';
import type { HeaderDecision, Provenance } from '../explain/types';
import type { RequestVariables } from './variables';
import type { VersionFeatures } from './version';

interface Entry {
  name: string;
  value: string;
  provenance: Provenance;
}

/** nginx 1.22's default table (`ngx_http_proxy_headers`); the value of Connection depends on the version. */
/** The proxy module's default header table: name, value, and the reason code explaining it. */
function defaultTable(features: VersionFeatures): Array<[string, string, ReasonCode]> {
  return [
    ['Host', '$proxy_host', 'default-host'],
    [
      'Connection',
      features.defaultConnection,
      features.defaultConnection ? 'default-connection-close' : 'default-connection-none',
    ],
    ['Content-Length', '$proxy_internal_body_length', 'default-body'],
    ['Transfer-Encoding', '$proxy_internal_chunked', 'default-body'],
    ['TE', '', 'default-hop-by-hop'],
    ['Keep-Alive', '', 'default-hop-by-hop'],
    ['Expect', '', 'default-expect'],
    ['Upgrade', '', 'default-upgrade'],
  ];
}

export interface UpstreamHeaders {
  /** Sent headers in order, names as written (config spelling or client spelling). */
  sent: Array<[string, string]>;
  decisions: HeaderDecision[];
}

function directiveProvenance(d: ConfigNode): Provenance {
  const s = sourceOf(d);
  return { kind: 'directive', directive: d.name, file: s.file, line: s.line };
}

/**
 * The upstream request's headers for the configuration `conf` (the block that applies);
 * `label` names a level in explanations (`location /chat/`, `server`, `http`).
 */
export function buildUpstreamHeaders(
  conf: ConfigNode,
  vars: RequestVariables,
  features: VersionFeatures,
  passRequestHeaders: boolean,
  label: (level: ConfigNode) => string,
): UpstreamHeaders {
  const decisions: HeaderDecision[] = [];
  const set = effective(conf, 'proxy_set_header');
  const merged: Entry[] = [];
  const own = set ? set.nodes.filter((d) => d.args.length === 2) : [];
  for (const d of own)
    merged.push({ name: d.args[0]!, value: d.args[1]!, provenance: directiveProvenance(d) });
  const setNames = new Set(merged.map((e) => e.name.toLowerCase()));
  for (const [name, value, code] of defaultTable(features)) {
    if (setNames.has(name.toLowerCase())) continue;
    merged.push({ name, value, provenance: { kind: 'default', code } });
  }
  const inTable = new Set(merged.map((e) => e.name.toLowerCase()));

  // Entries from outer levels that the effective level's own entries replace wholesale.
  if (set) {
    const firstOwn = own[0];
    for (const outer of set.hidden) {
      for (const d of outer.children) {
        if (!is(d, 'proxy_set_header') || d.block || d.args.length !== 2) continue;
        decisions.push({
          name: d.args[0]!,
          value: null,
          sent: false,
          provenance: directiveProvenance(d),
          reason: {
            code: 'not-inherited',
            params: { level: label(outer), by: label(set.level), line: firstOwn?.span.line ?? 0 },
          },
        });
      }
    }
  }

  const sent: Array<[string, string]> = [];
  const sentDecisions: HeaderDecision[] = [];
  for (const entry of merged) {
    const value = entry.value === '' ? '' : vars.interpolate(entry.value);
    if (value === '') {
      const internal = entry.value.startsWith('$proxy_internal_');
      if (internal) continue;
      sentDecisions.push({
        name: entry.name,
        value: null,
        sent: false,
        provenance: entry.provenance,
        reason: {
          code: entry.value === '' ? 'empty-in-table' : 'empty-value',
          params: { expression: entry.value },
        },
      });
      continue;
    }
    sent.push([entry.name, value]);
    sentDecisions.push({ name: entry.name, value, sent: true, provenance: entry.provenance });
  }

  // 1.31.4+: Host goes right after the request line.
  if (features.hostFirst) {
    const i = sent.findIndex(([n]) => n.toLowerCase() === 'host');
    if (i > 0) sent.unshift(...sent.splice(i, 1));
  }

  for (const [name, value] of vars.request.headers) {
    const lower = name.toLowerCase();
    if (!passRequestHeaders) {
      sentDecisions.push({
        name,
        value: null,
        sent: false,
        provenance: { kind: 'client' },
        reason: { code: 'request-headers-off' },
      });
      continue;
    }
    if (inTable.has(lower)) {
      sentDecisions.push({
        name,
        value: null,
        sent: false,
        provenance: { kind: 'client' },
        reason: {
          code: setNames.has(lower) ? 'replaced-by-set' : 'dropped-by-default-table',
          params: { value },
        },
      });
      continue;
    }
    sent.push([name, value]);
    sentDecisions.push({ name, value, sent: true, provenance: { kind: 'client' } });
  }
  return { sent, decisions: [...sentDecisions, ...decisions] };
}
