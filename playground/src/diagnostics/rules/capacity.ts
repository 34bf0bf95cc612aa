import { insertInto, replaceDirective } from '../edits';
import type { Finding, Rule } from '../rule';
import { blocksOf, own } from '../tree';

/** nginx's default worker_connections. */
const defaultWorkerConnections = 512;

export const workerConnectionsLow: Rule = {
  id: 'ws-worker-connections-low',
  check(ctx) {
    const target = ctx.options.connectionTarget;
    if (!target || target <= 0 || ctx.root.context !== 'main') return [];
    const events = blocksOf(ctx.root, 'events')[0];
    if (!events) return [];
    const wc = own(events, 'worker_connections').at(-1);
    const perWorker = wc ? Number(wc.d.args[0]) : defaultWorkerConnections;
    const wp = own(ctx.root, 'worker_processes').at(-1)?.d.args[0] ?? '1';
    const workers = /^\d+$/.test(wp) ? Number(wp) : null;
    const need = target * 2;
    // Each worker also spends one connection per listening socket and one on its channel to
    // the master (ngx_event_process_init, ngx_channel.c) before any client gets one.
    const reserved = ctx.model.model.connections.listeningSockets + 1;
    const capacity = Math.max(0, perWorker - reserved) * (workers ?? 1);
    if (!Number.isFinite(perWorker) || capacity >= need) return [];
    const suggested = Math.ceil((need / (workers ?? 1) + reserved) / 1024) * 1024;
    const how = workers
      ? {
          zh: `${workers} 个 worker × (${perWorker} − ${reserved}) = ${capacity}`,
          en: `${workers} worker(s) × (${perWorker} − ${reserved}) = ${capacity}`,
        }
      : {
          zh: `每个 worker ${perWorker} − ${reserved} = ${capacity}（worker_processes ${wp}，按最坏情况即全部落在一个 worker 上计算）`,
          en: `${perWorker} − ${reserved} = ${capacity} per worker (worker_processes ${wp}; counted for the worst case, all on one worker)`,
        };
    const finding: Finding = {
      node: wc ?? events,
      severity: 'warning',
      message: {
        zh: `${target} 个 WebSocket 需要 ${need} 个连接，而容量只有 ${how.zh}`,
        en: `${target} WebSockets need ${need} connections, but capacity is ${how.en}`,
      },
      explanation: {
        zh:
          '每个经 nginx 代理的 WebSocket 占两个连接：客户端到 nginx 一个，nginx 到后端一个，而且一直占着。worker_connections 是每个 worker ' +
          `的上限，这两类连接都算在内；此外每个监听 socket 占一个，与 master 通信的 channel 再占一个（这里共 ${reserved} 个）。` +
          '用满之后，新客户端在 accept 时就被直接关闭，收不到任何响应（错误日志：[alert] … worker_connections are not enough）；' +
          '如果客户端拿到了最后一个连接，后端却拿不到，nginx 回 500（… while connecting to upstream）。' +
          '同时确认 worker_rlimit_nofile（或系统的 nofile 限制）不低于 worker_connections。',
        en:
          'Every WebSocket proxied by nginx holds two connections for its whole life: client to nginx and nginx to the ' +
          'backend. worker_connections is a per-worker limit counting both, and also one connection per listening socket ' +
          `and one for the channel to the master process (${reserved} here). Once it is used up, a new client is closed at ` +
          'accept without any response ([alert] … worker_connections are not enough); a client that gets the last ' +
          'connection while its backend gets none receives a 500 (… while connecting to upstream). Also make sure ' +
          'worker_rlimit_nofile (or the system nofile limit) is at least worker_connections.',
      },
      fix: {
        title: { zh: `设为 worker_connections ${suggested}`, en: `Set worker_connections ${suggested}` },
        edits: [
          wc
            ? replaceDirective(ctx, wc, `worker_connections ${suggested};`)
            : insertInto(ctx, events, [`worker_connections ${suggested};`]),
        ],
      },
    };
    return [finding];
  },
};
