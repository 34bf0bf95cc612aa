/**
 * `nginx-ws-lab check [FILE…]`: WebSocket-proxy diagnostics for nginx configs on disk (or
 * for the config of a scenario file). Includes are followed as nginx does: relative
 * patterns resolve against the directory of the main config file (nginx's conf prefix),
 * whichever file the `include` sits in; globs expand sorted, and a glob matching nothing
 * is fine. Files are read as `config-files.ts` says (regular files only, sizes capped), so
 * `parse` gives the same answer. Exit 0 when nothing is an error, 1 on errors, 2 when a file
 * cannot be read or parsed.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigError, ConfigTree, DiagnoseOptions, Diagnostic, DiagnosticRuleId } from '../../src/index';
import { CONFIG_FILE, diagnose, loadScenario, parseConfig, ruleGuides, utf8Bytes } from '../../src/index';
import { diskIncludeResolver, readTextFile } from '../config-files';
import { envLang, inEveryLanguage, isLang, type Lang, languages, say } from '../i18n';
import { cliRegexRunner, EngineTimeout, scenarioPlace, timeoutMessage, withinTimeLimit } from '../time-limit';
import { invalidUtf8Message, type Utf8Text } from '../utf8-file';
import { version } from '../version';

export const summary = 'find WebSocket-proxy mistakes in nginx configs (default /etc/nginx/nginx.conf)';

type Format = 'text' | 'json' | 'sarif';

const USAGE = `usage: nginx-ws-lab check [FILE...] [--format text|json|sarif] [--lang ${languages.join('|')}]
                          [--nginx-version X.Y.Z] [--connections N]

  FILE               nginx config files (default /etc/nginx/nginx.conf); a .yaml/.json
                     scenario is checked with its own request, backends and nginx version
  --format           text (default: file:line:col severity rule-id message), json, sarif
  --lang             language of messages (default from LC_ALL / LC_MESSAGES / LANG)
  --nginx-version    nginx version to judge defaults against (default 1.22.1)
  --connections N    concurrent WebSockets to plan for (checks worker_connections)
An include naming a file that is not there is reported once (file:line, a warning) and the
rest of the config is checked without it.
Exit 0 when no finding is an error, 1 when one is, 2 when a file cannot be read or parsed.`;

/** The site that guide links point to. */
const SITE = 'https://nginx-ws-lab.example';

interface Options {
  files: string[];
  format: Format;
  lang: Lang;
  nginxVersion?: string;
  connections?: number;
}

function parseArgs(args: string[], env: NodeJS.ProcessEnv): Options | string {
  const o: Options = { files: [], format: 'text', lang: envLang(env) };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return '--format must be text, json or sarif';
      o.format = v;
    } else if (flag === '--lang') {
      const v = value();
      if (!isLang(v)) return `--lang must be ${languages.join(' or ')}`;
      o.lang = v;
    } else if (flag === '--nginx-version') {
      const v = value();
      if (!v || !/^\d+\.\d+(\.\d+)?$/.test(v)) return '--nginx-version needs a version such as 1.22.1';
      o.nginxVersion = v;
    } else if (flag === '--connections') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) return '--connections needs a positive whole number';
      o.connections = n;
    } else if (a === '-') return 'reading from standard input is not supported; pass a file';
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else o.files.push(a);
  }
  if (o.files.length === 0) o.files.push('/etc/nginx/nginx.conf');
  return o;
}

/** A read failure worded for people: what, where, and why. */
class ReadFailure extends Error {}

function readText(path: string): Utf8Text {
  const read = readTextFile(path);
  if (read.ok) return read;
  if (read.code === 'eisdir') throw new ReadFailure(`${path} is a directory, not a config file`);
  const why =
    read.code === 'enoent' ? 'no such file' : read.code === 'eacces' ? 'permission denied' : read.reason;
  throw new ReadFailure(`cannot read ${path}: ${why}`);
}

interface Checked {
  file: string;
  parse: ConfigTree;
  diagnostics: Diagnostic[];
}

function checkFile(path: string, o: Options): Checked {
  const file = resolve(path);
  const { text, invalid } = readText(file);
  const base: DiagnoseOptions = {};
  if (o.nginxVersion) base.nginxVersion = o.nginxVersion;
  if (o.connections) base.connectionTarget = o.connections;
  if (/\.(ya?ml|json)$/i.test(file)) {
    // YAML and JSON are Unicode by definition: a file in another encoding is refused.
    if (invalid) throw new ReadFailure(`${invalidUtf8Message(path, invalid)}; save the scenario as UTF-8`);
    const loaded = loadScenario(text);
    if (!loaded.scenario) {
      const first = loaded.errors[0];
      throw new ReadFailure(
        `${path}:${first?.line ?? 1}: not a valid scenario: ${first?.message ?? 'unknown problem'}`,
      );
    }
    const sc = loaded.scenario;
    const extra = sc.files ?? {};
    const parse = parseConfig(sc.config, {
      file: path,
      resolveInclude: (pattern) =>
        extra[pattern] !== undefined ? [{ file: pattern, text: extra[pattern]! }] : null,
    });
    const place = (origin: { file: string; line: number } | null) =>
      scenarioPlace(path, origin && { ...origin, file: origin.file === path ? CONFIG_FILE : origin.file });
    return {
      file: path,
      parse,
      diagnostics: timed(
        () => diagnose(parse, { ...base, scenario: sc, sources: { [path]: sc.config, ...extra }, regex }),
        place,
      ),
    };
  }
  if (invalid) {
    // nginx reads config bytes as they are, so this is no error; the checks see U+FFFD there.
    process.stderr.write(
      `${invalidUtf8Message(shown(file), invalid)}: warning: checked with U+FFFD in place of the bytes that are not UTF-8\n`,
    );
  }
  const resolveInclude = diskIncludeResolver(file, utf8Bytes(text));
  // Files on disk are capped when read (MAX_FILE_BYTES), not by the paste limit.
  // A config checked away from its server often includes files that are not here: say so
  // once per include and check the rest, rather than nothing.
  const parse = parseConfig(text, {
    file,
    resolveInclude,
    missingIncludes: 'skip',
    maxBytes: Number.POSITIVE_INFINITY,
    maxDirectives: Number.POSITIVE_INFINITY,
  });
  // Lets fixes copy each file's own indentation.
  const sources: Record<string, string> = { [file]: text, ...Object.fromEntries(resolveInclude.texts) };
  const place = (origin: { file: string; line: number } | null) =>
    origin ? `${shown(origin.file)}:${origin.line}` : shown(file);
  return { file, parse, diagnostics: timed(() => diagnose(parse, { ...base, sources, regex }), place) };
}

const regex = cliRegexRunner;

/** Diagnostics under the engine's time limit: a runaway regex becomes a located read failure. */
function timed(
  fn: () => Diagnostic[],
  place: (origin: { file: string; line: number } | null) => string,
): Diagnostic[] {
  try {
    return withinTimeLimit(fn);
  } catch (error) {
    if (error instanceof EngineTimeout) throw new ReadFailure(timeoutMessage(error, place));
    throw error;
  }
}

/** Paths as the user typed them where possible, so output lines are clickable in terminals. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function textLines(results: Checked[], lang: Lang): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const l = d.location;
      lines.push(
        `${shown(l.file)}:${l.line}:${l.col} ${d.severity} ${d.id} ${say(lang, 'diagnostic', d.message)}`,
      );
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const sarifLevel = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A config that could not be read or parsed: a SARIF result too, so CI shows where. */
interface Failure {
  file: string;
  line: number | null;
  message: string;
}

const PARSE_RULE = 'nginx-config-error';
const INCLUDE_RULE = 'nginx-include-missing';

/**
 * A SARIF 2.1.0 log as GitHub code scanning reads it: files under the working directory (the
 * checkout in CI) as paths relative to `%SRCROOT%`, others as file URLs; configs that could not
 * be parsed as `nginx-config-error` results; the run marked unsuccessful when one failed.
 */
function sarif(results: Checked[], failures: Failure[], skipped: ConfigError[], lang: Lang): object {
  const all = results.flatMap((r) => r.diagnostics);
  const ids = [...new Set(all.map((d) => d.id))].sort() as DiagnosticRuleId[];
  const ruleIds: string[] = [
    ...ids,
    ...(failures.length > 0 ? [PARSE_RULE] : []),
    ...(skipped.length > 0 ? [INCLUDE_RULE] : []),
  ];
  const root = process.cwd();
  const location = (file: string) => {
    const rel = relative(root, resolve(file));
    return rel && !rel.startsWith('..') && !isAbsolute(rel)
      ? { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }
      : { uri: pathToFileURL(resolve(file)).href };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nginx-ws-lab',
            semanticVersion: version(),
            informationUri: SITE,
            rules: [
              ...ids.map((id) => {
                const sample = all.find((d) => d.id === id)!;
                return {
                  id,
                  shortDescription: { text: id },
                  fullDescription: { text: say(lang, 'diagnostic', sample.explanation) },
                  helpUri: `${SITE}/${lang}${ruleGuides[id]}`,
                  defaultConfiguration: { level: sarifLevel[sample.severity] },
                };
              }),
              ...(failures.length > 0
                ? [
                    {
                      id: PARSE_RULE,
                      shortDescription: { text: PARSE_RULE },
                      fullDescription: {
                        text: 'The config cannot be read or parsed as nginx would read it.',
                      },
                      defaultConfiguration: { level: 'error' },
                    },
                  ]
                : []),
              ...(skipped.length > 0
                ? [
                    {
                      id: INCLUDE_RULE,
                      shortDescription: { text: INCLUDE_RULE },
                      fullDescription: {
                        text: 'An included file does not exist here; the rest of the config was checked without it.',
                      },
                      defaultConfiguration: { level: 'warning' },
                    },
                  ]
                : []),
            ],
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href },
        },
        invocations: [{ executionSuccessful: failures.length === 0 }],
        results: [
          ...failures.map((f) => ({
            ruleId: PARSE_RULE,
            ruleIndex: ruleIds.indexOf(PARSE_RULE),
            level: 'error',
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: location(f.file),
                  ...(f.line !== null ? { region: { startLine: f.line } } : {}),
                },
              },
            ],
          })),
          ...skipped.map((s) => ({
            ruleId: INCLUDE_RULE,
            ruleIndex: ruleIds.indexOf(INCLUDE_RULE),
            level: 'warning',
            message: { text: s.error },
            locations: [
              {
                physicalLocation: { artifactLocation: location(s.file), region: { startLine: s.line ?? 1 } },
              },
            ],
          })),
          ...all.map((d) => ({
            ruleId: d.id,
            ruleIndex: ids.indexOf(d.id),
            level: sarifLevel[d.severity],
            message: { text: say(lang, 'diagnostic', d.message) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: location(d.location.file),
                  region: {
                    startLine: d.location.line,
                    startColumn: d.location.col,
                    endLine: d.location.endLine,
                    endColumn: d.location.endCol,
                  },
                },
              },
            ],
            ...(d.fix
              ? {
                  fixes: [
                    {
                      description: { text: say(lang, 'diagnostic', d.fix.title) },
                      artifactChanges: groupByFile(d.fix.edits).map(([file, edits]) => ({
                        artifactLocation: location(file),
                        replacements: edits.map((e) => ({
                          deletedRegion: {
                            startLine: e.from.line,
                            startColumn: e.from.col,
                            endLine: e.to.line,
                            endColumn: e.to.col,
                          },
                          insertedContent: { text: e.insert },
                        })),
                      })),
                    },
                  ],
                }
              : {}),
          })),
        ],
      },
    ],
  };
}

/** Missing includes of one parse, once each (a file included twice reports its include once). */
function uniqueSkipped(parse: ConfigTree): ConfigError[] {
  const seen = new Set<string>();
  return (parse.skippedIncludes ?? []).filter((s) => {
    const key = `${s.file}:${s.line}:${s.error}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A diagnostic for JSON output: its texts in every site language, as `{ zh, en }`. */
function withTexts(d: Diagnostic) {
  return {
    ...d,
    message: inEveryLanguage('diagnostic', d.message),
    explanation: inEveryLanguage('diagnostic', d.explanation),
    ...(d.fix ? { fix: { ...d.fix, title: inEveryLanguage('diagnostic', d.fix.title) } } : {}),
  };
}

function groupByFile<T extends { file: string }>(edits: T[]): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const e of edits) map.set(e.file, [...(map.get(e.file) ?? []), e]);
  return [...map];
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = parseArgs(args, process.env);
  if (typeof o === 'string') {
    process.stderr.write(`nginx-ws-lab check: ${o}\n${USAGE}\n`);
    return 2;
  }
  const results: Checked[] = [];
  const failures: Failure[] = [];
  const skipped: ConfigError[] = [];
  let failed = false;
  for (const path of o.files) {
    try {
      const r = checkFile(path, o);
      for (const s of uniqueSkipped(r.parse)) {
        skipped.push(s);
        process.stderr.write(
          `${shown(s.file)}:${s.line ?? ''}: warning: include not checked: ${s.error}; the rest of the config is checked without it\n`,
        );
      }
      if (r.parse.status === 'failed') {
        failed = true;
        for (const e of r.parse.errors) {
          failures.push({ file: e.file, line: e.line, message: `cannot parse: ${e.error}` });
          process.stderr.write(
            `${shown(e.file)}:${e.line ?? ''}: cannot parse: ${e.error}${e.hint ? ` (${e.hint})` : ''}\n`,
          );
        }
        continue;
      }
      results.push(r);
    } catch (error) {
      if (!(error instanceof ReadFailure)) throw error;
      failed = true;
      failures.push({ file: path, line: null, message: error.message });
      process.stderr.write(`nginx-ws-lab check: ${error.message}\n`);
    }
  }
  if (o.format === 'json') {
    process.stdout.write(
      `${JSON.stringify(results.flatMap((r) => r.diagnostics).map(withTexts), null, 2)}\n`,
    );
  } else if (o.format === 'sarif') {
    process.stdout.write(`${JSON.stringify(sarif(results, failures, skipped, o.lang), null, 2)}\n`);
  } else {
    process.stdout.write(textLines(results, o.lang));
  }
  if (failed) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
