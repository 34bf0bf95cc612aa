import { describe, expect, it } from 'vitest';
import { directiveInfo, directiveNames } from '../../../playground/src/index';
import en from '../../i18n/en.json';
import zh from '../../i18n/zh.json';
import { directiveHelp, referenceUrl } from './lookup';
import { REFERENCE_ROWS } from './reference.data';

describe('directive help', () => {
  it("gives nginx.org's syntax, default, contexts and anchor", () => {
    const help = directiveHelp('proxy_read_timeout', 'location', en.directive);
    expect(help).toMatchObject({
      syntax: ['proxy_read_timeout time;'],
      defaults: ['proxy_read_timeout 60s;'],
      contexts: ['http', 'server', 'location'],
      url: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
    });
    expect(help?.summary).toMatch(/WebSocket tunnel/);
    expect(directiveHelp('proxy_read_timeout', 'location', zh.directive)?.summary).toMatch(/WebSocket 隧道/);
    expect(referenceUrl('worker_connections')).toBe(
      'https://nginx.org/en/docs/ngx_core_module.html#worker_connections',
    );
  });

  it('picks the entry of the context for names two modules define', () => {
    expect(directiveHelp('server', 'upstream', en.directive)).toMatchObject({
      syntax: ['server address [parameters];'],
      url: 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
      summary: en.directive['server.upstream'],
    });
    expect(directiveHelp('server', 'http', en.directive)).toMatchObject({
      syntax: ['server { … }'],
      url: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#server',
      summary: en.directive.server,
    });
    expect(referenceUrl('keepalive_timeout', 'upstream')).toBe(
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
    );
    expect(referenceUrl('keepalive_timeout', 'server')).toBe(
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout',
    );
  });

  it('says which defaults older nginx versions had', () => {
    expect(directiveHelp('proxy_http_version', 'location', en.directive)?.defaultBefore).toEqual({
      version: '1.29.7',
      value: 'proxy_http_version 1.0;',
    });
    expect(directiveHelp('proxy_read_timeout', 'location', en.directive)?.defaultBefore).toBeNull();
  });

  it('falls back to the engine table for directives nginx.org does not document, and knows no others', () => {
    const help = directiveHelp('post_action', null, en.directive);
    expect(help).toMatchObject({ url: null, syntax: [] });
    expect(help?.contexts).toEqual([...new Set(directiveInfo('post_action')?.flatMap((d) => d.contexts))]);
    expect(directiveHelp('proxy_read_timeot', null, en.directive)).toBeNull();
  });

  it("documents nearly every directive of the engine's table, in contexts the table allows", () => {
    const names = directiveNames();
    const documented = new Set(REFERENCE_ROWS.map((r) => r[0]));
    expect(names.filter((n) => !documented.has(n)).length).toBeLessThan(names.length * 0.03);
    // nginx.org's contexts against nginx's own source (the engine's table): a row on the
    // wrong module page would name contexts the directive does not have.
    // Not in the table: stream and mail (not modelled), `resolver` in upstream (1.27.3).
    const modelled = (name: string, c: string) =>
      !['any', 'stream', 'mail'].includes(c) && !(c === 'upstream' && name.startsWith('resolver'));
    const wrong: string[] = [];
    for (const [name, page, , , contexts] of REFERENCE_ROWS) {
      const allowed = new Set<string>(directiveInfo(name)?.flatMap((d) => d.contexts));
      for (const c of contexts.split(', ').filter((c) => modelled(name, c))) {
        const ok = c === 'if' ? allowed.has('if in server') || allowed.has('if in location') : allowed.has(c);
        if (!ok) wrong.push(`${name} (${page}): ${c}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has an explanation for every key in both languages that names a directive', () => {
    for (const key of Object.keys(en.directive)) {
      const name = key.replace(/\.upstream$/, '');
      expect(directiveInfo(name), key).toBeDefined();
    }
  });
});
