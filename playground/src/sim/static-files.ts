/**
 * nginx's answer when no `proxy_pass` or `return` handles the request: the content phase's
 * index module (URI ending in `/`), static module (any other URI) and the core's fallback,
 * with the error-log line each writes. The file system is the conformance run's prefix: the
 * scenario's `files` under /usr/share/nginx/, nothing else. Serving a file that exists is
 * not modelled (the caller reports it).
 */
import { PrefixFiles } from '../eval/files';
import { NGINX_PREFIX, type StaticPlan } from '../eval/static';
import { escapeUri } from '../eval/uri-escape';

export interface StaticAnswer {
  status: number;
  log: string[];
  /** Set when nginx would serve a file: the simulator does not model that. */
  unmodelled: string | null;
  /** A file served (200): its size in bytes and Content-Type. */
  file?: { size: number; contentType: string };
  /** The directory redirect's Location (301), before the header filter makes it absolute. */
  location?: string;
}

/**
 * The conformance runner gives every file it writes this modification time (1000000000,
 * Sun, 09 Sep 2001 01:46:40 GMT), so Last-Modified and ETag of a served file are fixed.
 */
export const FILE_MTIME = 1_000_000_000;

/** ngx_http_set_etag: `"<mtime hex>-<size hex>"`. */
export function etagOf(size: number): string {
  return `"${FILE_MTIME.toString(16)}-${size.toString(16)}"`;
}

/** ngx_http_static_handler and ngx_http_index_handler only act on these methods. */
const FILE_METHODS = new Set(['GET', 'HEAD', 'POST']);

export function answerStatic(
  plan: StaticPlan,
  method: string,
  files: Record<string, string> | undefined,
): StaticAnswer {
  // The index module declines other methods and the static module refuses them before it
  // looks at the URI, so even `PUT /dir/` is a 405, not the core's 403.
  if (!FILE_METHODS.has(method)) return { status: 405, log: [], unmodelled: null };
  const fs = new PrefixFiles(files);
  if (!plan.directory) {
    // ngx_http_static_handler: a missing file is logged at error level with open()'s errno
    // unless log_not_found is off, and answered 404.
    if (fs.isFile(plan.path)) {
      if (method === 'POST') return { status: 405, log: [], unmodelled: null };
      const text = files?.[plan.path.slice(NGINX_PREFIX.length)] ?? '';
      const size = new TextEncoder().encode(text).length;
      return { status: 200, log: [], unmodelled: null, file: { size, contentType: plan.contentType } };
    }
    if (fs.isDirectory(plan.path)) {
      // The URI names a directory: 301 to it with a slash, escaped (always so under alias or
      // with arguments, which are kept).
      const escaped = escapeUri(plan.uri, 'uri');
      const location =
        !plan.alias && plan.args === '' && escaped === plan.uri
          ? `${plan.uri}/`
          : `${escaped}/${plan.args !== '' ? `?${plan.args}` : ''}`;
      return { status: 301, log: [], unmodelled: null, location };
    }
    const log = plan.logNotFound
      ? [`[error] open() "${plan.path}" failed (2: No such file or directory)`]
      : [];
    return { status: 404, log, unmodelled: null };
  }
  // The directory the URI names: the index path without its index file name.
  const dir = plan.path.slice(0, plan.path.length - plan.index[0]!.length);
  for (const name of plan.index) {
    if (fs.isFile(dir + name))
      return { status: 200, log: [], unmodelled: `serving "${dir}${name}" is not modelled` };
  }
  // ngx_http_index_test_dir: after the first index file fails with ENOENT it checks the
  // directory; when that is missing too, ngx_http_index_error logs the first index path
  // (the directory name is cut out of it in place, then restored before logging).
  if (fs.isFile(dir.slice(0, -1))) {
    // A file used as a directory: open() of the index fails with ENOTDIR.
    const log = plan.logNotFound ? [`[error] "${plan.path}" is not found (20: Not a directory)`] : [];
    return { status: 404, log, unmodelled: null };
  }
  if (!fs.isDirectory(dir)) {
    const log = plan.logNotFound
      ? [`[error] "${plan.path}" is not found (2: No such file or directory)`]
      : [];
    return { status: 404, log, unmodelled: null };
  }
  // Every content handler declined a URI ending in `/` (ngx_http_core_content_phase).
  return { status: 403, log: [`[error] directory index of "${dir}" is forbidden`], unmodelled: null };
}
