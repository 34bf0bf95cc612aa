import { describe, expect, it } from 'vitest';
import { validateHost as validateHostFor } from './host';
import { checkRequest, parseTarget, validateHost } from './request-line';

/** Each case was recorded on real nginx 1.22.1: content/scenarios/nginx-tests/http_host-*, http_uri-*, http_method-*. */
describe('ngx_http_validate_host', () => {
  it.each([
    ['www.Site.test.', 'www.site.test'],
    ['site.test:8080', 'site.test'],
    ['10.20.30.40:9000:80', '10.20.30.40'],
    ['[fd00::a1b2:0:c3:4]:80', '[fd00::a1b2:0:c3:4]'],
    ['[fd00::a1b2:0:c3:4', '[fd00::a1b2:0:c3:4'],
    ['example.net.:3.4', 'example.net.'], // the last dot seen is in the port part,
  ])('%s → %s', (raw, host) => expect(validateHost(raw)).toBe(host));

  it.each(['', '.', '..example.net', 'example.net/\\:552', 'localhost\x02', '[fd00::a\\1b2:0/:c3:4]'])(
    'refuses %j',
    (raw) => expect(validateHost(raw)).toBeNull(),
  );
});

describe('the request target', () => {
  it('splits an absolute-form target into host and path', () => {
    expect(parseTarget('http://Www.Site.test:10/a?b')).toEqual({
      path: '/a?b',
      host: 'Www.Site.test',
      authority: 'Www.Site.test:10',
    });
    expect(parseTarget('http://q')).toEqual({ path: '/', host: 'q', authority: 'q' });
    expect(parseTarget('http://[::10.4.5.6]/')).toEqual({
      path: '/',
      host: '[::10.4.5.6]',
      authority: '[::10.4.5.6]',
    });
    // $request_uri starts at the `?` (http_uri-absolute-args); the URI is "/".
    expect(parseTarget('http://q:80?a#f')).toEqual({
      path: '?a#f',
      host: 'q',
      authority: 'q:80',
      emptyPath: true,
    });
  });

  it('refuses what the request line parser refuses', () => {
    expect(parseTarget('http://example.net.:3.4/')).toEqual({ invalid: 'request' });
    expect(parseTarget('http://[fd00::a1b2:0:c3:4/')).toEqual({ invalid: 'request' });
    expect(parseTarget('http://./')).toEqual({ invalid: 'host' });
    expect(parseTarget('/a/b%1')).toEqual({ invalid: 'request' });
    expect(parseTarget('/\x02')).toEqual({ invalid: 'request' });
  });
});

const invalidRequest = {
  problem: { status: 400, log: '[info] client sent invalid request while reading client request line' },
};

describe('checkRequest', () => {
  it("the request line's host wins over the Host header", () => {
    expect(checkRequest('GET', 'http://a.test/x', [['Host', 'b.test']])).toMatchObject({
      path: '/x',
      host: 'a.test',
    });
  });

  it('a second Host header is a 400 naming both', () => {
    expect(
      checkRequest('GET', '/', [
        ['Host', 'localhost'],
        ['Host', 'again'],
      ]),
    ).toMatchObject({
      problem: {
        status: 400,
        log: '[info] client sent duplicate host header: "Host: again", previous value: "Host: localhost" while reading client request headers',
      },
    });
  });

  it('TRACE and CONNECT are 405 after the headers; CONNECT host:port is an invalid request line in 1.22', () => {
    expect(checkRequest('TRACE', '/', [['Host', 'a']])).toMatchObject({ methodProblem: { status: 405 } });
    expect(checkRequest('CONNECT', 'localhost:8080', [])).toMatchObject({ problem: { status: 400 } });
  });

  it("1.29.4's parser: CONNECT takes no path, and the request line's port is validated (http_method-connect-uri, http_host-ipv4-long-port-absolute)", () => {
    const rfc = (raw: string) => validateHostFor(raw, true);
    const invalid = (what: string) => ({
      problem: { status: 400, log: `[info] client sent ${what} while reading client request line` },
    });
    expect(checkRequest('CONNECT', '/', [['Host', 'a']])).toMatchObject({ methodProblem: { status: 405 } });
    expect(checkRequest('CONNECT', '/', [['Host', 'a']], undefined, rfc, true)).toMatchObject(
      invalid('invalid request'),
    );
    expect(checkRequest('GET', 'http://10.20.30.40:123456/', [], undefined, rfc, true)).toMatchObject(
      invalid('invalid host in request line'),
    );
    expect(checkRequest('GET', 'http://10.20.30.40:123456/', [])).toMatchObject({ host: '10.20.30.40' });
  });

  it("parses the URI before the headers: a bad one is the request line's 400, whatever the headers", () => {
    expect(
      checkRequest('GET', '/a/../..', [
        ['Host', 'a'],
        ['Host', 'b'],
      ]),
    ).toMatchObject(invalidRequest);
    expect(checkRequest('GET', '//..', [], undefined, undefined, false, false)).toMatchObject({
      uri: { uri: '/' },
    });
  });
});

describe('header lines', () => {
  const ok = { ignoreInvalid: true, underscores: false };
  it('a second Content-Length, Authorization, If-* … is a 400 naming both lines', () => {
    expect(
      checkRequest('GET', '/', [
        ['Host', 'a'],
        ['If-Match', 'a'],
        ['If-Match', 'b'],
      ]),
    ).toMatchObject({
      problem: {
        status: 400,
        log: '[info] client sent duplicate header line: "If-Match: b", previous value: "If-Match: a" while reading client request headers',
      },
    });
  });

  it('a name starting with a space or colon, or holding a control character, is a 400 showing the byte', () => {
    expect(checkRequest('GET', '/', [[' one', 'x']])).toMatchObject({
      problem: {
        log: '[info] client sent invalid header line: "\\x20..." while reading client request headers',
      },
    });
    expect(checkRequest('GET', '/', [['one\x02', 'x']])).toMatchObject({
      problem: {
        log: '[info] client sent invalid header line: "one\\x02..." while reading client request headers',
      },
    });
  });

  it('an underscore in a name drops the line (logged) unless underscores_in_headers or ignore_invalid_headers off', () => {
    const r = checkRequest(
      'GET',
      '/',
      [
        ['Host', 'a'],
        ['x_one', 'v'],
      ],
      () => ok,
    );
    expect(r).toMatchObject({
      headers: [['Host', 'a']],
      notes: ['[info] client sent invalid header line: "x_one: v" while reading client request headers'],
    });
    expect(checkRequest('GET', '/', [['x_one', 'v']], () => ({ ...ok, underscores: true }))).toMatchObject({
      headers: [['x_one', 'v']],
      notes: [],
    });
    expect(checkRequest('GET', '/', [['x_one', 'v']], () => ({ ...ok, ignoreInvalid: false }))).toMatchObject(
      {
        headers: [['x_one', 'v']],
      },
    );
  });
});
