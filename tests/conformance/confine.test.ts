/**
 * The sandbox rules applied to a scenario's config before real nginx sees it (no nginx needed):
 * every listen pinned to 127.0.0.1, paths kept inside the run's prefix, nginx's reach limited to
 * the scenario's backends, and every line kept where the scenario wrote it.
 */
import { describe, expect, it } from 'vitest';
import { MAIN_FILE } from '../../playground/cli/conformance/config-tree';
import { confineConfig, RefusedScenario } from '../../playground/cli/conformance/confine';
import { confineScenario, MAX_REAL_UNTIL } from '../../playground/cli/conformance/run-real';
import { normalizeScenario } from '../../playground/cli/conformance/scenario-file';
import { quoteWord } from '../../playground/cli/conformance/text-edits';
import { parseConfig, toCrossplane } from '../../playground/src/index';

function server(...lines: string[]): string {
  return ['server {', '    listen 18080;', ...lines.map((l) => `    ${l}`), '}', ''].join('\n');
}

/** The first refusal as "line N directive: message", or null. */
function refusal(config: string, files: Record<string, string> = {}): string | null {
  const r = confineConfig(config, files).refusals[0];
  return r ? `${r.file} line ${r.line} ${r.directive}: ${r.message}` : null;
}

function rewritten(config: string, files: Record<string, string> = {}, base = 25000): Map<string, string> {
  const confined = confineConfig(config, files);
  expect(confined.refusals).toEqual([]);
  return confined.rewrite(new Map(confined.ports.map((p, i) => [p, base + i])));
}

describe('listen', () => {
  it('pins a bare port, *:PORT, 0.0.0.0:PORT and localhost:PORT to 127.0.0.1 and keeps parameters', () => {
    const config = [
      'server { listen 18080; }',
      'server { listen *:18081 default_server; }',
      'server { listen 0.0.0.0:18082; }',
      'server { listen localhost:18083 ssl; }',
      'server { listen "18084"; }',
      '',
    ].join('\n');
    const out = rewritten(config).get(MAIN_FILE)!;
    expect(out.split('\n')).toEqual([
      'server { listen 127.0.0.1:25000; }',
      'server { listen 127.0.0.1:25001 default_server; }',
      'server { listen 127.0.0.1:25002; }',
      'server { listen 127.0.0.1:25003 ssl; }',
      'server { listen 127.0.0.1:25004; }',
      '',
    ]);
  });

  it('refuses IPv6, unix sockets, other addresses and a listen without a port, naming the line', () => {
    expect(refusal(server().replace('listen 18080;', 'listen [::]:18080;'))).toMatch(
      /^config line 2 listen: IPv6 addresses are not allowed/,
    );
    expect(refusal(server().replace('listen 18080;', 'listen [::1]:18080;'))).toMatch(/IPv6/);
    expect(refusal(server('listen unix:/var/run/x.sock;'))).toMatch(/^config line 3 listen: unix sockets/);
    expect(refusal(server().replace('listen 18080;', 'listen 192.0.2.2:18080;'))).toMatch(
      /^config line 2 listen: only PORT, .* not "192\.0\.2\.2:18080"/,
    );
    expect(refusal(server().replace('listen 18080;', 'listen 127.0.0.1;'))).toMatch(/explicit port/);
    expect(refusal(server().replace('listen 18080;', 'listen example.com:18080;'))).toMatch(/only PORT/);
  });

  it('refuses a server without listen (nginx would take port 80 or 8000 on every interface)', () => {
    expect(refusal('server {\n    location / { return 200; }\n}\n')).toMatch(
      /^config line 1 server: a server without listen/,
    );
  });

  it('refuses a wildcard and 127.0.0.1 on the same port, which pinning would merge', () => {
    const config = 'server { listen 18080; }\nserver { listen 127.0.0.1:18080; }\n';
    expect(refusal(config)).toMatch(/both a wildcard listen and 127\.0\.0\.1:18080/);
  });

  it('keeps every line where it was when a directive spans lines, its terminator on its own line', () => {
    const config =
      'server {\n    listen\n        18080\n        ssl;  # tls\n    location / {\n        proxy_pass\n          http://127.0.0.1:18081;\n    }\n}\n';
    const out = rewritten(config).get(MAIN_FILE)!;
    expect(out.split('\n')).toHaveLength(config.split('\n').length);
    expect(out.split('\n')[3]).toBe(';  # tls');
    expect(out.split('\n')[1]).toBe('    listen 127.0.0.1:25000 ssl');
    expect(out.split('\n')[6]).toBe(';');
    expect(out).toContain('proxy_pass http://127.0.0.1:25001');
    // The engine reads the rewritten text with the same directives on the same lines.
    const before = toCrossplane(parseConfig(config)).config[0]!.parsed;
    const after = toCrossplane(parseConfig(out)).config[0]!.parsed;
    expect(after[0]!.block!.map((d) => [d.directive, d.line])).toEqual(
      before[0]!.block!.map((d) => [d.directive, d.line]),
    );
  });

  it('moves ports in include files and leaves files the config does not include alone', () => {
    const files = {
      'snippets/ws.conf': 'proxy_pass http://127.0.0.1:18081;\n',
      'html/index.html': 'talk to 127.0.0.1:18081\n',
    };
    const texts = rewritten(server('location / { include snippets/ws.conf; }'), files);
    expect(texts.get('snippets/ws.conf')).toBe('proxy_pass http://127.0.0.1:25001;\n');
    expect(texts.has('html/index.html')).toBe(false);
  });

  it('moves ports in map values and set, and comments stay comments', () => {
    const config = [
      'map $arg_room $chat_backend {',
      '    default 127.0.0.1:18081; # not 18082',
      '    b       localhost:18082;',
      '}',
      server('location / { set $x 127.0.0.1:18081; proxy_pass http://$chat_backend; }'),
    ].join('\n');
    const out = rewritten(config).get(MAIN_FILE)!;
    expect(out).toContain('default 127.0.0.1:25001; # not 18082');
    expect(out).toContain('b localhost:25002;');
    expect(out).toContain('set $x 127.0.0.1:25001;');
  });
});

describe('files and paths', () => {
  it('refuses root and alias outside the prefix, and variables in them', () => {
    expect(refusal(server('location /fs/ { alias /; autoindex on; }'))).toMatch(
      /^config line 3 alias: "\/" is outside the run's directory/,
    );
    expect(refusal(server('root /etc;'))).toMatch(/^config line 3 root: "\/etc" is outside/);
    expect(refusal(server('root "../../etc";'))).toMatch(/"\.\.\/\.\.\/etc" is outside/);
    expect(refusal(server('location / { root html/$arg_dir; }'))).toMatch(/paths with variables/);
    expect(refusal(server('root html;', 'location /a/ { alias html/a/../b/; }'))).toBeNull();
  });

  it('refuses temp, cache, pid, lock and working directories outside the prefix', () => {
    expect(refusal(server('proxy_temp_path /var/tmp/x;'))).toMatch(/^config line 3 proxy_temp_path: /);
    expect(refusal(server("client_body_temp_path '../../x';"))).toMatch(/client_body_temp_path: .* outside/);
    expect(refusal(server('proxy_cache_path /tmp-cache keys_zone=z:1m;'))).toMatch(/proxy_cache_path/);
    expect(refusal('pid /run/x.pid;\nworking_directory /;\nevents {}\n')).toMatch(
      /^config line 2 working_directory/,
    );
    expect(refusal('lock_file /var/lock/x;\nevents {}\n')).toMatch(/lock_file/);
    expect(refusal(server('proxy_temp_path cache/tmp 1 2;'))).toBeNull();
  });

  it('refuses include of files outside the prefix, and finds a copy of mime.types inside it', () => {
    expect(refusal(server('include /etc/nginx/mime.types;'))).toMatch(
      /^config line 3 include: "\/etc\/nginx\/mime\.types" is outside .* include mime\.types finds a copy/,
    );
    expect(refusal(server('include ../../../../etc/passwd;'))).toMatch(/include: .* outside/);
    expect(refusal('include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {}\n')).toMatch(/include/);
    expect(
      refusal(server('include mime.types;'), { 'mime.types': 'types { text/html html; }\n' }),
    ).toBeNull();
    expect(refusal(server('include *.conf;'), { 'a.conf': '' })).toMatch(/runner's own files \(nginx\.conf/);
    expect(refusal(server('include *.log;'))).toMatch(/error\.log/);
    expect(refusal(server('include conf.d/*.conf;'), { 'conf.d/a.conf': '' })).toBeNull();
  });

  it('refuses load_module, env, user, ssl_engine and OpenSSL commands', () => {
    expect(refusal('load_module modules/x.so;\nevents {}\n')).toMatch(/^config line 1 load_module: it loads/);
    expect(refusal('env LD_PRELOAD=x;\nevents {}\n')).toMatch(/^config line 1 env:/);
    expect(refusal('user www-data;\nevents {}\n')).toMatch(/^config line 1 user:/);
    expect(refusal('ssl_engine x;\nevents {}\n')).toMatch(/ssl_engine/);
    expect(refusal(server('ssl_conf_command Options x;'))).toMatch(/ssl_conf_command/);
  });

  it('refuses certificates and keys outside the prefix, keeps data: and files of the scenario', () => {
    expect(refusal(server('ssl_certificate /etc/ssl/certs/x.pem;'))).toMatch(
      /^config line 3 ssl_certificate: "\/etc\/ssl\/certs\/x\.pem" is outside/,
    );
    expect(refusal(server('ssl_certificate_key engine:pkcs11:id;'))).toMatch(/OpenSSL engines/);
    expect(refusal(server('proxy_ssl_trusted_certificate /etc/ssl/ca.pem;'))).toMatch(/proxy_ssl_trusted/);
    expect(refusal(server('ssl_certificate lab-cert.pem;', 'ssl_certificate_key data:xyz;'))).toBeNull();
    expect(refusal(server('ssl_certificate $ssl_server_name.pem;'))).toMatch(/variables/);
  });

  it('sends every log file to the run’s own logs, quoted, relative or climbing, and refuses syslog', () => {
    const config = [
      'error_log "/var/log/x/error.log" warn;',
      'events {}',
      'http {',
      "    access_log '/var/log/x/access.log' combined;",
      '    server {',
      '        listen 18080;',
      '        error_log ../../../../x/pwned.log info;',
      '        access_log logs/$host.log;',
      '        access_log off;',
      '        error_log stderr;',
      '    }',
      '}',
      '',
    ].join('\n');
    const out = rewritten(config).get(MAIN_FILE)!.split('\n');
    expect(out[0]).toBe('error_log error.log warn;');
    expect(out[3]).toBe('    access_log access.log combined;');
    expect(out[6]).toBe('        error_log error.log info;');
    expect(out[7]).toBe('        access_log access.log;');
    expect(out[8]).toBe('        access_log off;');
    expect(out[9]).toBe('        error_log stderr;');
    expect(refusal(server('access_log syslog:server=192.0.2.1;'))).toMatch(/access_log: syslog/);
    expect(confineConfig(config, {}).mainErrorLog).toBe(true);
  });

  it('blanks the main pid, daemon and master_process (the runner sets its own) and keeps lines', () => {
    const config = 'pid "/run/pwned.pid";\ndaemon on;\nevents {}\nhttp {\n    server { listen 18080; }\n}\n';
    const out = rewritten(config).get(MAIN_FILE)!;
    expect(out.split('\n')[0]!.trim()).toBe('');
    expect(out.split('\n')[1]!.trim()).toBe('');
    expect(out.split('\n')[3]).toMatch(/^http \{ access_log off; client_body_temp_path client_body_temp;/);
    expect(out.split('\n')).toHaveLength(config.split('\n').length);
  });

  it('refuses writers steered by requests: dav, *_store', () => {
    expect(refusal(server('location / { dav_methods PUT; }'))).toMatch(/dav_methods: WebDAV/);
    expect(refusal(server('location / { proxy_store on; }'))).toMatch(/proxy_store/);
    expect(refusal(server('location / { proxy_store off; }'))).toBeNull();
  });
});

describe('where nginx may connect', () => {
  it('allows the backends on 127.0.0.1 or localhost, upstream blocks, and variables set to those', () => {
    const config = [
      'upstream pool { server 127.0.0.1:18081; server localhost:18082 backup; }',
      'map $arg_x $b { default pool; a 127.0.0.1:18081; }',
      server(
        'location /a { proxy_pass http://pool/; }',
        'location /b { proxy_pass http://$b; }',
        'location /c { set $c localhost:18081; proxy_pass http://$c$uri; }',
      ),
    ].join('\n');
    expect(refusal(config.replace('http://$c$uri', 'http://$c/x'))).toBeNull();
  });

  it('refuses other hosts, unix sockets and addresses a request could choose', () => {
    expect(refusal(server('location / { proxy_pass http://192.0.2.1:80; }'))).toMatch(
      /proxy_pass: "192\.0\.2\.1:80" is neither/,
    );
    expect(refusal(server('location / { proxy_pass http://unix:/var/run/docker.sock:/; }'))).toMatch(
      /unix sockets/,
    );
    expect(refusal(server('location / { fastcgi_pass example.com:9000; }'))).toMatch(/fastcgi_pass/);
    expect(refusal(server('location / { proxy_pass http://$arg_to; }'))).toMatch(/\$arg_to may hold/);
    expect(refusal(server('location / { set $to $arg_to; proxy_pass http://$to; }'))).toMatch(
      /\$to may hold/,
    );
    expect(
      refusal(`upstream u { server 192.0.2.1:80; }\n${server('location / { proxy_pass http://u; }')}`),
    ).toMatch(/^config line 1 server: upstream servers must be/);
    expect(refusal(server('resolver 192.0.2.53;'))).toMatch(/resolver/);
    expect(refusal(server('location / { set $b "unix:/run/x.sock:"; proxy_pass http://$b; }'))).toMatch(
      /\$b may hold/,
    );
    expect(
      refusal(`upstream u { server unix:/run/x.sock; }\n${server('location / { proxy_pass http://u; }')}`),
    ).toMatch(/unix sockets/);
    const captured = server(
      'set $to 127.0.0.1:18081;',
      'location ~ ^/(?<to>[^/]+)/ { proxy_pass http://$to; }',
    );
    expect(refusal(captured)).toMatch(/\$to may hold/);
    expect(
      refusal(
        server(
          'set $to pool;',
          'auth_request_set $to $upstream_http_x;',
          'location / { proxy_pass http://$to; }',
        ),
      ),
    ).toMatch(/\$to may hold/);
    // Text that merely mentions a unix socket goes nowhere.
    expect(refusal(server('location /t { return 200 "listen unix:/x is refused"; }'))).toBeNull();
  });
});

describe('what the engine cannot read is not run', () => {
  it('refuses a config nested deeper than the engine reads', () => {
    const deep = `${'location / {\n'.repeat(120)}${'}\n'.repeat(120)}`;
    expect(refusal(server(deep))).toMatch(/cannot check past this point/);
  });
});

describe('scenario-level limits', () => {
  const scenario = (over: Record<string, unknown>) =>
    normalizeScenario(
      { config: server(), client: { request: { path: '/' }, until: 1 }, ...over },
      'hostile.yaml',
    );

  it(`caps client.until at ${MAX_REAL_UNTIL} s for real runs`, () => {
    expect(() =>
      confineScenario('hostile.yaml', { ...scenario({}), client: { ...scenario({}).client, until: 86400 } }),
    ).toThrow(/^hostile\.yaml: client\.until is 86400 s; real runs last at most 60 s/);
  });

  it('names the scenario file, the config line and the directive in a refusal', () => {
    const s = scenario({ config: server('location /fs/ { alias /; }') });
    expect(() => confineScenario('hostile.yaml', s)).toThrow(RefusedScenario);
    expect(() => confineScenario('hostile.yaml', s)).toThrow(
      /^hostile\.yaml: config line 3: "alias" refused in real runs: /,
    );
  });

  it('refuses files named outside the prefix or after the runner’s own files', () => {
    expect(() => confineScenario('h.yaml', scenario({ files: { '../x.conf': 'x' } }))).toThrow(
      /files\."\.\.\/x\.conf" must be a relative name/,
    );
    expect(() => confineScenario('h.yaml', scenario({ files: { 'error.log': 'x' } }))).toThrow(
      /the runner writes itself/,
    );
  });

  it('names an include file in a refusal inside it', () => {
    const s = scenario({
      config: server('include snippets/evil.conf;'),
      files: { 'snippets/evil.conf': '\nroot /etc;\n' },
    });
    expect(() => confineScenario('h.yaml', s)).toThrow(/files\."snippets\/evil\.conf" line 2: "root"/);
  });
});

describe('quoteWord', () => {
  it('writes values the engine reads back unchanged, on one line', () => {
    for (const value of [
      'plain',
      '',
      'a b',
      'x"y',
      "it's",
      'a\\d',
      'new\nline',
      'tab\t',
      '{}',
      '#x',
      // nginx's braced variable syntax, not a template placeholder.
      `$\{v}`,
    ]) {
      const text = `add_header X ${quoteWord(value)};\n`;
      expect(text.split('\n')).toHaveLength(2);
      expect(
        toCrossplane(parseConfig(`server { listen 1; ${text}}`)).config[0]!.parsed[0]!.block![1]!.args[1],
      ).toBe(value);
    }
  });
});
