import { describe, expect, it } from 'vitest';
import { multipartHead, parseRanges, type RangeInput, rangeFilter } from './ranges';

/** As nginx's range filter does (content/scenarios/nginx-tests/proxy_force_ranges-*, range-*). */
const base: RangeInput = {
  status: 200,
  contentLength: 8,
  allowRanges: true,
  singleRange: false,
  maxRanges: null,
  range: undefined,
  ifRange: undefined,
  etag: '"59a5401c-8"',
  lastModified: Date.UTC(1970, 8, 28, 6) / 1000,
};

describe('ngx_http_range_parse', () => {
  it('reads open, closed and suffix ranges, the end cut to the length', () => {
    expect(parseRanges('4-', 8, 1)).toEqual({ ranges: [[4, 8]], size: 4 });
    expect(parseRanges(' 2 - 3', 8, 1)).toEqual({ ranges: [[2, 4]], size: 2 });
    expect(parseRanges('-3', 8, 1)).toEqual({ ranges: [[5, 8]], size: 3 });
    expect(parseRanges('2-100', 8, 1)).toEqual({ ranges: [[2, 8]], size: 6 });
    expect(parseRanges('0-0,2-3', 8, 5)).toEqual({
      ranges: [
        [0, 1],
        [2, 4],
      ],
      size: 3,
    });
  });

  it('refuses what it cannot read or satisfy, and declines too many ranges', () => {
    expect(parseRanges('x', 8, 1)).toBe('not-satisfiable');
    expect(parseRanges('9-', 8, 1)).toBe('not-satisfiable');
    expect(parseRanges('3-2', 8, 1)).toBe('not-satisfiable');
    expect(parseRanges('0-0,2-3', 8, 1)).toBe('declined');
    expect(parseRanges('0-7,0-7', 8, 5)).toBe('declined');
  });
});

describe('the range filter', () => {
  it('adds Accept-Ranges without a Range header, nothing with max_ranges 0 or when not allowed', () => {
    expect(rangeFilter(base)).toEqual({ kind: 'accept' });
    expect(rangeFilter({ ...base, maxRanges: 0, range: 'bytes=4-' })).toEqual({ kind: 'none' });
    expect(rangeFilter({ ...base, allowRanges: false, range: 'bytes=4-' })).toEqual({ kind: 'none' });
    expect(rangeFilter({ ...base, contentLength: null, range: 'bytes=4-' })).toEqual({ kind: 'none' });
    expect(rangeFilter({ ...base, status: 404, range: 'bytes=4-' })).toEqual({ kind: 'none' });
  });

  it('answers one range with its part, and If-Range only when it names the ETag or the time', () => {
    const part = { kind: 'partial', start: 4, end: 8, total: 8 };
    expect(rangeFilter({ ...base, range: 'bytes=4-' })).toEqual(part);
    expect(rangeFilter({ ...base, range: 'bytes=4-', ifRange: '"59a5401c-8"' })).toEqual(part);
    expect(rangeFilter({ ...base, range: 'bytes=4-', ifRange: 'Mon, 28 Sep 1970 06:00:00 GMT' })).toEqual(
      part,
    );
    expect(rangeFilter({ ...base, range: 'bytes=4-', ifRange: '"other"' })).toEqual({ kind: 'accept' });
    expect(rangeFilter({ ...base, range: 'bytes=4-', ifRange: 'Tue, 29 Sep 1970 06:00:00 GMT' })).toEqual({
      kind: 'accept',
    });
    expect(rangeFilter({ ...base, range: 'items=4-' })).toEqual({ kind: 'accept' });
  });

  it('a proxied answer with proxy_force_ranges takes one range only', () => {
    expect(rangeFilter({ ...base, singleRange: true, range: 'bytes=0-0,2-3' })).toEqual({ kind: 'accept' });
    expect(rangeFilter({ ...base, range: 'bytes=0-0,2-3' })).toEqual({
      kind: 'multipart',
      ranges: [
        [0, 1],
        [2, 4],
      ],
      total: 8,
    });
    expect(rangeFilter({ ...base, range: 'bytes=9-' })).toEqual({ kind: 'not-satisfiable', total: 8 });
  });

  it('a multipart answer is as long as its parts with their heads and the closing boundary', () => {
    // Measured on 1.22.1 and 1.30.6: an 8-byte text/html file, bytes=0-0,2-3.
    const ranges: Array<[number, number]> = [
      [0, 1],
      [2, 4],
    ];
    expect(multipartHead(ranges, 8, 'text/html')).toEqual({
      contentType: 'multipart/byteranges; boundary=00000000000000000001',
      contentLength: 193,
    });
    expect(multipartHead(ranges, 8, undefined).contentLength).toBe(
      193 - 2 * 'Content-Type: text/html\r\n'.length,
    );
  });
});
