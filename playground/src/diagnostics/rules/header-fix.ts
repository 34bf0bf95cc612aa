import type { RuleContext } from '../context';
import { insertBefore, insertInto, renderDirective } from '../edits';
import { ownHeaders, parentHeaders } from '../headers';
import type { MapInfo } from '../maps';
import { readsUpgrade } from '../maps';
import { enclosing, httpOf, type Node, own } from '../tree';
import type { TextEdit } from '../types';

/**
 * Edits that add `proxy_set_header` lines to a location without losing inherited ones: when
 * the location has none of its own yet, the inherited list is copied in first (a level that
 * sets one header replaces the whole inherited list).
 */
export function addHeaders(ctx: RuleContext, location: Node, lines: string[]): TextEdit {
  const mine = ownHeaders(location);
  const copies =
    mine.length === 0
      ? parentHeaders(ctx.model, location).entries.map((e) =>
          renderDirective('proxy_set_header', [e.name, e.value]),
        )
      : [];
  const anchor =
    mine.at(-1)?.node ??
    own(location, 'proxy_http_version')[0] ??
    own(location, 'proxy_pass')[0] ??
    undefined;
  return insertInto(ctx, location, [...copies, ...lines], anchor);
}

/** A map that turns `$http_upgrade` into a Connection value, if the config has one. */
export function upgradeMap(ctx: RuleContext): MapInfo | undefined {
  return ctx.maps.find((m) => readsUpgrade(m) && m.variable !== '');
}

/** The canonical map text; `''` maps to nothing when the upstream keeps connections alive. */
export function mapLines(variable: string, keepalive: boolean): string[] {
  return [
    `map $http_upgrade $${variable} {`,
    '    default upgrade;',
    keepalive ? '    \'\'      "";' : "    ''      close;",
    '}',
  ];
}

/**
 * Edit that defines the canonical map before the server holding `location` (maps are only
 * allowed in http), or null when the server does not sit in an http context we can see.
 */
export function defineMap(
  ctx: RuleContext,
  location: Node,
  variable: string,
  keepalive: boolean,
): TextEdit | null {
  const server = enclosing(location, 'server');
  if (!server || !httpOf(server) || server.parent !== httpOf(server)) return null;
  return insertBefore(ctx, server, mapLines(variable, keepalive));
}
