/**
 * Status texts and nginx's built-in error pages (`ngx_http_special_response.c`): the body is
 * a fixed template around the status line, so its length is exact (502 → 157 bytes, 504 →
 * 167 bytes with `server_tokens on` on 1.22.1).
 */
import { versionFeatures } from '../eval/version';

export const STATUS_TEXT: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  408: 'Request Time-out',
  413: 'Request Entity Too Large',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export function statusLine(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? `${status} ${text}` : `${status}`;
}

/**
 * The titles of nginx's built-in pages (ngx_http_error_pages): not always the status line
 * (302 is "Found" here), and some statuses have no page at all (426, 418 …: empty body).
 */
const ERROR_PAGE_TITLES: Record<number, string> = {
  301: '301 Moved Permanently',
  302: '302 Found',
  303: '303 See Other',
  307: '307 Temporary Redirect',
  308: '308 Permanent Redirect',
  400: '400 Bad Request',
  401: '401 Authorization Required',
  402: '402 Payment Required',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Not Allowed',
  406: '406 Not Acceptable',
  408: '408 Request Time-out',
  409: '409 Conflict',
  410: '410 Gone',
  411: '411 Length Required',
  412: '412 Precondition Failed',
  413: '413 Request Entity Too Large',
  414: '414 Request-URI Too Large',
  415: '415 Unsupported Media Type',
  416: '416 Requested Range Not Satisfiable',
  421: '421 Misdirected Request',
  429: '429 Too Many Requests',
  494: '400 Request Header Or Cookie Too Large',
  495: '400 The SSL certificate error',
  496: '400 No required SSL certificate was sent',
  497: '400 The plain HTTP request was sent to HTTPS port',
  498: '404 Not Found',
  500: '500 Internal Server Error',
  501: '501 Not Implemented',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
  505: '505 HTTP Version Not Supported',
  507: '507 Insufficient Storage',
};

/** 407's page came with nginx's proxy authentication (1.29.7); before, 407 had no page. */
function proxyAuthenticationTitle(version: string): string | undefined {
  return versionFeatures(version).proxyAuthenticationPage ? '407 Proxy Authentication Required' : undefined;
}

/** Six comment lines nginx adds to 4xx/5xx pages for MSIE and Chrome (msie_padding on). */
const MSIE_PADDING = '<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n'.repeat(6);

/**
 * ngx_http_process_user_agent: MSIE (not Opera) or Chrome (not Gecko, Opera or MSIE) gets the
 * padding on 4xx and 5xx pages.
 */
export function wantsErrorPadding(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.includes('Opera')) return false;
  const msie = userAgent.indexOf('MSIE ');
  if (msie >= 0 && msie + 7 < userAgent.length) return true;
  return !userAgent.includes('Gecko/') && userAgent.includes('Chrome/');
}

/** nginx's page for a status, as sent (CRLF line ends); null when nginx has none. */
export function errorPage(
  status: number,
  version: string,
  serverTokens: boolean,
  padded = false,
): string | null {
  const title = status === 407 ? proxyAuthenticationTitle(version) : ERROR_PAGE_TITLES[status];
  if (title === undefined) return null;
  const tail = `<hr><center>${serverTokens ? `nginx/${version}` : 'nginx'}</center>\r\n</body>\r\n</html>\r\n`;
  const padding = padded && status >= 400 ? MSIE_PADDING : '';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${tail}${padding}`;
}

const utf8 = new TextEncoder();

/** Byte length of a text body (ASCII, the usual case, without encoding it). */
export function byteLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included.
  return /^[\x00-\x7f]*$/.test(text) ? text.length : utf8.encode(text).length;
}

/** What the scenario's backends answer to a request they do not upgrade. */
export const BACKEND_BODIES = {
  /** websocket kind, `plain_status`: 24 bytes, as the recorder's server sent. */
  plain: 'not a WebSocket request\n',
  /** http kind: `200 OK`, 3 bytes. */
  http: 'ok\n',
};
