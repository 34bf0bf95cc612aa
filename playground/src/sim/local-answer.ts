/**
 * What nginx answers by itself, without a backend: a request it refuses (request line, Host,
 * method), `return`, a rewrite's redirect or failure, a static file. The same for scenario v1
 * and for each request of v2.
 */
import type { ConfigError } from '../config/ast';
import { type Evaluation, lateEvaluation } from '../eval/evaluate';
import type { Exchange } from './exchange';
import { byteLength } from './pages';
import { CONFIG_FILE } from './prepare';
import type { Recorder } from './recorder';
import { answerStatic, etagOf } from './static-files';

/** The exchange for every handling but `proxy` (which needs the upstream exchange). */
export function answerLocally(
  ev: Evaluation,
  method: string,
  files: Record<string, string> | undefined,
  rec: Recorder,
  errors: ConfigError[],
): Exchange {
  const h = ev.handling;
  switch (h.kind) {
    case 'bad-request':
      rec.log(h.log);
      return { kind: 'response', at: 0, status: h.status, headers: [], backend: null, fromNginx: true };
    case 'respond': {
      if (h.log !== null) rec.log(h.log);
      if (h.close) return { kind: 'closed', at: 0 };
      const headers: Array<[string, string]> = [];
      if (h.body !== null) {
        headers.push(
          ['content-type', h.contentType ?? 'text/plain'],
          ['content-length', String(byteLength(h.body))],
        );
      }
      if (h.location !== null) headers.push(['location', h.location.value]);
      return {
        kind: 'response',
        at: 0,
        status: h.status,
        headers,
        backend: null,
        // A body of its own (`return 200 "text"`) is not one of nginx's error pages.
        fromNginx: h.body === null,
        locationInList: h.location !== null && !h.location.madeAbsolute,
      };
    }
    case 'static': {
      const answer = answerStatic(h, method, files);
      if (answer.unmodelled)
        errors.push({ file: CONFIG_FILE, line: null, error: answer.unmodelled, code: 'engine-unmodelled' });
      if (answer.status === 404)
        rec.event(0, 'nginx', null, 'note', `no file ${h.path}`, {
          explain: { code: 'static-not-found', params: { path: h.path } },
        });
      for (const line of answer.log) rec.log(line);
      if (answer.file) {
        rec.event(0, 'nginx', null, 'note', `file ${h.path}`, {
          explain: { code: 'static-file', params: { path: h.path, type: answer.file.contentType } },
        });
        return {
          kind: 'response',
          at: 0,
          status: 200,
          headers: [
            ['content-type', answer.file.contentType],
            ['content-length', String(answer.file.size)],
            ['etag', etagOf(answer.file.size)],
          ],
          backend: null,
          fromNginx: false,
          file: true,
        };
      }
      if (answer.location !== undefined) {
        const location = lateEvaluation(ev).absoluteLocation(answer.location);
        return {
          kind: 'response',
          at: 0,
          status: answer.status,
          headers: [['location', location.value]],
          backend: null,
          fromNginx: true,
          locationInList: !location.madeAbsolute,
        };
      }
      return { kind: 'response', at: 0, status: answer.status, headers: [], backend: null, fromNginx: true };
    }
    default:
      return { kind: 'response', at: 0, status: 500, headers: [], backend: null, fromNginx: true };
  }
}
