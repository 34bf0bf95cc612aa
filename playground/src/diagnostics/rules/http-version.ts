import type { CodeTable } from '../../message';
import { insertInto, replaceDirective } from '../edits';
import { inherited } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, evidenceNote, type Finding, locationLabel, wsSeverity } from '../rule';
import { own } from '../tree';
import { hasModernProxyDefaults } from '../units';

const missingHttpVersionCodes = {
  'ws-missing-http-version.explanation': ['note'],
  'ws-missing-http-version.old': ['location', 'version'],
  'ws-missing-http-version.missing': ['location', 'nginx'],
  'ws-missing-http-version.default-ok': ['location', 'nginx'],
  'ws-missing-http-version.fix-use': [],
  'ws-missing-http-version.fix-add': [],
} as const satisfies CodeTable;

const say = ruleMessages(missingHttpVersionCodes);

export const missingHttpVersion = defineRule({
  id: 'ws-missing-http-version',
  guide: '/guides/troubleshooting/#t-http10',
  scenario: 'conformance/proxy-http-version-10-explicit.yaml',
  codes: missingHttpVersionCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const set = inherited(ctx.model, ws.node, 'proxy_http_version');
      const value = set?.nodes.at(-1)?.args[0];
      if (value === '1.1') continue;
      if (set && value !== undefined) {
        const node = set.nodes.at(-1)!;
        findings.push({
          node,
          severity: 'error',
          message: say('ws-missing-http-version.old', { location: locationLabel(ws.node), version: value }),
          explanation: say('ws-missing-http-version.explanation', { note: '' }),
          fix: {
            title: say('ws-missing-http-version.fix-use'),
            edits: [replaceDirective(ctx, node, 'proxy_http_version 1.1;')],
          },
        });
        continue;
      }
      const anchor = ws.proxyPass.parent === ws.node ? ws.proxyPass : undefined;
      const fix = {
        title: say('ws-missing-http-version.fix-add'),
        edits: [
          insertInto(
            ctx,
            ws.node,
            ['proxy_http_version 1.1;'],
            anchor ?? own(ws.node, 'proxy_set_header')[0],
          ),
        ],
      };
      // From 1.29.7 the default is 1.1: the upgrade works, and the reader is told so (and that
      // the same config fails on the 1.22 and 1.26 that Debian 12 and 13 ship).
      const modern = hasModernProxyDefaults(ctx.nginxVersion);
      findings.push({
        node: ws.node,
        severity: modern ? 'info' : wsSeverity(ws),
        message: say(modern ? 'ws-missing-http-version.default-ok' : 'ws-missing-http-version.missing', {
          location: locationLabel(ws.node),
          nginx: ctx.nginxVersion,
        }),
        explanation: say('ws-missing-http-version.explanation', { note: modern ? '' : evidenceNote(ws) }),
        fix,
      });
    }
    return findings;
  },
});
