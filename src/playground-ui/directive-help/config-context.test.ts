import { describe, expect, it } from 'vitest';
import { directiveAt } from './config-context';

/** The directive at the `|` of a config written with one. */
function at(marked: string) {
  const pos = marked.indexOf('|');
  const found = directiveAt(marked.replace('|', ''), pos);
  return found && { name: found.name, context: found.context };
}

describe('directiveAt', () => {
  it('names the directive under the cursor and the context it is read in', () => {
    expect(at('server { location / { proxy_re|ad_timeout 5s; } }')).toEqual({
      name: 'proxy_read_timeout',
      context: 'location',
    });
    expect(at('upstream b { ser|ver 127.0.0.1:1; }')).toEqual({ name: 'server', context: 'upstream' });
    expect(at('ser|ver { listen 80; }')).toEqual({ name: 'server', context: 'http' });
    expect(at('events {} http { |server { } }')).toEqual({ name: 'server', context: 'http' });
    expect(at('events { worker_connections| 8; }')).toEqual({
      name: 'worker_connections',
      context: 'events',
    });
    expect(at('|worker_processes 2; events {}')).toEqual({ name: 'worker_processes', context: 'main' });
    expect(at('server { if ($x) { ret|urn 403; } }')).toEqual({ name: 'return', context: 'if in server' });
    expect(at('server { location / { if ($x) { |return 403; } } }')).toEqual({
      name: 'return',
      context: 'if in location',
    });
  });

  it('is null on arguments, comments, quoted text and data blocks', () => {
    expect(at('proxy_pass http://b|ack;')).toBeNull();
    expect(at('# proxy_|pass here\nlisten 80;')).toBeNull();
    expect(at('add_header X "a; proxy_|pass";')).toBeNull();
    expect(at('map $http_upgrade $c { default upgrade; |websocket x; }')).toEqual({
      name: 'websocket',
      context: null,
    });
  });

  it('reads past comments and quotes that contain braces', () => {
    expect(at('server { # a } b\n add_header X "}"; location / { proxy_|pass http://b; } }')).toEqual({
      name: 'proxy_pass',
      context: 'location',
    });
  });

  it('answers on a half-typed config', () => {
    expect(at('server {\n  location / {\n    proxy_http|')).toEqual({
      name: 'proxy_http',
      context: 'location',
    });
  });
});
