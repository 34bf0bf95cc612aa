/**
 * Constructs of a scenario that real nginx handles in ways the simulator does not model yet (the
 * causes of docs/world-corpus.md), found in the config, the request and the run, so the outcome's
 * `not_modelled` says "unknown here" instead of the simulator's guess passing for nginx's answer.
 * Each detector looks for the construct, not for a scenario: what it flags is what nginx would
 * treat differently.
 */
import type { ConfigError } from '../config/ast';
import { nearest } from '../config/inherit';
import { type ConfigNode, descendants, nameOf } from '../config/tree';
import type { Evaluation } from '../eval/evaluate';
import type { ClientRequest, OutcomeResponse } from '../scenario/types';
import { unmodelledAt, unmodelledFeature } from './not-modelled';

export interface LimitsInput {
  request: ClientRequest;
  /** The parsed configuration's top node (every directive is below it). */
  root: ConfigNode;
  /** The request's evaluation and the block whose configuration applied to it. */
  ev: Evaluation;
  conf: ConfigNode;
  /** What the client got (null: no response). */
  response: OutcomeResponse | null;
  /** What the upstream answered the client's request with (lower-case names), if it was proxied. */
  upstreamHeaders: ReadonlyArray<readonly [string, string]>;
  /** Requests nginx sent to a server of its own config on this run. */
  ownRequests: number;
}

type Detector = (input: LimitsInput) => ConfigError[];

const lower = (s: string) => s.toLowerCase();
const headerValues = (request: ClientRequest, name: string) =>
  request.headers.filter(([n]) => lower(n) === name).map(([, v]) => v);

/** Every directive of one name in the config, in reading order. */
function all(root: ConfigNode, name: string): ConfigNode[] {
  return descendants(root).filter((d) => nameOf(d) === name);
}

/** Several byte ranges asked of a proxied response (a single range is modelled: eval/ranges.ts). */
const proxyRanges: Detector = ({ request, ev }) =>
  ev.handling.kind === 'proxy' && headerValues(request, 'range').some((v) => v.includes(','))
    ? [unmodelledFeature('unmodelled-proxy-ranges')]
    : [];

/** Two true `if`s in a location, an earlier one with a handler (proxy_pass): nginx keeps the handler. */
const ifHandler: Detector = ({ ev }) => {
  const trueIfs = ev.rewrites.filter((s) => s.code === 'rewrite-if-true').map((s) => s.directive);
  if (trueIfs.length < 2) return [];
  const withHandler = trueIfs.slice(0, -1).find((d) => d.children.some((c) => nameOf(c) === 'proxy_pass'));
  return withHandler ? [unmodelledAt('unmodelled-if-handler', withHandler)] : [];
};

/** `ssi on` where the request is answered: nginx runs the page's SSI commands. */
const ssi: Detector = ({ conf }) => {
  const d = nearest(conf, 'ssi');
  return d?.args[0] === 'on' ? [unmodelledAt('unmodelled-ssi', d)] : [];
};

/** proxy_cache and gzip where the request is answered. */
const unrun: Detector = ({ conf, ev }) => {
  const out: ConfigError[] = [];
  const cache = nearest(conf, 'proxy_cache');
  if (ev.handling.kind === 'proxy' && cache && cache.args[0] !== 'off')
    out.push(unmodelledAt('unmodelled-proxy_cache', cache));
  const gzip = nearest(conf, 'gzip');
  if (gzip?.args[0] === 'on') out.push(unmodelledAt('unmodelled-gzip', gzip));
  return out;
};

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]*\])$/i;

/**
 * proxy_pass to a host name, not an address or an upstream{}: nginx resolves it at start into an
 * implicit upstream of all its addresses (`localhost`: 127.0.0.1 and ::1), also when a variable
 * names it; the simulator knows one address and no implicit upstream for variables.
 */
const implicitUpstream: Detector = ({ ev, root, conf }) => {
  const h = ev.handling;
  if (h.kind === 'proxy') {
    const t = h.target;
    if (t.upstream || IP.test(t.host)) return [];
    return [unmodelledAt('unmodelled-implicit-upstream', t.directive, { host: t.host })];
  }
  if (h.kind !== 'respond' || h.via !== 'no-resolver') return [];
  // A name through a variable: nginx finds the implicit upstream a literal proxy_pass made of it.
  const host = /no resolver defined to resolve (\S+)/.exec(h.log ?? '')?.[1];
  const literal = all(root, 'proxy_pass').some((d) => {
    const url = d.args[0] ?? '';
    return !url.includes('$') && lower(/^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1] ?? '') === lower(host ?? '');
  });
  const proxyPass = nearest(conf, 'proxy_pass');
  return host && literal && proxyPass
    ? [unmodelledAt('unmodelled-implicit-upstream', proxyPass, { host })]
    : [];
};

/**
 * A request to a server of this same nginx over a connection nginx caches (an upstream{} that
 * keeps connections, as explicit ones do by default since 1.29.7): the cached connection stays
 * open, so when it closes and the log lines that come with it are not modelled.
 */
const ownCachedUpstream: Detector = ({ ownRequests, ev }) =>
  ownRequests > 0 && ev.handling.kind === 'proxy' && (ev.handling.keepalive?.count ?? 0) > 0
    ? [
        unmodelledAt('unmodelled-own-upstream-keepalive', ev.handling.target.directive, {
          address: ev.handling.target.authority,
        }),
      ]
    : [];

const DETECTORS: readonly Detector[] = [
  implicitUpstream,
  ownCachedUpstream,
  proxyRanges,
  ifHandler,
  ssi,
  unrun,
];

/** The notes of everything in this run the simulator does not model. */
export function detectLimits(input: LimitsInput): ConfigError[] {
  return DETECTORS.flatMap((detect) => detect(input));
}
