/**
 * "Reproduce on your nginx": one shell script that carries the scenario and plays it against the
 * reader's own nginx with the published CLI (`nginx-ws-lab conformance`), which rewrites the config
 * to 127.0.0.1, starts the scenario's backends, runs nginx in a temporary directory, and prints
 * what real nginx did next to what the simulator predicted. Nothing is left behind.
 */
import { downloadName } from './share-codes';

/** What a share menu's owner hands over for the export. */
export interface ReproduceBundle {
  /** The whole scenario file (scenario format v1). */
  scenario: string;
  /** Download file name base (the scenario's title). */
  fileBase: string;
}

/** The published CLI and the version that plays scenario format v1. */
export const CLI_PACKAGE = 'nginx-ws-lab@0.1.0';

/** The one command, as the reader would type it next to a saved `scenario.yaml`. */
export function reproduceCommand(file = 'scenario.yaml'): string {
  return `npx --yes ${CLI_PACKAGE} conformance ${file} --nginx /usr/sbin/nginx`;
}

/** A here-document end marker that no line of the scenario equals. */
function marker(text: string): string {
  const lines = new Set(text.split('\n'));
  let end = 'NGINX_WS_LAB_SCENARIO';
  for (let n = 2; lines.has(end); n++) end = `NGINX_WS_LAB_SCENARIO_${n}`;
  return end;
}

/** The script: POSIX sh, the scenario inline, `NGINX=/path/to/nginx` to pick the binary. */
export function reproduceScript(bundle: ReproduceBundle, link: string): string {
  const end = marker(bundle.scenario);
  const body = bundle.scenario.endsWith('\n') ? bundle.scenario : `${bundle.scenario}\n`;
  return [
    '#!/bin/sh',
    `# Reproduce on your nginx: ${bundle.fileBase.replace(/[\r\n]+/g, ' ') || 'nginx WebSocket Lab scenario'}`,
    `# From ${link}`,
    '#',
    '#   sh this-file.sh                       # uses /usr/sbin/nginx',
    '#   NGINX=/opt/nginx/sbin/nginx sh this-file.sh',
    '#',
    '# Needs Node >= 20 (npx). nginx-ws-lab runs your nginx binary with the config below on',
    '# 127.0.0.1 only, starts the scripted backends itself, plays the client, then prints what',
    '# real nginx did next to what the simulator predicted. Its files go to a temporary',
    '# directory that is removed on exit. The same by hand, with the scenario saved as a file:',
    `#   ${reproduceCommand()}`,
    'set -eu',
    'dir=$(mktemp -d)',
    'trap \'rm -rf "$dir"\' EXIT INT TERM',
    `cat > "$dir/scenario.yaml" <<'${end}'`,
    `${body}${end}`,
    `npx --yes ${CLI_PACKAGE} conformance "$dir/scenario.yaml" --nginx "\${NGINX:-/usr/sbin/nginx}"`,
    '',
  ].join('\n');
}

/** The file name of the script for a scenario title. */
export function reproduceFileName(fileBase: string): string {
  return downloadName(fileBase, 'sh', 'scenario').replace(/^nginx-ws-lab-/, 'reproduce-');
}
