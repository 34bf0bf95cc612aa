/**
 * How an Embed button asks the page for the scenario to share when it has none of its own
 * (the playground, whose scenario changes with every edit): it dispatches this event,
 * bubbling and synchronous; whoever owns the scenario fills in `detail` before it returns.
 */
export const EMBED_REQUEST = 'nginx-ws-lab:embed-request';

export interface EmbedRequestDetail {
  /** The `s=` value of the current scenario. */
  permalink: string | null;
  title: string | null;
}

export function requestEmbed(from: HTMLElement): EmbedRequestDetail {
  const detail: EmbedRequestDetail = { permalink: null, title: null };
  from.dispatchEvent(new CustomEvent(EMBED_REQUEST, { bubbles: true, detail }));
  return detail;
}
