/**
 * One call for "what would `nginx -t` say about this text": parse, then analyze, giving the
 * crossplane envelope whose `errors[0]` is nginx's first message.
 */
import { type AnalyzeOptions, checkParsed } from './analyze';
import type { ConfigError, ParseResult } from './ast';
import { type ParseOptions, parseConfig } from './parse';

export function checkConfig(text: string, options: ParseOptions & AnalyzeOptions = {}): ParseResult {
  return checkParsed(parseConfig(text, options), options);
}

/** The scenario outcome's `config_error` text: nginx's message, then ` line N` when it has one. */
export function formatConfigError(error: ConfigError): string {
  return error.line === null ? error.error : `${error.error} line ${error.line}`;
}

/** How `nginx -t` prints it: `MESSAGE in FILE:LINE`, or just the message when it has no line. */
export function formatNginxError(error: ConfigError): string {
  return error.line === null ? error.error : `${error.error} in ${error.file}:${error.line}`;
}
