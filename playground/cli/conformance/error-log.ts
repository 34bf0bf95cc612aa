/**
 * Turns nginx's error.log into the outcome's `error_log`: `[level] message`, without the
 * timestamp, pid#tid, connection id and the `, client: …` context, and without the notices
 * nginx writes when it starts and stops (they say nothing about the scenario).
 */

const LIFECYCLE = [
  /^using the "\w+" event method$/,
  /^nginx\/[\d.]+$/,
  /^built (?:by|with) /,
  /^OS: /,
  /^getrlimit\(/,
  /^start worker process/,
  /^signal \d+ \(\w+\) received/,
  /^exiting$/,
  /^exit$/,
  // The SIGTERM that stops nginx interrupts its event loop; logged at info.
  /^epoll_wait\(\) failed \(4: Interrupted system call\)$/,
  // With a master process (scenario v2): its reloads and its workers coming and going.
  /^signal process started$/,
  /^reconfiguring$/,
  /^gracefully shutting down$/,
  /^worker process \d+ exited with code 0$/,
];

/** nginx-light's compiled-in prefix: what a path under the run's temp prefix would be in a normal install. */
export const INSTALLED_PREFIX = '/usr/share/nginx';

export function normalizeErrorLog(text: string, prefixDir?: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: (?:\*\d+ )?(.*)$/.exec(raw);
    if (!m) continue;
    const level = m[1]!;
    let message = m[2]!.replace(/, client: .*$/, '');
    if (prefixDir) message = message.split(prefixDir).join(INSTALLED_PREFIX);
    if ((level === 'notice' || level === 'info') && LIFECYCLE.some((re) => re.test(message))) continue;
    // Process ids differ on every run (a worker that died: `worker process 123 exited on signal 9`).
    out.push(`[${level}] ${message.replace(/\b(worker process|received from) \d+/g, '$1')}`);
  }
  return out;
}
