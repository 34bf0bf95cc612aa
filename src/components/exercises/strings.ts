/**
 * Every string of the exercise pages, in both site languages, in one place. Exercise content
 * (stories, hints, goal messages) comes from the exercise files and the engine instead.
 */
export type ExLang = 'zh' | 'en';

const strings = {
  'course.title': { zh: 'WebSocket 代理练习', en: 'WebSocket proxy exercises' },
  'course.description': {
    zh: '自动检查的 nginx 练习：修好配置，引擎模拟真实 nginx 的行为来判断你是否达成目标。',
    en: 'Self-checking nginx exercises: fix the config, and the engine simulates what real nginx would do to judge your goals.',
  },
  'course.intro': {
    zh: '每道题给出一个故事和一份有问题的配置。修改配置后点“检查”：引擎模拟 nginx 处理这次请求，逐个检查目标（状态码、隧道、后端收到的请求头、谁在何时关闭连接……）。任何正确的写法都能通过，不要求和参考答案一字不差。每道题的参考答案都在真实的 nginx 1.22 上验证过。',
    en: 'Each exercise gives you a story and a broken config. Edit the config and press "check": the engine simulates nginx handling the request and judges each goal (status, tunnel, the headers the backend receives, who closes the connection and when…). Any correct config passes; it does not have to match the reference solution. Every reference solution is proven on real nginx 1.22.',
  },
  'course.progress': { zh: '已完成 {done} / {total}', en: '{done} of {total} solved' },
  'course.level.1': { zh: '第 1 级：基础', en: 'Level 1: basics' },
  'course.level.2': { zh: '第 2 级：继承、超时与路由', en: 'Level 2: inheritance, timeouts and routing' },
  'course.level.3': { zh: '第 3 级：排查故障', en: 'Level 3: troubleshooting' },
  'course.status.solved': { zh: '已完成', en: 'Solved' },
  'course.status.tried': { zh: '尝试过', en: 'Tried' },
  'course.status.new': { zh: '未开始', en: 'Not started' },
  'course.trainers': { zh: '给培训讲师', en: 'For trainers' },
  'course.trainersText': {
    zh: '进度只保存在这个浏览器里（localStorage）。可以导出为 JSON，或打开可打印的成绩页。',
    en: 'Progress is kept in this browser only (localStorage). Export it as JSON, or open the printable results page.',
  },
  'course.export': { zh: '导出结果（JSON）', en: 'Export results (JSON)' },
  'course.report': { zh: '可打印的成绩页', en: 'Printable results page' },
  'course.reset': { zh: '重置全部进度', en: 'Reset all progress' },
  'course.resetConfirm': {
    zh: '确定要清除全部练习进度吗？已完成记录、草稿和提示记录都会被删除，无法恢复。',
    en: 'Clear all exercise progress? Solved marks, drafts and hint counts will be deleted; this cannot be undone.',
  },
  'course.resetDone': { zh: '进度已清除。', en: 'Progress cleared.' },
  'dialog.confirm': { zh: '确定', en: 'Confirm' },
  'dialog.cancel': { zh: '取消', en: 'Cancel' },

  'ex.level': { zh: '第 {n} 级', en: 'Level {n}' },
  'ex.back': { zh: '← 全部练习', en: '← All exercises' },
  'ex.prev': { zh: '上一题', en: 'Previous' },
  'ex.next': { zh: '下一题', en: 'Next' },
  'ex.story': { zh: '故事', en: 'Story' },
  'ex.evidence.transcript': {
    zh: '客户端记录（用起始配置模拟得到）',
    en: 'Client transcript (simulated with the start config)',
  },
  'ex.evidence.error_log': {
    zh: 'error.log（用起始配置模拟得到）',
    en: 'error.log (simulated with the start config)',
  },
  'ex.evidence.loading': { zh: '正在模拟……', en: 'Simulating…' },
  'ex.evidence.empty': { zh: '（没有内容）', en: '(empty)' },
  'ex.goals': { zh: '目标', en: 'Goals' },
  'ex.editor': { zh: '你的配置', en: 'Your config' },
  'ex.editorLabel': { zh: 'nginx 配置编辑器', en: 'nginx config editor' },
  'ex.check': { zh: '检查', en: 'Check' },
  'ex.checking': { zh: '正在检查……', en: 'Checking…' },
  'ex.resetConfig': { zh: '恢复起始配置', en: 'Restore the start config' },
  'ex.resetConfigConfirm': {
    zh: '用起始配置替换编辑器里的内容？你的修改会丢失。',
    en: 'Replace the editor content with the start config? Your changes will be lost.',
  },
  'ex.results': { zh: '检查结果', en: 'Results' },
  'ex.solved': { zh: '全部目标达成！这道题已完成。', en: 'Every goal is met — exercise solved!' },
  'ex.notSolved': { zh: '还有 {n} 个目标没有达成。', en: '{n} goal(s) not met yet.' },
  'ex.alreadySolved': { zh: '你已经完成过这道题。', en: 'You have solved this exercise before.' },
  'ex.goalOk': { zh: '达成', en: 'met' },
  'ex.goalFail': { zh: '未达成', en: 'not met' },
  'ex.mainRun': { zh: '题目中的请求', en: 'The request in the story' },
  'ex.outcome': { zh: '模拟结果', en: 'Simulated outcome' },
  'ex.outcome.status': { zh: '响应状态', en: 'Response status' },
  'ex.outcome.tunnel': { zh: '隧道', en: 'Tunnel' },
  'ex.outcome.end': { zh: '结束', en: 'End' },
  'ex.outcome.configError': { zh: '配置错误', en: 'Config error' },
  'ex.outcome.none': { zh: '无', en: 'none' },
  'ex.outcome.yes': { zh: '建立', en: 'established' },
  'ex.outcome.no': { zh: '未建立', en: 'not established' },
  'ex.outcome.transcript': { zh: '客户端记录', en: 'Client transcript' },
  'ex.outcome.errorLog': { zh: 'error.log', en: 'error.log' },
  'ex.timeout': {
    zh: '模拟超过 2 秒没有结束，已停止。请简化配置后重试。',
    en: 'The simulation took longer than 2 seconds and was stopped. Simplify the config and try again.',
  },
  'ex.crash': { zh: '模拟出错：{message}', en: 'The simulation failed: {message}' },
  'ex.scenarioError': { zh: '练习文件有问题：{message}', en: 'The exercise file has a problem: {message}' },
  'ex.hints': { zh: '提示', en: 'Hints' },
  'ex.hintN': { zh: '提示 {n}', en: 'Hint {n}' },
  'ex.nextHint': { zh: '显示下一条提示', en: 'Show the next hint' },
  'ex.noMoreHints': { zh: '没有更多提示了。', en: 'No more hints.' },
  'ex.solution': { zh: '参考答案', en: 'Solution' },
  'ex.showSolution': { zh: '显示参考答案和讲解', en: 'Show the solution and explanation' },
  'ex.explanation': { zh: '讲解', en: 'Explanation' },
  'ex.alternatives': { zh: '另一种正确写法', en: 'Another correct config' },
  'ex.needsJs': {
    zh: '检查功能需要启用 JavaScript。起始配置如下：',
    en: 'Checking needs JavaScript. The start config is:',
  },

  'report.title': { zh: '练习成绩', en: 'Exercise results' },
  'report.description': {
    zh: '这个浏览器里保存的练习进度，可打印。',
    en: 'The exercise progress kept in this browser, ready to print.',
  },
  'report.print': { zh: '打印', en: 'Print' },
  'report.generated': { zh: '生成时间：{date}', en: 'Generated: {date}' },
  'report.col.exercise': { zh: '练习', en: 'Exercise' },
  'report.col.level': { zh: '级别', en: 'Level' },
  'report.col.status': { zh: '状态', en: 'Status' },
  'report.col.solvedAt': { zh: '完成时间', en: 'Solved at' },
  'report.col.attempts': { zh: '检查次数', en: 'Checks' },
  'report.col.hints': { zh: '用过的提示', en: 'Hints used' },
  'report.col.solution': { zh: '看过答案', en: 'Solution viewed' },
  'report.yes': { zh: '是', en: 'yes' },
  'report.no': { zh: '否', en: 'no' },
  'report.summary': { zh: '已完成 {done} / {total} 道练习。', en: '{done} of {total} exercises solved.' },
} as const satisfies Record<string, Record<ExLang, string>>;

export type ExKey = keyof typeof strings;

/** Returns a translator; `{name}` placeholders are filled from `params`. */
export function exTranslator(lang: ExLang): (key: ExKey, params?: Record<string, string | number>) => string {
  return (key, params) => {
    let text: string = strings[key][lang];
    for (const [name, value] of Object.entries(params ?? {}))
      text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

export function isExLang(value: unknown): value is ExLang {
  return value === 'zh' || value === 'en';
}

/** Keys for tests (both languages present, none empty). */
export const exStringTable: Readonly<Record<string, Readonly<Record<ExLang, string>>>> = strings;
