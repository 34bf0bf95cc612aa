/**
 * try_files (ngx_http_try_files_handler): each name but the last is looked up under `root` (or
 * `alias`); a name ending in `/` must be a directory, any other a file. The first that exists
 * becomes the URI and the request goes on in the same location. If none does, the last
 * parameter decides: `=code`, a named location `@name`, or an internal redirect to a URI.
 */
import { nearestOf } from '../config/inherit';
import { type ConfigNode, is } from '../config/tree';
import type { FileSystem } from './files';
import type { LocationModel } from './model';
import { locationChain } from './routing';
import { staticPlan } from './static';
import type { RequestVariables } from './variables';

export type TryFilesResult =
  /**
   * `addUriToAlias`: found under a regex location's alias (r->add_uri_to_alias), so the file is
   * the alias followed by the URI rather than the alias alone.
   */
  | { kind: 'found'; uri: string; addUriToAlias: boolean }
  | { kind: 'code'; status: number }
  | { kind: 'named'; name: string }
  | { kind: 'redirect'; uri: string };

export function tryFiles(
  d: ConfigNode,
  conf: ConfigNode,
  location: LocationModel | null,
  vars: RequestVariables,
  files: FileSystem,
): TryFilesResult {
  const root = staticPlan(conf, location, vars.uri).documentRoot;
  // A prefix location's alias replaces that many characters of the URI.
  const aliasD = nearestOf(conf, ['root', 'alias']);
  const owner =
    aliasD && is(aliasD, 'alias')
      ? locationChain(location).find((l) => l.directive.children.includes(aliasD))
      : undefined;
  const aliasLen =
    owner && owner.modifier !== '~' && owner.modifier !== '~*' ? owner.pattern.length : owner ? -1 : 0;
  const args = d.args;
  for (let i = 0; i < args.length - 1; i++) {
    const raw = args[i]!;
    let name = vars.interpolate(raw);
    const testDir = name.endsWith('/');
    if (testDir) name = name.slice(0, -1);
    if (aliasLen > 0 && raw.includes('$') && name.startsWith(vars.uri.slice(0, aliasLen)))
      name = name.slice(aliasLen);
    const path = root + name;
    const exists = testDir ? files.isDirectory(path) : files.isFile(path);
    if (!exists) continue;
    const uri = aliasLen > 0 ? vars.uri.slice(0, aliasLen) + name : name;
    return { kind: 'found', uri, addUriToAlias: aliasLen < 0 && !testDir };
  }
  const last = args[args.length - 1]!;
  const code = /^=(\d{3})$/.exec(last);
  if (code) return { kind: 'code', status: Number(code[1]) };
  const value = vars.interpolate(last);
  if (value.startsWith('@')) return { kind: 'named', name: value };
  return { kind: 'redirect', uri: value };
}
