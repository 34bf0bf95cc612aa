/**
 * Where nginx.org documents each directive the guides mention (module page under
 * https://nginx.org/en/docs/; the anchor is the directive's name). The guides link a directive's
 * first mention on a page to this address; guides-reference-links.test.ts holds them to it.
 */
export const NGINX_DOCS = 'https://nginx.org/en/docs/';

export const WEBSOCKET_PAGE = 'https://nginx.org/en/docs/http/websocket.html';

export const DIRECTIVE_PAGES: Record<string, string> = {
  absolute_redirect: 'http/ngx_http_core_module.html',
  add_header: 'http/ngx_http_headers_module.html',
  allow: 'http/ngx_http_access_module.html',
  auth_request: 'http/ngx_http_auth_request_module.html',
  deny: 'http/ngx_http_access_module.html',
  error_log: 'ngx_core_module.html',
  error_page: 'http/ngx_http_core_module.html',
  events: 'ngx_core_module.html',
  gzip: 'http/ngx_http_gzip_module.html',
  gzip_types: 'http/ngx_http_gzip_module.html',
  hash: 'http/ngx_http_upstream_module.html',
  http: 'http/ngx_http_core_module.html',
  http2: 'http/ngx_http_v2_module.html',
  if: 'http/ngx_http_rewrite_module.html',
  ip_hash: 'http/ngx_http_upstream_module.html',
  keepalive: 'http/ngx_http_upstream_module.html',
  keepalive_timeout: 'http/ngx_http_core_module.html',
  least_conn: 'http/ngx_http_upstream_module.html',
  limit_conn: 'http/ngx_http_limit_conn_module.html',
  limit_rate: 'http/ngx_http_core_module.html',
  limit_req: 'http/ngx_http_limit_req_module.html',
  listen: 'http/ngx_http_core_module.html',
  location: 'http/ngx_http_core_module.html',
  map: 'http/ngx_http_map_module.html',
  master_process: 'ngx_core_module.html',
  proxy_bind: 'http/ngx_http_proxy_module.html',
  proxy_buffer_size: 'http/ngx_http_proxy_module.html',
  proxy_buffering: 'http/ngx_http_proxy_module.html',
  proxy_cache: 'http/ngx_http_proxy_module.html',
  proxy_connect_timeout: 'http/ngx_http_proxy_module.html',
  proxy_http_version: 'http/ngx_http_proxy_module.html',
  proxy_next_upstream: 'http/ngx_http_proxy_module.html',
  proxy_next_upstream_timeout: 'http/ngx_http_proxy_module.html',
  proxy_next_upstream_tries: 'http/ngx_http_proxy_module.html',
  proxy_pass: 'http/ngx_http_proxy_module.html',
  proxy_read_timeout: 'http/ngx_http_proxy_module.html',
  proxy_send_timeout: 'http/ngx_http_proxy_module.html',
  proxy_set_header: 'http/ngx_http_proxy_module.html',
  real_ip_header: 'http/ngx_http_realip_module.html',
  resolver: 'http/ngx_http_core_module.html',
  return: 'http/ngx_http_rewrite_module.html',
  rewrite: 'http/ngx_http_rewrite_module.html',
  send_timeout: 'http/ngx_http_core_module.html',
  sendfile: 'http/ngx_http_core_module.html',
  server: 'http/ngx_http_core_module.html',
  server_name: 'http/ngx_http_core_module.html',
  set_real_ip_from: 'http/ngx_http_realip_module.html',
  ssl_certificate: 'http/ngx_http_ssl_module.html',
  ssl_ciphers: 'http/ngx_http_ssl_module.html',
  ssl_prefer_server_ciphers: 'http/ngx_http_ssl_module.html',
  ssl_protocols: 'http/ngx_http_ssl_module.html',
  ssl_session_cache: 'http/ngx_http_ssl_module.html',
  sticky: 'http/ngx_http_upstream_module.html',
  stub_status: 'http/ngx_http_stub_status_module.html',
  tcp_nodelay: 'http/ngx_http_core_module.html',
  tcp_nopush: 'http/ngx_http_core_module.html',
  upstream: 'http/ngx_http_upstream_module.html',
  worker_connections: 'ngx_core_module.html',
  worker_processes: 'ngx_core_module.html',
  worker_rlimit_nofile: 'ngx_core_module.html',
  worker_shutdown_timeout: 'ngx_core_module.html',
  zone: 'http/ngx_http_upstream_module.html',
};

export function referenceUrl(directive: string): string | null {
  const page = DIRECTIVE_PAGES[directive];
  return page ? `${NGINX_DOCS}${page}#${directive}` : null;
}
