/** Every subcommand, loaded only when it runs. A new command is one line here. */
export const COMMANDS: Record<string, () => Promise<unknown>> = {
  build: () => import('./build'),
  check: () => import('./check'),
  conformance: () => import('./conformance'),
  format: () => import('./format'),
  parse: () => import('./parse'),
  probe: () => import('./probe'),
  simulate: () => import('./simulate'),
};
