/**
 * Warnings nginx writes to error.log while it reads the configuration, before any request: the
 * conformance runner reads it twice (`nginx -t`, then the start), so each appears twice, in order.
 */
import { descendants, nameOf, sourceOf } from '../config/tree';
import type { Prepared } from './prepare';

/** Where the run's files live (Debian's prefix), as nginx names a config file in its messages. */
const PREFIX = '/usr/share/nginx/';

/** The warning lines of one reading of the configuration. */
function warningsOf(prepared: Prepared): string[] {
  const out: string[] = [];
  for (const d of descendants(prepared.parse.root)) {
    // ngx_http_ssl_deprecated (the directive exists before 1.25.1 only; the parser refuses it later).
    if (nameOf(d) === 'ssl') {
      const { file, line } = sourceOf(d);
      out.push(
        `[warn] the "ssl" directive is deprecated, use the "listen ... ssl" directive instead in ${PREFIX}${file}:${line}`,
      );
    }
  }
  return out;
}

/** The configuration's warnings as the run's error.log holds them: `nginx -t`'s, then the start's. */
export function configWarnings(prepared: Prepared): string[] {
  const once = warningsOf(prepared);
  return [...once, ...once];
}
