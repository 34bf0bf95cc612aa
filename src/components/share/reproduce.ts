/**
 * "Reproduce on your nginx": one shell script that carries the scenario and plays it against the
 * reader's own nginx with the CLI (`nginx-ws-lab conformance`, fetched from the site), which rewrites the config
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

/**
 * The CLI the script runs: the bundle of `packages/cli` that the site serves beside its pages
 * (`npm run build` writes it to `dist/cli/`). The package is not on the npm registry, so the
 * script never asks `npx` for a name that anyone could claim there.
 */
export const CLI_FILE = 'nginx-ws-lab-0.1.0.mjs';

/** Where the site that made the script serves the CLI. */
export function cliUrl(link: string): string {
  return new URL(`/cli/${CLI_FILE}`, link).href;
}

/** The one command, as the reader would type it next to a saved `scenario.yaml` and the CLI file. */
export function reproduceCommand(file = 'scenario.yaml'): string {
  return `node ${CLI_FILE} conformance ${file} --nginx /usr/sbin/nginx`;
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
    '# Needs Node >= 20 and curl or wget. It fetches the nginx-ws-lab command line from the site',
    '# this script came from (NGINX_WS_LAB=/path/to/nginx-ws-lab.mjs uses a copy you have), which',
    '# runs your nginx binary with the config below on 127.0.0.1 only, starts the scripted',
    '# backends itself, plays the client, then prints what real nginx did next to what the',
    '# simulator predicted. Its files go to a temporary directory that is removed on exit.',
    '# The same by hand, with the scenario saved as a file and the CLI downloaded:',
    `#   curl -fsSLO ${cliUrl(link)}`,
    `#   ${reproduceCommand()}`,
    'set -eu',
    'dir=$(mktemp -d)',
    'trap \'rm -rf "$dir"\' EXIT INT TERM',
    `cat > "$dir/scenario.yaml" <<'${end}'`,
    `${body}${end}`,
    `cli=\${NGINX_WS_LAB:-}`,
    'if [ -z "$cli" ]; then',
    '  cli="$dir/nginx-ws-lab.mjs"',
    `  url='${cliUrl(link).replace(/'/g, '%27')}'`,
    '  if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$cli" "$url"; else wget -q -O "$cli" "$url"; fi',
    'fi',
    `node "$cli" conformance "$dir/scenario.yaml" --nginx "\${NGINX:-/usr/sbin/nginx}"`,
    '',
  ].join('\n');
}

/** The file name of the script for a scenario title. */
export function reproduceFileName(fileBase: string): string {
  return downloadName(fileBase, 'sh', 'scenario').replace(/^nginx-ws-lab-/, 'reproduce-');
}
