import {
  type AnyOutcome,
  type HeaderDecision,
  isOutcomeV2,
  MAX_VIEW_TABLES,
  type Provenance,
  type RunOutcomeV2,
  type Scenario,
  type Simulation,
  type TranscriptLine,
  wireHeaderName,
} from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { Explain } from '../../i18n/translate';
import { headerPairs } from '../scenario-text';
import { requestHeaders } from './headers-v2';

/**
 * Headers: what the client sent, what nginx sent upstream, and what nginx answered the
 * client, each with where the value came from. A config line is a button that moves the
 * editor to that line.
 */
export class HeadersView {
  constructor(
    private readonly host: HTMLElement,
    private readonly explain: Explain,
    private readonly t: Translator<'playground'>,
    private readonly onLine: (line: number) => void,
  ) {}

  update(scenario: Pick<Scenario, 'client'> | null, simulation: Simulation<AnyOutcome> | null): void {
    if (simulation && isOutcomeV2(simulation.outcome) && 'clients' in simulation.outcome) {
      this.updateV2(simulation.outcome, simulation.transcript);
      return;
    }
    const parts: HTMLElement[] = [];
    const clientHeaders = scenario ? headerPairs(scenario.client?.request?.headers) : [];
    parts.push(this.heading(this.t('headers.client')));
    parts.push(
      this.table(
        [this.t('headers.name'), this.t('headers.value')],
        clientHeaders.map(([n, v]) => [text(n), text(v)]),
        'headers-client',
      ),
    );
    const upstream = simulation && 'upstream' in simulation.outcome ? simulation.outcome.upstream : [];
    const decisions = simulation?.headers ?? [];
    const count = Math.max(upstream.length, decisions.length);
    if (count === 0) {
      parts.push(this.heading(this.t('headers.upstream')));
      const p = document.createElement('p');
      p.textContent = this.t('headers.noUpstream');
      parts.push(p);
    }
    for (let i = 0; i < Math.min(count, MAX_VIEW_TABLES); i++) {
      const requestLine = upstream[i]?.request_line ?? '';
      parts.push(this.heading(this.t('headers.request', { n: i + 1, line: requestLine })));
      const decided = decisions[i];
      const rows = decided
        ? decided.map((d) => this.decisionRow(d))
        : (upstream[i]?.headers ?? []).map(([n, v]) => [text(n), text(v), text('')]);
      parts.push(
        this.table(
          [this.t('headers.name'), this.t('headers.upstream'), this.t('headers.why')],
          rows,
          `headers-upstream-${i}`,
        ),
      );
    }
    if (count > MAX_VIEW_TABLES) {
      const more = document.createElement('p');
      more.className = 'pg-more';
      more.dataset.role = 'more';
      more.textContent = this.t('view.moreRequests', { count: count - MAX_VIEW_TABLES });
      parts.push(more);
    }
    const response = simulation && 'response' in simulation.outcome ? simulation.outcome.response : null;
    const answered = simulation?.responseHeaders ?? [];
    if (response && answered.length > 0) {
      parts.push(this.heading(this.t('headers.response', { status: response.status })));
      parts.push(
        this.table(
          [this.t('headers.name'), this.t('headers.value'), this.t('headers.why')],
          answered.map((d) => this.decisionRow({ ...d, name: wireHeaderName(d.name) })),
          'headers-response',
        ),
      );
    }
    this.host.replaceChildren(...parts);
  }

  /** Scenario v2: a section per client, and per request what was sent each way and answered. */
  private updateV2(outcome: RunOutcomeV2, transcript: readonly TranscriptLine[]): void {
    const { t } = this;
    const parts: HTMLElement[] = [];
    const requests = requestHeaders(outcome, transcript);
    let tables = 0;
    let shown = 0;
    let client = '';
    const pairs = (headers: Array<[string, string]>, testid: string) =>
      this.table(
        [t('headers.name'), t('headers.value')],
        headers.map(([n, v]) => [text(n), text(v)]),
        testid,
      );
    for (const r of requests) {
      if (tables >= MAX_VIEW_TABLES) break;
      shown++;
      if (r.client !== client) {
        client = r.client;
        parts.push(this.heading(t('headers.v2.client', { name: r.client, address: r.address }), 'h3'));
      }
      parts.push(
        this.heading(
          t('headers.v2.request', {
            n: r.index + 1,
            line: r.requestLine,
            status: r.response ? String(r.response.status) : t('headers.v2.noResponse'),
          }),
          'h4',
        ),
      );
      parts.push(this.caption(t('headers.client')));
      parts.push(pairs(r.sent, `headers-v2-${r.client}-${r.index}-client`));
      tables++;
      if (r.upstream.length === 0) parts.push(this.caption(t('headers.noUpstream')));
      r.upstream.forEach((u, k) => {
        parts.push(
          this.caption(
            t('headers.v2.upstream', { backend: u.backend, connection: u.connection, line: u.requestLine }),
          ),
        );
        parts.push(pairs(u.headers, `headers-v2-${r.client}-${r.index}-upstream-${k}`));
        tables++;
      });
      if (r.response) {
        parts.push(this.caption(t('headers.response', { status: r.response.status })));
        parts.push(pairs(r.response.headers, `headers-v2-${r.client}-${r.index}-response`));
        tables++;
      }
    }
    if (shown < requests.length) {
      const more = document.createElement('p');
      more.className = 'pg-more';
      more.dataset.role = 'more';
      more.textContent = t('view.moreRequests', { count: requests.length - shown });
      parts.push(more);
    }
    this.host.replaceChildren(...parts);
  }

  private caption(label: string): HTMLElement {
    const p = document.createElement('p');
    p.className = 'pg-headers-caption';
    p.textContent = label;
    return p;
  }

  private decisionRow(d: HeaderDecision): Node[] {
    const value = d.sent && d.value !== null ? text(d.value) : muted(this.t('headers.notSent'));
    const why = document.createElement('span');
    why.append(
      d.provenance.kind === 'client' && !d.sent
        ? text(this.t('headers.clientHeader'))
        : this.provenance(d.provenance),
    );
    if (d.reason) {
      const reason = document.createElement('span');
      reason.className = 'pg-reason';
      reason.textContent = ` — ${this.explain(d.reason)}`;
      why.append(reason);
    }
    const row = [text(d.name), value, why];
    return row;
  }

  private provenance(p: Provenance): Node {
    if (p.kind === 'client') return text(this.t('headers.fromClient'));
    if (p.kind === 'backend') return text(this.t('headers.fromBackend'));
    if (p.kind === 'default')
      return text(this.t('headers.default', { note: this.explain({ code: p.code }) }));
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-linkish';
    button.textContent = this.t('headers.directive', { directive: p.directive, line: p.line });
    button.title = this.t('headers.jump', { line: p.line });
    button.dataset.line = String(p.line);
    button.addEventListener('click', () => this.onLine(p.line));
    return button;
  }

  private heading(label: string, level: 'h3' | 'h4' = 'h3'): HTMLElement {
    const h = document.createElement(level);
    h.textContent = label;
    return h;
  }

  private table(head: string[], rows: Node[][], testid: string): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'pg-table-wrap';
    const table = document.createElement('table');
    table.dataset.testid = testid;
    const thead = table.createTHead().insertRow();
    for (const h of head) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      thead.append(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().append(cell);
    }
    wrap.append(table);
    return wrap;
  }
}

function text(value: string): Text {
  return document.createTextNode(value);
}

function muted(value: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'pg-muted';
  span.textContent = value;
  return span;
}
