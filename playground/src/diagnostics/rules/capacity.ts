import type { CodeTable } from '../../message';
import { insertInto, replaceDirective } from '../edits';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { blocksOf, own } from '../tree';

const workerConnectionsLowCodes = {
  'ws-worker-connections-low.capacity': ['workers', 'perWorker', 'reserved', 'capacity'],
  'ws-worker-connections-low.capacity-per-worker': ['perWorker', 'reserved', 'capacity', 'setting'],
  'ws-worker-connections-low.message': ['target', 'need', 'capacity'],
  'ws-worker-connections-low.explanation': ['reserved'],
  'ws-worker-connections-low.fix': ['value'],
} as const satisfies CodeTable;

const say = ruleMessages(workerConnectionsLowCodes);

/** nginx's default worker_connections. */
const defaultWorkerConnections = 512;

export const workerConnectionsLow = defineRule({
  id: 'ws-worker-connections-low',
  guide: '/guides/tuning-myths/',
  codes: workerConnectionsLowCodes,
  check(ctx) {
    const target = ctx.options.connectionTarget;
    if (!target || target <= 0 || ctx.reading !== 'main') return [];
    const events = blocksOf(ctx.root, 'events')[0];
    if (!events) return [];
    const wc = own(events, 'worker_connections').at(-1);
    const perWorker = wc ? Number(wc.args[0]) : defaultWorkerConnections;
    const wp = own(ctx.root, 'worker_processes').at(-1)?.args[0] ?? '1';
    const workers = /^\d+$/.test(wp) ? Number(wp) : null;
    const need = target * 2;
    // Each worker also spends one connection per listening socket and one on its channel to
    // the master (ngx_event_process_init, ngx_channel.c) before any client gets one.
    const reserved = ctx.model.model.connections.listeningSockets + 1;
    const capacity = Math.max(0, perWorker - reserved) * (workers ?? 1);
    if (!Number.isFinite(perWorker) || capacity >= need) return [];
    const suggested = Math.ceil((need / (workers ?? 1) + reserved) / 1024) * 1024;
    const how = workers
      ? say('ws-worker-connections-low.capacity', { workers, perWorker, reserved, capacity })
      : say('ws-worker-connections-low.capacity-per-worker', { perWorker, reserved, capacity, setting: wp });
    const finding: Finding = {
      node: wc ?? events,
      severity: 'warning',
      message: say('ws-worker-connections-low.message', { target, need, capacity: how }),
      explanation: say('ws-worker-connections-low.explanation', { reserved }),
      fix: {
        title: say('ws-worker-connections-low.fix', { value: suggested }),
        edits: [
          wc
            ? replaceDirective(ctx, wc, `worker_connections ${suggested};`)
            : insertInto(ctx, events, [`worker_connections ${suggested};`]),
        ],
      },
    };
    return [finding];
  },
});
