/**
 * How a variable reads a header that came more than once. Up to 1.22 only the headers nginx kept
 * as arrays are joined — Cookie (`; `) and X-Forwarded-For (`, `) of the request, Cache-Control and
 * Link of the response — and every other name gives its first line; since 1.23.0 every header is
 * a linked list and all are joined, Cookie with `; `, the rest with `, `
 * (ngx_http_variable_headers_internal, ngx_http_variable_unknown_header).
 */
import type { VersionFeatures } from './version';

/** Header names as variable suffixes: lower case, `-` as `_`. */
export type VariableHeaderName = string;

const JOINED_BEFORE_1_23 = {
  request: new Set(['cookie', 'x_forwarded_for']),
  response: new Set(['cache_control', 'link']),
  upstream: new Set<string>(),
};

export type HeaderSource = keyof typeof JOINED_BEFORE_1_23;

/** The value of `$http_NAME`, `$sent_http_NAME` or `$upstream_http_NAME`; '' when absent. */
export function joinedHeader(
  values: readonly string[],
  name: VariableHeaderName,
  source: HeaderSource,
  features: Pick<VersionFeatures, 'joinRepeatedHeaders'>,
): string {
  if (values.length === 0) return '';
  if (!features.joinRepeatedHeaders && !JOINED_BEFORE_1_23[source].has(name)) return values[0]!;
  return values.join(source === 'request' && name === 'cookie' ? '; ' : ', ');
}

/**
 * `$cookie_NAME` (ngx_http_parse_multi_header_lines): each Cookie line is walked pair by pair; a
 * pair starts after a `;` — or, before 1.29.6, also after a `,` — and spaces; the name matches
 * case-insensitively, spaces may stand before `=`, and the value runs to the next `;`.
 */
export function cookieValue(lines: readonly string[], name: string, commaSeparates: boolean): string | null {
  const lower = name.toLowerCase();
  for (const line of lines) {
    if (name.length > line.length) continue;
    let i = 0;
    while (i < line.length) {
      if (line.slice(i, i + name.length).toLowerCase() === lower) {
        let j = i + name.length;
        while (j < line.length && line[j] === ' ') j++;
        if (j < line.length && line[j] === '=') {
          j++;
          while (j < line.length && line[j] === ' ') j++;
          const end = line.indexOf(';', j);
          return line.slice(j, end < 0 ? undefined : end);
        }
        // nginx has stepped past the character that was not `=`, separator or not.
        i = Math.min(j + 1, line.length);
      }
      while (i < line.length) {
        const ch = line[i++];
        if (ch === ';' || (commaSeparates && ch === ',')) break;
      }
      while (i < line.length && line[i] === ' ') i++;
    }
  }
  return null;
}
