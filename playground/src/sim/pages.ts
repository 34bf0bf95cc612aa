/**
 * Status texts and nginx's built-in error pages (`ngx_http_special_response.c`): the body is
 * a fixed template around the status line, so its length is exact (502 → 157 bytes, 504 →
 * 167 bytes with `server_tokens on` on 1.22.1).
 */

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

/** nginx's error page for a status, as sent (CRLF line ends). */
export function errorPage(status: number, version: string, serverTokens: boolean): string {
  const line = statusLine(status);
  const tail = `<hr><center>${serverTokens ? `nginx/${version}` : 'nginx'}</center>\r\n</body>\r\n</html>\r\n`;
  return `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n${tail}`;
}

/** Byte length of a text body. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** What the scenario's backends answer to a request they do not upgrade. */
export const BACKEND_BODIES = {
  /** websocket kind, `plain_status`: 24 bytes, as the recorder's server sent. */
  plain: 'not a WebSocket request\n',
  /** http kind: `200 OK`, 3 bytes. */
  http: 'ok\n',
};
