import { type Finding, locationLabel, type Rule } from '../rule';

/**
 * A location whose name ends in `/` and that proxies gets nginx's auto_redirect: a request
 * for the name without the slash is answered with a 301 before any upstream is contacted
 * (ngx_http_core_find_static_location returns NGX_DONE). Browsers follow it for pages; a
 * WebSocket handshake fails on anything but 101.
 *
 * Reported only when the scenario's WebSocket request is the one redirected: without a
 * request, `location /ws/` is the canonical way to write an endpoint and nothing says the
 * client leaves the slash out. No automatic fix: each option changes something else (the
 * client URL, what `location /chat` also matches, a second block to keep in step).
 */
export const trailingSlashRedirect: Rule = {
  id: 'ws-trailing-slash-redirect',
  check(ctx) {
    const node = ctx.scenarioLocation;
    if (!node || ctx.scenarioHow !== 'redirect' || !ctx.scenarioUpgrades) return [];
    const name = ctx.model.locationOf(node)?.pattern;
    if (!name) return [];
    const bare = name.slice(0, -1);
    const label = locationLabel(node);
    const finding: Finding = {
      node,
      severity: 'error',
      message: {
        zh: `对 ${bare} 的 WebSocket 请求得到 301（跳到 ${name}），到不了 ${label}；WebSocket 客户端不跟随重定向`,
        en: `A WebSocket request for ${bare} gets a 301 to ${name} instead of reaching ${label}; WebSocket clients do not follow redirects`,
      },
      explanation: {
        zh:
          `location 的名字以 / 结尾、里面又有 proxy_pass（或 fastcgi_pass、uwsgi_pass、grpc_pass 等）时，nginx 会为它打开 auto_redirect：` +
          `请求的路径恰好是 ${bare}（名字去掉结尾的 /），又没有哪个 location 的名字正好是 ${bare} 时，nginx 自己回 301，` +
          `Location 指向 ${name}（保留查询串），不连接后端。这一步在检查正则 location 之前就结束了查找，location / 和正则 location 都接不住它。` +
          '浏览器打开网页时会自动跟随 301，但 WebSocket 握手只认 101，别的状态码都让连接失败（浏览器报 “Unexpected response code: 301”，' +
          `关闭码 1006）。修法任选其一：让客户端连接带斜杠的 ${name}；把 location 写成 ${bare}（不带斜杠；它也会匹配以 ${bare} 开头的其他路径，` +
          `proxy_pass 带 URI 部分时路径的替换结果也会变）；或者另加一个精确匹配的 location = ${bare}，里面放同样的代理配置。` +
          '场景 redirect-trailing-slash-301 展示了真实 nginx 的行为。',
        en:
          `When a location name ends in / and the location holds proxy_pass (or fastcgi_pass, uwsgi_pass, grpc_pass and the ` +
          `like), nginx turns on auto_redirect for it: a request whose path is exactly ${bare} (the name without its final /), ` +
          `with no location named exactly ${bare}, is answered by nginx itself with a 301 whose Location is ${name} (the query ` +
          'string kept), and the backend is never contacted. This ends the search before any regex location is tried, so ' +
          'neither location / nor a regex location can catch the request. Browsers follow a 301 for pages, but a WebSocket ' +
          'handshake accepts only 101 and fails on any other status (browsers report "Unexpected response code: 301", close ' +
          `code 1006). Pick one fix: have the client connect to ${name}, with the slash; write the location as ${bare}, ` +
          `without the slash (it then also matches other paths starting with ${bare}, and a proxy_pass with a URI part maps ` +
          `paths differently); or add an exact location = ${bare} holding the same proxy settings. Scenario ` +
          'redirect-trailing-slash-301 shows real nginx doing this.',
      },
    };
    return [finding];
  },
};
