/** Every string `<ws-diagnostics>` shows, in both site languages (diagnostic texts come from the engine). */

export type DiagLang = 'zh' | 'en';

const strings = {
  'severity.error': { zh: '错误', en: 'Error' },
  'severity.warning': { zh: '警告', en: 'Warning' },
  'severity.info': { zh: '提示', en: 'Note' },
  'summary.none': { zh: '没有发现 WebSocket 代理问题。', en: 'No WebSocket proxy problems found.' },
  'summary.counts': {
    zh: '{error} 个错误，{warning} 个警告，{info} 个提示',
    en: '{error} error(s), {warning} warning(s), {info} note(s)',
  },
  'location.line': { zh: '第 {line} 行', en: 'line {line}' },
  'location.goto': { zh: '跳到配置第 {line} 行', en: 'Go to line {line} of the config' },
  'explain.toggle': { zh: '为什么？', en: 'Why?' },
  'guide.link': { zh: '阅读指南', en: 'Read the guide' },
  'fix.apply': { zh: '应用修复：{title}', en: 'Apply fix: {title}' },
  'list.label': { zh: 'WebSocket 代理诊断', en: 'WebSocket proxy diagnostics' },
} satisfies Record<string, Record<DiagLang, string>>;

export type DiagKey = keyof typeof strings;

/** The string for `key` in `lang`, with `{name}` placeholders filled in. */
export function diagText(lang: DiagLang, key: DiagKey, params: Record<string, string | number> = {}): string {
  return strings[key][lang].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** `zh-CN`, `zh`, `en-US` … → a language we have strings for (English otherwise). */
export function toDiagLang(tag: string | null | undefined): DiagLang {
  return (tag ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const severityIcons = { error: '✖', warning: '▲', info: 'ℹ' } as const;
