/**
 * JSON exactly as crossplane's CLI prints it (Python's `json.dumps`): compact `,` `:` separators
 * without `indent`, `", "`-free lines with it, and every character outside printable ASCII
 * escaped as `\uXXXX` (`ensure_ascii`), so the bytes match, not only the values.
 */

function quote(value: string): string {
  let out = '"';
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    const ch = value[k]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `json.dumps(value)` (indent undefined: compact) or `json.dumps(value, indent=n)`. */
export function pythonJson(value: unknown, indent?: number): string {
  const write = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return quote(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const inner = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
    const outer = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
    const colon = indent === undefined ? ':' : ': ';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${inner}${v.map((x) => write(x, depth + 1)).join(`,${inner}`)}${outer}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{${inner}${entries.map(([k, x]) => `${quote(k)}${colon}${write(x, depth + 1)}`).join(`,${inner}`)}${outer}}`;
  };
  return write(value, 0);
}
