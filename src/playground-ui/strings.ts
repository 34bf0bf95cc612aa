import { reasonCodes } from '../../playground/src/index';
/**
 * Every string the playground shows, in both site languages. Engine messages arrive as codes
 * with parameters; `explain()` turns the ones we know into sentences and shows the code itself
 * for the rest, so a new engine code is never silently hidden.
 */

export type PgLang = 'zh' | 'en';

const strings = {
  'editor.config': { zh: 'nginx 配置', en: 'nginx config' },
  'editor.scenario': { zh: '客户端与后端', en: 'Client and backends' },
  'editor.form': { zh: '表单', en: 'Form' },
  'editor.yaml': { zh: 'YAML', en: 'YAML' },
  'preset.config': { zh: '配置预设', en: 'Config preset' },
  'preset.client': { zh: '客户端预设', en: 'Client preset' },
  'preset.choose': { zh: '— 选择 —', en: '— choose —' },
  'preset.group.guides': { zh: '指南中的场景', en: 'Scenarios from the guides' },
  'preset.group.seeds': {
    zh: '网上流传的配置（原样，含错误）',
    en: 'Configs found online (as is, mistakes included)',
  },
  'preset.group.basic': { zh: '基础', en: 'Basics' },
  'client.chrome': { zh: 'Chrome 浏览器', en: 'Chrome browser' },
  'client.firefox': {
    zh: 'Firefox（Connection: keep-alive, Upgrade）',
    en: 'Firefox (Connection: keep-alive, Upgrade)',
  },
  'client.plain': { zh: '普通 HTTP 请求（无 Upgrade）', en: 'Plain HTTP request (no Upgrade)' },
  'client.idle': { zh: '空闲客户端', en: 'Idle client' },
  'client.chatty': { zh: '频繁发消息的客户端', en: 'Chatty client' },
  'client.heartbeat': { zh: '服务端心跳（ping）', en: 'Server heartbeat (ping)' },
  'client.slow': { zh: '慢后端（握手延迟 3 秒）', en: 'Slow backend (3 s handshake delay)' },
  'client.down': { zh: '后端未启动（连接被拒绝）', en: 'Backend down (connection refused)' },
  'client.curl': { zh: 'curl（不升级）', en: 'curl without upgrade' },
  'form.method': { zh: '方法', en: 'Method' },
  'form.path': { zh: '路径', en: 'Path' },
  'form.httpVersion': { zh: 'HTTP 版本', en: 'HTTP version' },
  'form.headers': { zh: '请求头（每行 "名称: 值"）', en: 'Request headers (one "Name: value" per line)' },
  'form.steps': {
    zh: '步骤（每行 "秒 动作 参数"，动作为 send / ping / close）',
    en: 'Steps (one "seconds action argument" per line; action is send / ping / close)',
  },
  'form.until': { zh: '观察窗口（秒）', en: 'Window (seconds)' },
  'form.backend': { zh: '后端', en: 'Backend' },
  'form.address': { zh: '地址', en: 'Address' },
  'form.kind': { zh: '类型', en: 'Kind' },
  'form.handshakeDelay': { zh: '握手延迟（秒）', en: 'Handshake delay (s)' },
  'form.plainStatus': { zh: '非升级请求的状态码', en: 'Status for a non-upgrade request' },
  'form.echo': { zh: '回显消息', en: 'Echo messages' },
  'form.sendEvery': { zh: '每隔几秒发送 tick', en: 'Send "tick" every (s)' },
  'form.pingEvery': { zh: '每隔几秒发送 ping', en: 'Ping every (s)' },
  'form.closeAfter': { zh: '升级后几秒关闭', en: 'Close after upgrade (s)' },
  'form.stepsError': { zh: '第 {line} 行无法识别：{text}', en: 'Line {line} not understood: {text}' },
  'form.yamlBroken': {
    zh: 'YAML 有错误，表单暂不可用：{message}',
    en: 'The YAML has an error, so the form is paused: {message}',
  },
  'view.transcript': { zh: '终端', en: 'Terminal' },
  'view.timeline': { zh: '时间线', en: 'Timeline' },
  'view.sequence': { zh: '时序图', en: 'Sequence diagram' },
  'view.headers': { zh: '请求头', en: 'Headers' },
  'view.errorlog': { zh: 'error.log', en: 'error.log' },
  'view.outcome': { zh: '结果 JSON', en: 'Outcome JSON' },
  'view.diagnostics': { zh: '诊断', en: 'Diagnostics' },
  'views.label': { zh: '结果视图', en: 'Result views' },
  'replay.label': { zh: '回放', en: 'Replay' },
  'replay.x1': { zh: '1×', en: '1×' },
  'replay.x10': { zh: '10×', en: '10×' },
  'replay.instant': { zh: '立即', en: 'Instant' },
  'status.emptyConfig': {
    zh: '配置为空：粘贴一份 nginx 配置，或选择一个配置预设。',
    en: 'The config is empty: paste an nginx config or pick a config preset.',
  },
  'status.running': { zh: '计算中…', en: 'Simulating…' },
  'status.ok': { zh: '已更新', en: 'Up to date' },
  'status.engineMissing': {
    zh: '模拟引擎尚未就绪（缺少 {names}），只能编辑。',
    en: 'The simulation engine is not ready yet (missing {names}); editing only.',
  },
  'status.watchdog': {
    zh: '模拟超过 {seconds} 秒没有结果，已停止并重启（可能是灾难性回溯的正则或过大的输入）。请修改配置后重试。',
    en: 'The simulation gave no answer within {seconds} s, so it was stopped and restarted (a runaway regex or a huge input?). Edit the config to try again.',
  },
  'status.crashed': { zh: '模拟出错：{message}', en: 'The simulation failed: {message}' },
  'status.configError': {
    zh: 'nginx -t 会拒绝此配置：{message}',
    en: 'nginx -t would reject this config: {message}',
  },
  'status.scenarioError': { zh: '场景有误：{message}', en: 'The scenario has a problem: {message}' },
  'permalink.copy': { zh: '复制链接', en: 'Copy link' },
  'permalink.copied': { zh: '链接已复制', en: 'Link copied' },
  'permalink.copyFailed': {
    zh: '无法写入剪贴板，链接已在地址栏中。',
    en: 'Could not use the clipboard; the link is in the address bar.',
  },
  'permalink.broken': {
    zh: '无法打开此链接（{code}），已显示空白实验台。',
    en: 'This link could not be opened ({code}); showing an empty playground.',
  },
  'permalink.future': {
    zh: '此链接由更新版本的网站生成（编码版本 {version}），当前页面无法读取，已显示空白实验台。请刷新页面；若仍无效，说明你访问的是旧的镜像。',
    en: 'This link was made by a newer version of the site (encoding version {version}) that this page cannot read; showing an empty playground. Reload the page; if that does not help, you are on an older mirror.',
  },
  'permalink.tooLarge': {
    zh: '场景有 {size}，超过链接的上限 {limit}：地址栏中的链接没有更新，你的编辑仍在编辑器里。',
    en: 'The scenario is {size}, more than a link can hold ({limit}): the link in the address bar was not updated; your edits are still in the editor.',
  },
  'permalink.notScenario': {
    zh: '链接里的内容不是有效场景：{message}。已显示空白实验台。',
    en: 'The link does not hold a valid scenario: {message}. Showing an empty playground.',
  },
  'outcome.copy': { zh: '复制 JSON', en: 'Copy JSON' },
  'outcome.download': { zh: '下载 JSON', en: 'Download JSON' },
  'outcome.copied': { zh: 'JSON 已复制', en: 'JSON copied' },
  'outcome.none': { zh: '暂无结果。', en: 'No outcome yet.' },
  'headers.client': { zh: '客户端发送', en: 'Client sent' },
  'headers.upstream': { zh: 'nginx 发往后端', en: 'nginx sent upstream' },
  'headers.name': { zh: '名称', en: 'Name' },
  'headers.value': { zh: '值', en: 'Value' },
  'headers.why': { zh: '来源', en: 'Why' },
  'headers.notSent': { zh: '（未发送）', en: '(not sent)' },
  'headers.fromClient': { zh: '客户端原样转发', en: 'passed on from the client' },
  'headers.clientHeader': { zh: '客户端发送的请求头', en: "the client's header" },
  'headers.default': { zh: 'nginx 默认：{note}', en: 'nginx default: {note}' },
  'headers.directive': { zh: '{directive}，第 {line} 行', en: '{directive}, line {line}' },
  'headers.jump': { zh: '跳到第 {line} 行', en: 'Go to line {line}' },
  'headers.request': { zh: '第 {n} 个上游请求：{line}', en: 'Upstream request {n}: {line}' },
  'headers.response': { zh: 'nginx 回给客户端（{status}）', en: 'nginx answered the client ({status})' },
  'headers.fromBackend': { zh: '后端响应，原样转发', en: "passed on from the backend's response" },
  'headers.noUpstream': { zh: 'nginx 没有向后端发送任何请求。', en: 'nginx sent no request to a backend.' },
  'errorlog.empty': { zh: '（error.log 为空）', en: '(error.log is empty)' },
  'timeline.label': {
    zh: '时间线：客户端、nginx、后端三条泳道，横轴为虚拟时间（秒）',
    en: 'Timeline: client, nginx and backend lanes on a virtual-time axis (seconds)',
  },
  'timeline.empty': { zh: '没有事件。', en: 'No events.' },
  'timeline.hint': {
    zh: '将鼠标悬停或用 Tab 聚焦到事件上查看详情。',
    en: 'Hover over an event, or focus it with Tab, to see details.',
  },
  'timeline.armed': {
    zh: '计时器 {name} 启动，{deadline} 秒到期',
    en: 'timer {name} armed, due at {deadline} s',
  },
  'timeline.fired': { zh: '计时器 {name} 触发', en: 'timer {name} fired' },
  'timeline.at': { zh: '{at} 秒', en: '{at} s' },
  'timeline.line': { zh: '配置第 {line} 行', en: 'config line {line}' },
  'lane.client': { zh: '客户端', en: 'client' },
  'lane.nginx': { zh: 'nginx', en: 'nginx' },
  'lane.backend': { zh: '后端', en: 'backend' },
  'sequence.loading': { zh: '正在加载时序图…', en: 'Loading the diagram…' },
  'sequence.failed': { zh: '无法绘制时序图：{message}', en: 'Could not draw the diagram: {message}' },
  'sequence.unavailable': { zh: '引擎尚未提供时序图。', en: 'The engine does not provide diagrams yet.' },
  'diagnostics.pending': {
    zh: '诊断暂不可用（场景无法加载，或引擎尚未提供）。',
    en: 'No diagnostics (the scenario did not load, or the engine does not provide them yet).',
  },
  'diagnostics.fix': { zh: '应用修复：{title}', en: 'Apply fix: {title}' },
  'diagnostics.guide': { zh: '阅读相关指南', en: 'Read the guide' },
  'diagnostics.error': { zh: '错误', en: 'error' },
  'diagnostics.warning': { zh: '警告', en: 'warning' },
  'diagnostics.info': { zh: '提示', en: 'note' },
  'diagnostics.none': { zh: '没有发现问题。', en: 'No problems found.' },
  'lint.line': { zh: '第 {line} 行', en: 'line {line}' },
} as const;

export type StringKey = keyof typeof strings;

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; unknown placeholders stay visible so mistakes show. */
export function fill(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function translator(lang: PgLang): Translate {
  return (key, params) => fill(strings[key][lang], params);
}

/** The page language: Starlight sets `<html lang="zh-CN">` or `lang="en"`. */
export function pageLang(htmlLang: string | null | undefined): PgLang {
  return (htmlLang ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** Turns an engine explanation (code + params) into a sentence in the page language. */
export type ExplainReason = (reason: {
  code: string;
  params?: Record<string, string | number> | undefined;
}) => string;

export function explain(
  lang: PgLang,
  code: string,
  params?: Record<string, string | number> | undefined,
): string {
  // Codes the engine does not know yet are shown as `code (k=v, …)` rather than dropped.
  const known = reasonCodes[code];
  if (known) return fill(known[lang], params);
  const extra = params
    ? Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '';
  return extra ? `${code} (${extra})` : code;
}
