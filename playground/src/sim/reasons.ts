/**
 * Texts for the message codes the engine puts in `HeaderDecision.reason` and
 * `TimelineEvent.explain`, in both site languages. `{name}` is replaced by the parameter.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export const reasonCodes: Record<string, Bilingual> = {
  'default-host': {
    en: 'the proxy module sends Host: $proxy_host unless proxy_set_header Host is set',
    zh: '代理模块默认发送 Host: $proxy_host，除非用 proxy_set_header Host 另行设置',
  },
  'default-connection-close': {
    en: 'the proxy module sends Connection: close unless proxy_set_header Connection is set',
    zh: '代理模块默认发送 Connection: close，除非用 proxy_set_header Connection 另行设置',
  },
  'default-connection-none': {
    en: 'since 1.29.7 the proxy module sends no Connection header by default',
    zh: '从 1.29.7 起，代理模块默认不发送 Connection 头',
  },
  'default-body': {
    en: 'set by nginx from the request body',
    zh: '由 nginx 根据请求体自行设置',
  },
  'default-hop-by-hop': {
    en: 'hop-by-hop: the default table drops it',
    zh: '逐跳头：默认表会把它去掉',
  },
  'default-expect': {
    en: 'the default table drops it',
    zh: '默认表会把它去掉',
  },
  'default-upgrade': {
    en: 'hop-by-hop: the default table drops it; set it with proxy_set_header Upgrade $http_upgrade',
    zh: '逐跳头：默认表会把它去掉；需要用 proxy_set_header Upgrade $http_upgrade 显式设置',
  },
  'not-inherited': {
    en: 'Not sent: {by} has its own proxy_set_header (line {line}), so nothing is inherited from {level}.',
    zh: '未发送：{by} 有自己的 proxy_set_header（第 {line} 行），因此不再继承 {level} 中的任何 proxy_set_header。',
  },
  'empty-value': {
    en: 'Not sent: {expression} evaluated to an empty string, and nginx skips empty headers.',
    zh: '未发送：{expression} 的值为空字符串，nginx 不发送值为空的请求头。',
  },
  'empty-in-table': {
    en: 'Not sent: the value is empty, which removes the header.',
    zh: '未发送：值为空，相当于删除这个请求头。',
  },
  'replaced-by-set': {
    en: 'The client value "{value}" is not copied: proxy_set_header sets this header.',
    zh: '客户端的值“{value}”没有被转发：这个请求头由 proxy_set_header 设置。',
  },
  'dropped-by-default-table': {
    en: 'The client value "{value}" is not copied: the proxy module handles this header itself (hop-by-hop).',
    zh: '客户端的值“{value}”没有被转发：代理模块自己处理这个请求头（逐跳头）。',
  },
  'request-headers-off': {
    en: 'Not copied: proxy_pass_request_headers is off.',
    zh: '没有转发：proxy_pass_request_headers 为 off。',
  },
  'timer-read-header': {
    en: 'proxy_read_timeout: nginx waits this long for the response header.',
    zh: 'proxy_read_timeout：nginx 等待响应头的最长时间。',
  },
  'timer-connect': {
    en: 'proxy_connect_timeout: how long nginx waits for the TCP connection to the backend.',
    zh: 'proxy_connect_timeout：nginx 等待与后端建立 TCP 连接的最长时间。',
  },
  'timer-tunnel': {
    en: 'In the tunnel, proxy_read_timeout restarts on traffic in either direction.',
    zh: '在隧道中，任一方向的数据都会让 proxy_read_timeout 重新计时。',
  },
  'timer-lazy': {
    en: 'Not re-armed: nginx skips moving a timer by less than 300 ms.',
    zh: '没有重新计时：计时器变动不足 300 毫秒时 nginx 会跳过。',
  },
  'timer-keepalive': {
    en: 'keepalive_timeout: how long nginx keeps an idle client connection open.',
    zh: 'keepalive_timeout：nginx 保持空闲客户端连接的最长时间。',
  },
  'tunnel-open': {
    en: 'The backend answered 101 and the client sent Upgrade: nginx now copies bytes both ways.',
    zh: '后端返回 101 且客户端带有 Upgrade：nginx 开始双向转发字节。',
  },
  'no-tunnel-no-upgrade': {
    en: 'The backend answered 101 but the client request had no Upgrade header: no tunnel.',
    zh: '后端返回了 101，但客户端请求没有 Upgrade 头：不会建立隧道。',
  },
  'handshake-refused': {
    en: 'The backend refused the WebSocket handshake: {problem}.',
    zh: '后端拒绝了 WebSocket 握手：{problem}。',
  },
  'next-upstream': {
    en: 'proxy_next_upstream: trying the next server.',
    zh: 'proxy_next_upstream：尝试下一个服务器。',
  },
  'no-live-upstreams': {
    en: 'Every server of the upstream is marked down: nginx has no server to try and answers 502.',
    zh: 'upstream 中的所有服务器都标记为 down：nginx 没有可尝试的服务器，直接返回 502。',
  },
  'worker-connections-exhausted': {
    en: 'worker_connections {n} is used up: {listening} for the listening sockets, one for the client, none left for the backend. nginx answers 500. (With a master process each worker also holds one for its channel, so its limit comes one connection sooner.)',
    zh: 'worker_connections {n} 已经用完：监听 socket 占 {listening} 个，客户端连接占 1 个，没有剩下的给后端。nginx 直接返回 500。（有 master 进程时，每个 worker 还要为与 master 通信的 channel 占 1 个，上限会再早一个到来。）',
  },
  'static-not-found': {
    en: 'No proxy_pass or return handles this location: nginx looks for the file {path} and does not find it.',
    zh: '这个 location 没有 proxy_pass 或 return：nginx 去找文件 {path}，没有找到。',
  },
  'step-skipped': {
    en: 'Client step skipped: no tunnel is open at that time.',
    zh: '跳过客户端步骤：此时没有打开的隧道。',
  },
  'no-listener': {
    en: 'No server block listens on port {port}: the connection is refused.',
    zh: '没有 server 块监听端口 {port}：连接被拒绝。',
  },
  'rewrite-if-true': {
    en: 'if ({condition}) is true: its block runs, and in a location its configuration now applies (only the last true if counts).',
    zh: 'if ({condition}) 为真：执行其中的指令；在 location 中，这个 if 块的配置从此生效（只有最后一个为真的 if 算数）。',
  },
  'rewrite-if-false': {
    en: 'if ({condition}) is false: its block is skipped.',
    zh: 'if ({condition}) 为假：跳过其中的指令。',
  },
  'rewrite-uri': {
    en: 'rewrite changes the URI from {from} to {to}; the flag "{flag}" decides what happens next (none or last: search the locations again; break: stay here).',
    zh: 'rewrite 把 URI 从 {from} 改为 {to}；标志“{flag}”决定接下来怎么做（没有标志或 last：重新匹配 location；break：留在当前 location）。',
  },
  'rewrite-break': {
    en: 'break: the rest of the rewrite directives here are skipped.',
    zh: 'break：跳过这里其余的 rewrite 模块指令。',
  },
  'respond-return': {
    en: 'return answers {status} at once: no backend is contacted.',
    zh: 'return 直接返回 {status}：不会连接任何后端。',
  },
  'respond-close': {
    en: 'return 444 closes the connection without sending any response.',
    zh: 'return 444 直接关闭连接，不发送任何响应。',
  },
  'respond-rewrite': {
    en: 'rewrite answers with a redirect ({status}) to {location}. A WebSocket client does not follow redirects: the handshake fails.',
    zh: 'rewrite 返回重定向（{status}）到 {location}。WebSocket 客户端不会跟随重定向：握手失败。',
  },
  'respond-auto-redirect': {
    en: 'The URI is this location’s name without its final "/", and the location has proxy_pass: nginx answers 301 to {location}. Browsers’ WebSocket does not follow it, so the handshake fails.',
    zh: 'URI 等于这个 location 的名字去掉末尾的“/”，而该 location 有 proxy_pass：nginx 返回 301 重定向到 {location}。浏览器的 WebSocket 不会跟随重定向，握手因此失败。',
  },
  'respond-rewrite-cycle': {
    en: 'The URI was rewritten and the locations searched again ten times: nginx gives up with 500.',
    zh: 'URI 被改写并重新匹配 location 已达十次：nginx 放弃处理，返回 500。',
  },
  'respond-rewrite-empty': {
    en: 'The rewrite produced an empty URI: nginx answers 500.',
    zh: 'rewrite 得到的 URI 为空：nginx 返回 500。',
  },
  'respond-no-resolver': {
    en: 'proxy_pass has variables and names a host that is no upstream block: nginx must resolve it at run time, and without a resolver directive it answers 502.',
    zh: 'proxy_pass 含变量，且主机名不是某个 upstream 块：nginx 必须在运行时解析它，没有 resolver 指令时直接返回 502。',
  },
  'response-server': {
    en: 'nginx writes Server itself; server_tokens decides whether it shows the version.',
    zh: 'Server 由 nginx 自己写入；server_tokens 决定是否带版本号。',
  },
  'response-error-page': {
    en: "nginx's built-in page for this status.",
    zh: 'nginx 为这个状态码内置的页面。',
  },
  'response-no-page': {
    en: 'nginx has no built-in page for this status: the body is empty.',
    zh: 'nginx 没有为这个状态码内置页面：响应体为空。',
  },
  'response-connection-upgrade': {
    en: 'On a 101 nginx always writes Connection: upgrade.',
    zh: '对 101 响应，nginx 总是写入 Connection: upgrade。',
  },
  'response-connection-keepalive': {
    en: 'nginx keeps the client connection open (keepalive_timeout).',
    zh: 'nginx 保持客户端连接（keepalive_timeout）。',
  },
  'response-connection-close': {
    en: 'nginx closes the client connection after this response.',
    zh: 'nginx 在这个响应之后关闭客户端连接。',
  },
  'response-nginx': {
    en: 'written by nginx',
    zh: '由 nginx 写入',
  },
  'response-nginx-writes': {
    en: "Not passed on: nginx writes this header itself and ignores the backend's.",
    zh: '没有转发：这个头由 nginx 自己写入，后端给的被忽略。',
  },
  'response-hidden': {
    en: 'Not passed on: hidden by proxy_hide_header or the proxy module’s default list (Date, Server, X-Accel-…).',
    zh: '没有转发：被 proxy_hide_header 或代理模块的默认列表（Date、Server、X-Accel-…）隐藏。',
  },
  'response-location-absolute': {
    en: 'absolute_redirect: nginx made the path absolute with the Host the client sent and the port it connected to.',
    zh: 'absolute_redirect：nginx 用客户端发来的 Host 和它连接的端口把路径补成了完整地址。',
  },
  'unmodelled-try_files': {
    en: '"try_files" is not modelled: in real nginx it checks files and may redirect internally before proxy_pass or the static handler',
    zh: '模拟器没有实现 "try_files"：真实 nginx 会先检查文件，可能在 proxy_pass 或静态文件处理之前做内部跳转',
  },
  'unmodelled-limit_except': {
    en: '"limit_except" is not modelled: in real nginx it restricts methods with its own access rules',
    zh: '模拟器没有实现 "limit_except"：真实 nginx 会按其中的访问规则限制请求方法',
  },
  'unmodelled-allow': {
    en: '"allow" is not modelled: in real nginx it grants access by client address',
    zh: '模拟器没有实现 "allow"：真实 nginx 会按客户端地址放行',
  },
  'unmodelled-deny': {
    en: '"deny" is not modelled: in real nginx it refuses clients by address with 403',
    zh: '模拟器没有实现 "deny"：真实 nginx 会按客户端地址拒绝，返回 403',
  },
  'unmodelled-auth_basic': {
    en: '"auth_basic" is not modelled: in real nginx it asks for a password (401)',
    zh: '模拟器没有实现 "auth_basic"：真实 nginx 会要求输入密码（401）',
  },
  'unmodelled-auth_request': {
    en: '"auth_request" is not modelled: in real nginx it asks another location whether to allow the request',
    zh: '模拟器没有实现 "auth_request"：真实 nginx 会先询问另一个 location 是否放行',
  },
  'unmodelled-internal': {
    en: '"internal" is not modelled: in real nginx it answers 404 to requests from outside',
    zh: '模拟器没有实现 "internal"：真实 nginx 对外部请求返回 404',
  },
  'unmodelled-mirror': {
    en: '"mirror" is not modelled: in real nginx it copies the request to another location',
    zh: '模拟器没有实现 "mirror"：真实 nginx 会把请求复制一份发到另一个 location',
  },
  'unmodelled-error_page': {
    en: '"error_page" is not modelled: real nginx answers this {status} with {target} instead',
    zh: '模拟器没有实现 "error_page"：真实 nginx 会改用 {target} 来回应这个 {status}',
  },
  'unmodelled-resolver': {
    en: 'Resolving "{host}" at run time is not modelled: the simulator uses the name as written',
    zh: '模拟器没有实现运行时解析 "{host}"：它直接按写下的名字去找后端',
  },
  'add-header-skipped': {
    en: 'add_header {names} not sent: without "always", add_header only applies to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308, not to {status}.',
    zh: 'add_header {names} 没有发送：不带 “always” 时，add_header 只作用于 200、201、204、206、301、302、303、304、307、308，不包括 {status}。',
  },
};

/** The text of a code in one language, parameters filled in; the code itself if unknown. */
export function explain(
  reason: { code: string; params?: Record<string, string | number> | undefined },
  lang: 'zh' | 'en',
): string {
  const template = reasonCodes[reason.code]?.[lang] ?? reason.code;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => String(reason.params?.[key] ?? whole));
}
