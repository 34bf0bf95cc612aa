import { monitorEventLoopDelay } from 'node:perf_hooks';
import { run } from './playground/cli/commands/conformance';
const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
const code = await run(['--jobs', '8', 'content/scenarios/conformance']);
h.disable();
console.error('exit', code, 'max lag ms', h.max / 1e6, 'p99', h.percentile(99) / 1e6);
