import type { RunOutcomeV2, TranscriptLine } from '../../../playground/src/index';

/**
 * Scenario v2's headers, per client and per request: what the client sent (from its section of
 * the transcript, so the defaults the engine filled in show too), what nginx sent upstream on
 * each try (which backend, which of its connections), and what the client got back.
 */

export interface RequestHeaders {
  client: string;
  address: string;
  index: number;
  requestLine: string;
  sent: Array<[string, string]>;
  upstream: Array<{
    backend: string;
    connection: number;
    requestLine: string;
    headers: Array<[string, string]>;
  }>;
  response: { status: number; headers: Array<[string, string]> } | null;
}

const SECTION = /^== (\S+) \((\S+)\)$/;
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d\.\d$/;

/** Each client's request heads as sent, from the transcript's `>` lines. */
export function sentHeads(lines: readonly TranscriptLine[]): Map<string, Array<Array<[string, string]>>> {
  const heads = new Map<string, Array<Array<[string, string]>>>();
  let client: Array<Array<[string, string]>> | null = null;
  let head: Array<[string, string]> | null = null;
  for (const line of lines) {
    const section = line.dir === '*' ? SECTION.exec(line.text) : null;
    if (section) {
      client = [];
      heads.set(section[1] ?? '', client);
      head = null;
    } else if (line.dir === '>' && client) {
      if (head === null && REQUEST_LINE.test(line.text)) {
        head = [];
        client.push(head);
      } else if (head !== null && line.text === '') head = null;
      else if (head !== null) {
        const colon = line.text.indexOf(':');
        if (colon > 0) head.push([line.text.slice(0, colon), line.text.slice(colon + 1).trim()]);
      }
    }
  }
  return heads;
}

export function requestHeaders(
  outcome: RunOutcomeV2,
  transcript: readonly TranscriptLine[],
): RequestHeaders[] {
  const heads = sentHeads(transcript);
  const addresses = new Map<string, string>();
  for (const line of transcript) {
    const m = line.dir === '*' ? SECTION.exec(line.text) : null;
    if (m) addresses.set(m[1] ?? '', m[2] ?? '');
  }
  return outcome.clients.flatMap((c) =>
    c.requests.map((r, index) => ({
      client: c.name,
      address: addresses.get(c.name) ?? '',
      index,
      requestLine: r.request_line,
      sent: heads.get(c.name)?.[index] ?? [],
      upstream: r.upstream.map((u) => ({
        backend: u.backend,
        connection: u.connection,
        requestLine: u.request_line,
        headers: u.headers,
      })),
      response: r.response
        ? { status: r.response.status, headers: Object.entries(r.response.headers) }
        : null,
    })),
  );
}
