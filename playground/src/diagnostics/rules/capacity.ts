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
    const capacity = perWorker * (workers ?? 1);
    if (!Number.isFinite(perWorker) || capacity >= need) return [];
    const suggested = Math.ceil(need / (workers ?? 1) / 1024) * 1024;
    const how = workers
      ? {
          zh: `${workers} 个 worker × ${perWorker} = ${capacity}`,
          en: `${workers} worker(s) × ${perWorker} = ${capacity}`,
        }
      : {
          zh: `每个 worker ${perWorker}（worker_processes ${wp}，按最坏情况即全部落在一个 worker 上计算）`,
          en: `${perWorker} per worker (worker_processes ${wp}; counted for the worst case, all on one worker)`,
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
          '的上限，包含这两类连接；用满后新连接被拒绝，错误日志出现 “worker_connections are not enough”。' +
          '同时确认 worker_rlimit_nofile（或系统的 nofile 限制）不低于 worker_connections。',
        en:
          'Every WebSocket proxied by nginx holds two connections for its whole life: client to nginx and nginx to the ' +
          'backend. worker_connections is a per-worker limit counting both; once reached, new connections are refused and ' +
          'the error log says "worker_connections are not enough". Also make sure worker_rlimit_nofile (or the system ' +
          'nofile limit) is at least worker_connections.',
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
