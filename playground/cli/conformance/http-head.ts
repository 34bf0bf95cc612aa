/** Splits an HTTP/1.x message head off a byte stream, keeping header names as sent. */

export interface Head {
  /** `GET /chat/ HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`. */
  startLine: string;
  headers: Array<[string, string]>;
  /** Bytes after the blank line (a body, or the first WebSocket frames). */
  rest: Buffer;
}

/** The head, once the blank line has arrived; null while it is still incomplete. */
export function readHead(buf: Buffer): Head | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { startLine: lines[0] ?? '', headers, rest: buf.subarray(end + 4) };
}

/** First value of a header, by case-insensitive name. */
export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Whether a comma-separated header (e.g. Connection) holds this token, ignoring case. */
export function hasToken(value: string | undefined, token: string): boolean {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .includes(token.toLowerCase());
}

export const REASONS: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
