/**
 * nginx's answer when no `proxy_pass` or `return` handles the request: the content phase's
 * index module (URI ending in `/`), static module (any other URI) and the core's fallback,
 * with the error-log line each writes. The file system is the conformance run's prefix: the
 * scenario's `files` under /usr/share/nginx/, nothing else. Serving a file that exists is
 * not modelled (the caller reports it).
 */
import { PrefixFiles } from '../eval/files';
import type { StaticPlan } from '../eval/static';

export interface StaticAnswer {
  status: number;
  log: string[];
  /** Set when nginx would serve a file: the simulator does not model that. */
  unmodelled: string | null;
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
    if (fs.isFile(plan.path) || fs.isDirectory(plan.path))
      return { status: 404, log: [], unmodelled: `serving "${plan.path}" is not modelled` };
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
  if (!fs.isDirectory(dir)) {
    const log = plan.logNotFound
      ? [`[error] "${plan.path}" is not found (2: No such file or directory)`]
      : [];
    return { status: 404, log, unmodelled: null };
  }
  // Every content handler declined a URI ending in `/` (ngx_http_core_content_phase).
  return { status: 403, log: [`[error] directory index of "${dir}" is forbidden`], unmodelled: null };
}
