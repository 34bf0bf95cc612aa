import type { RuleId } from './types';

/**
 * Where each rule is explained in the guides (site path without the language prefix).
 * Anchors are explicit ids that exist in both languages (headings slugify differently in
 * zh and en); tests/unit/diagnostics-guides.test.ts checks every target exists.
 */
export const ruleGuides: Record<RuleId, string> = {
  'ws-missing-http-version': '/guides/troubleshooting/#t-http10',
  'ws-upgrade-not-forwarded': '/guides/troubleshooting/#t-no-upgrade',
  'ws-connection-not-set': '/guides/minimal-config/',
  'ws-connection-hardcoded-upgrade': '/guides/map-connection-upgrade/',
  'ws-connection-from-client': '/guides/troubleshooting/#t-firefox',
  'ws-map-no-default': '/guides/map-connection-upgrade/',
  'ws-map-no-empty-key': '/guides/map-connection-upgrade/',
  'ws-map-variable-undefined': '/guides/map-connection-upgrade/',
  'ws-header-inheritance-lost': '/guides/troubleshooting/#t-host',
  'ws-keepalive-connection-close': '/guides/load-balancing/',
  'ws-read-timeout-vs-heartbeat': '/guides/troubleshooting/#t-1006',
  'ws-connect-timeout-cap': '/guides/timeouts/',
  'ws-buffering-myth': '/guides/tuning-myths/',
  'ws-gzip-myth': '/guides/tuning-myths/',
  'ws-tls-obsolete': '/guides/tls-wss/',
  'ws-worker-connections-low': '/guides/tuning-myths/',
  'ws-location-shadowed': '/guides/troubleshooting/#t-regex',
  'ws-trailing-slash-redirect': '/guides/troubleshooting/#t-trailing-slash',
  'ws-add-header-not-on-101': '/guides/troubleshooting/#t-add-header',
  'ws-add-header-inheritance-lost': '/guides/troubleshooting/#t-add-header',
  'ws-if-last-wins': '/guides/troubleshooting/#t-if',
  'ws-invisible-character': '/guides/troubleshooting/',
};

/**
 * The scenario that shows a behaviour-backed rule's effect on real nginx (file name of a
 * scenario under content/scenarios/, recorded against nginx 1.22.1).
 */
export const ruleScenarios: Partial<Record<RuleId, string>> = {
  'ws-missing-http-version': 'conformance/proxy-http-version-10-explicit.yaml',
  'ws-upgrade-not-forwarded': 'conformance/hop-by-hop-not-forwarded.yaml',
  'ws-connection-not-set': 'diagnostics/ws-connection-not-set.yaml',
  'ws-connection-hardcoded-upgrade': 'conformance/hardcoded-connection-upgrade-plain.yaml',
  'ws-map-no-default': 'conformance/map-no-default-unknown-upgrade.yaml',
  'ws-header-inheritance-lost': 'conformance/inherit-lost-at-server.yaml',
  'ws-keepalive-connection-close': 'conformance/keepalive-missing-connection-reset.yaml',
  'ws-read-timeout-vs-heartbeat': 'conformance/timeout-backend-pings-rearm.yaml',
  'ws-trailing-slash-redirect': 'conformance/redirect-trailing-slash-301.yaml',
  'ws-add-header-not-on-101': 'conformance/add-header-not-on-101.yaml',
  'ws-add-header-inheritance-lost': 'conformance/add-header-server-lost-in-location.yaml',
  'ws-if-last-wins': 'conformance/if-two-ifs-last-wins.yaml',
};
