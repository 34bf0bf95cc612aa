/**
 * Where nginx's static and index handlers look for a request that no `proxy_pass` or
 * `return` answers: the URI mapped onto `root` or `alias` (ngx_http_map_uri_to_path), the
 * `index` names for a URI ending in `/`, and whether a missing file is logged
 * (`log_not_found`). No file system is consulted here; the simulator decides what exists.
 */

import { listOf, nearest, nearestOf } from '../config/inherit';
import { type ConfigNode, is, type Source, sourceOf } from '../config/tree';
import { contentTypeFor } from './mime';
import type { LocationModel } from './model';
import { locationChain } from './routing';

/**
 * Debian's nginx is built with `--prefix=/usr/share/nginx`, so the default `root html`
 * (ngx_http_core_merge_loc_conf) is /usr/share/nginx/html, and every relative path
 * resolves under that prefix. The conformance runner reports its private prefix under
 * the same name, so recorded log lines read the same.
 */
export const NGINX_PREFIX = '/usr/share/nginx/';

export interface StaticPlan {
  kind: 'static';
  /** The file (or, for a URI ending in `/`, the directory path + first index name) nginx opens. */
  path: string;
  /** The request's URI ends in `/`: the index module answers, not the static module. */
  directory: boolean;
  /** Index names in order (`index`, default `index.html`). */
  index: string[];
  logNotFound: boolean;
  /** The `root` / `alias` that applied; null for the compiled-in default. */
  source: Source | null;
  /** `$request_filename` (no index name appended) and `$document_root`. */
  filename: string;
  documentRoot: string;
  /** The URI and arguments it was planned for (a directory redirect repeats them). */
  uri: string;
  args: string;
  /** `alias` applied (the directory redirect is then always built escaped). */
  alias: boolean;
  /** What a served file's Content-Type would be (types / default_type). */
  contentType: string;
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : NGINX_PREFIX + path;
}

/**
 * ngx_http_map_uri_to_path for the configuration `conf`: `root` + URI, or `alias` + the URI
 * after the location's prefix.
 */
export function staticPlan(
  conf: ConfigNode,
  location: LocationModel | null,
  uri: string,
  args = '',
  addUriToAlias = false,
): StaticPlan {
  // `root` and `alias` set the same thing; the nearest of either wins.
  const d = nearestOf(conf, ['root', 'alias']);
  let base = uri;
  let dir = absolute('html');
  if (d && is(d, 'alias')) {
    // The location that owns the alias decides how much of the URI it replaces.
    const owner = locationChain(location).find((l) => l.directive.children.includes(d));
    const regex = owner?.modifier === '~' || owner?.modifier === '~*';
    // A regex location's alias is the whole path, unless try_files found the URI under it.
    base = regex ? (addUriToAlias ? uri : '') : uri.slice(Math.min(owner?.pattern.length ?? 0, uri.length));
    dir = absolute(d.args[0] ?? '');
  } else if (d) {
    dir = absolute(d.args[0] ?? 'html');
  }
  const indexD = listOf(conf, 'index')[0];
  const index = indexD && indexD.args.length > 0 ? indexD.args : ['index.html'];
  const directory = uri.endsWith('/');
  const logNotFound = nearest(conf, 'log_not_found')?.args[0] !== 'off';
  const path = `${dir}${base}${directory ? index[0]! : ''}`;
  return {
    kind: 'static',
    path,
    directory,
    index,
    logNotFound,
    source: d ? sourceOf(d) : null,
    filename: `${dir}${base}`,
    documentRoot: dir,
    uri,
    args,
    alias: d !== undefined && is(d, 'alias'),
    contentType: contentTypeFor(conf, uri),
  };
}
