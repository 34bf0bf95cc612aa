import type { RuleId } from './types';

/**
 * Where each rule is explained in the guides (site path without the language prefix).
 * One table so guide writers can move an anchor in one place.
 */
export const ruleGuides: Record<RuleId, string> = {
  'ws-missing-http-version': '/guides/upgrade-handshake/#proxy-http-version',
  'ws-upgrade-not-forwarded': '/guides/upgrade-handshake/#upgrade-header',
  'ws-connection-not-set': '/guides/upgrade-handshake/#connection-header',
  'ws-connection-hardcoded-upgrade': '/guides/connection-map/#hard-coded-upgrade',
  'ws-connection-from-client': '/guides/connection-map/#http-connection',
  'ws-map-no-default': '/guides/connection-map/#default',
  'ws-map-no-empty-key': '/guides/connection-map/#empty-key',
  'ws-map-variable-undefined': '/guides/connection-map/#define-the-map',
  'ws-header-inheritance-lost': '/guides/header-inheritance/#replaced-not-merged',
  'ws-keepalive-connection-close': '/guides/upstream-keepalive/#connection-empty',
  'ws-read-timeout-vs-heartbeat': '/guides/timeouts/#proxy-read-timeout',
  'ws-connect-timeout-cap': '/guides/timeouts/#proxy-connect-timeout',
  'ws-buffering-myth': '/guides/myths/#proxy-buffering',
  'ws-gzip-myth': '/guides/myths/#gzip',
  'ws-tls-obsolete': '/guides/tls/#ssl-protocols',
  'ws-worker-connections-low': '/guides/capacity/#worker-connections',
  'ws-location-shadowed': '/guides/locations/#shadowed-location',
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
};
