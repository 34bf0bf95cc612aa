/**
 * The range filter (ngx_http_range_header_filter) on a 200 whose length is known, for a file the
 * static module serves or a proxied answer with `proxy_force_ranges on` (one range only then):
 * `max_ranges 0` turns it off; without a usable `Range: bytes=` (or when If-Range does not match
 * the response's ETag or Last-Modified) it only adds `Accept-Ranges: bytes`; one satisfiable range
 * makes a 206 with Content-Range.
 */

export interface RangeInput {
  status: number;
  /** r->headers_out.content_length_n; null when unknown (-1). */
  contentLength: number | null;
  /** r->allow_ranges: a served file, or proxy_force_ranges. */
  allowRanges: boolean;
  /** r->single_range: proxy_force_ranges allows one range only. */
  singleRange: boolean;
  /** `max_ranges`; null when not set (no limit). */
  maxRanges: number | null;
  range: string | undefined;
  ifRange: string | undefined;
  /** The response's ETag, as it will be sent. */
  etag: string | undefined;
  /** r->headers_out.last_modified_time in seconds; null when there is none (-1). */
  lastModified: number | null;
}

export type RangeResult =
  /** The filter is not involved: nothing changes. */
  | { kind: 'none' }
  /** Accept-Ranges: bytes is added (the whole body goes out). */
  | { kind: 'accept' }
  | { kind: 'partial'; start: number; end: number; total: number }
  /** 416 with `Content-Range: bytes *\/total`. */
  | { kind: 'not-satisfiable'; total: number }
  /** Several ranges: a multipart/byteranges 206. */
  | { kind: 'multipart'; ranges: Array<[number, number]>; total: number };

type Parsed = { ranges: Array<[number, number]>; size: number } | 'not-satisfiable' | 'declined';

/** ngx_http_range_parse on what follows `bytes=`; `allowed` ranges at most. */
export function parseRanges(spec: string, contentLength: number, allowed: number): Parsed {
  const ranges: Array<[number, number]> = [];
  let size = 0;
  let p = 0;
  let left = allowed;
  const digits = (): number | null => {
    const m = /^[0-9]+/.exec(spec.slice(p));
    if (!m) return null;
    p += m[0].length;
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : Number.POSITIVE_INFINITY;
  };
  const spaces = () => {
    while (spec[p] === ' ') p++;
  };
  const atEnd = () => p >= spec.length || spec[p] === ',';
  for (;;) {
    let start = 0;
    let end = 0;
    let open = false;
    spaces();
    const suffix = spec[p] === '-';
    if (!suffix) {
      const s = digits();
      if (s === null || s === Number.POSITIVE_INFINITY) return 'not-satisfiable';
      start = s;
      spaces();
      if (spec[p++] !== '-') return 'not-satisfiable';
      spaces();
      if (atEnd()) {
        end = contentLength;
        open = true;
      }
    } else p++;
    if (!open) {
      const e = digits();
      if (e === null || e === Number.POSITIVE_INFINITY) return 'not-satisfiable';
      end = e;
      spaces();
      if (!atEnd()) return 'not-satisfiable';
      if (suffix) {
        start = end < contentLength ? contentLength - end : 0;
        end = contentLength - 1;
      }
      end = end >= contentLength ? contentLength : end + 1;
    }
    if (start < end) {
      ranges.push([start, end]);
      size += end - start;
      if (left-- === 0) return 'declined';
    } else if (start === 0) return 'declined';
    if (spec[p++] !== ',') break;
  }
  if (ranges.length === 0) return 'not-satisfiable';
  if (size > contentLength) return 'declined';
  return { ranges, size };
}

/** NGX_MAX_INT32_VALUE: max_ranges when not set. */
const UNLIMITED = 2147483647;

export function rangeFilter(input: RangeInput): RangeResult {
  if (input.status !== 200 || input.contentLength === null || !input.allowRanges) return { kind: 'none' };
  if (input.maxRanges === 0) return { kind: 'none' };
  const range = input.range;
  if (range === undefined || range.length < 7 || range.slice(0, 6).toLowerCase() !== 'bytes=')
    return { kind: 'accept' };
  const ifRange = input.ifRange;
  if (ifRange !== undefined) {
    if (ifRange.length >= 2 && ifRange.endsWith('"')) {
      if (input.etag !== ifRange) return { kind: 'accept' };
    } else {
      const at = Date.parse(ifRange);
      if (input.lastModified === null || Number.isNaN(at) || at / 1000 !== input.lastModified)
        return { kind: 'accept' };
    }
  }
  const parsed = parseRanges(
    range.slice(6),
    input.contentLength,
    input.singleRange ? 1 : (input.maxRanges ?? UNLIMITED),
  );
  if (parsed === 'declined') return { kind: 'accept' };
  if (parsed === 'not-satisfiable') return { kind: 'not-satisfiable', total: input.contentLength };
  if (parsed.ranges.length > 1)
    return { kind: 'multipart', ranges: parsed.ranges, total: input.contentLength };
  const [start, end] = parsed.ranges[0]!;
  return { kind: 'partial', start, end, total: input.contentLength };
}

/**
 * ngx_http_range_multipart_header: the boundary is nginx's temp number, zero-padded to 20 digits
 * (the first multipart answer of a run gets 1); the length counts every part's head
 * (`CRLF--boundary CRLF Content-Type: … CRLF Content-Range: bytes S-E/T CRLF CRLF`), its bytes,
 * and the closing `CRLF--boundary--CRLF`.
 */
export function multipartHead(
  ranges: ReadonlyArray<readonly [number, number]>,
  total: number,
  contentType: string | undefined,
  boundaryNumber = 1,
): { contentType: string; contentLength: number } {
  const boundary = String(boundaryNumber).padStart(20, '0');
  const partType = contentType ? `Content-Type: ${contentType}\r\n` : '';
  let length = `\r\n--${boundary}--\r\n`.length;
  for (const [start, end] of ranges) {
    const head = `\r\n--${boundary}\r\n${partType}Content-Range: bytes ${start}-${end - 1}/${total}\r\n\r\n`;
    length += head.length + (end - start);
  }
  return { contentType: `multipart/byteranges; boundary=${boundary}`, contentLength: length };
}
