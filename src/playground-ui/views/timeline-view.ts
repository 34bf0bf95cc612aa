import type { AnyOutcome, TimelineEvent } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import { counted } from '../../i18n/plural';
import type { Explain } from '../../i18n/translate';
import { type ConnectionLane, connectionLanes, lanesEnd, MAX_LANES } from './connection-lanes';
import { svg } from './svg';
import {
  estimateWidth,
  eventXs,
  HEIGHT,
  LANE_Y,
  LANES,
  LEFT,
  labelRows,
  layoutTimeline,
  type PlacedLabel,
  placeLabels,
} from './timeline-layout';
import { firstRows, moreLine } from './view-limits';

/**
 * The timeline: SVG lanes for client, nginx and backend; arrows for messages, striped bars
 * for armed timers counting down to their deadline (a red cross where one fired). Every
 * event is focusable; hovering or focusing one shows its details below the drawing.
 */
export class TimelineView {
  private events: readonly TimelineEvent[] = [];
  private lanes: ConnectionLane[] = [];
  private visible = false;
  private drawnWidth = 0;
  private v2 = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly details: HTMLElement,
    private readonly explain: Explain,
    private readonly t: Translator<'playground'>,
    private readonly onLine: (line: number) => void,
    private readonly lang: Lang,
  ) {
    new ResizeObserver(() => {
      if (this.visible && Math.abs(this.host.clientWidth - this.drawnWidth) > 40) this.draw();
    }).observe(host);
  }

  show(): void {
    this.visible = true;
    this.draw();
  }

  hide(): void {
    this.visible = false;
  }

  /** `outcome`: with an outcome@2, a lane per connection is drawn under the three lanes. */
  update(events: readonly TimelineEvent[], outcome: AnyOutcome | null = null): void {
    const clients = outcome && 'clients' in outcome ? outcome.clients : [];
    this.v2 = outcome !== null && 'clients' in outcome;
    // One client: its name before every label says nothing.
    const only = clients.length === 1 ? `${clients[0]!.name}: ` : null;
    this.events = only
      ? events.map((e) => (e.label.startsWith(only) ? { ...e, label: e.label.slice(only.length) } : e))
      : events;
    this.lanes = outcome && 'clients' in outcome ? connectionLanes(outcome) : [];
    if (this.visible) this.draw();
  }

  private draw(): void {
    const { shown: events, hidden } = firstRows(this.events);
    this.host.replaceChildren();
    this.details.textContent = events.length ? this.t('timeline.hint') : this.t('timeline.empty');
    if (!events.length) return;
    this.drawnWidth = this.host.clientWidth;
    const base = Math.max(640, this.host.clientWidth - 2);
    let layout = layoutTimeline(events, base);
    let xs = eventXs(events, layout.x);
    // Events at the same instant at the end are spread to the right: shrink the axis to keep them
    // inside the drawing (a phone scrolls it; at 1440 px nothing should need scrolling).
    for (let i = 0; i < 3; i++) {
      const over = (xs.at(-1) ?? 0) + 24 - base;
      if (over <= 0 || layout.width - over < LEFT + 200) break;
      layout = layoutTimeline(events, layout.width - Math.ceil(over) - 1);
      xs = eventXs(events, layout.x);
    }
    // The axis ends inside the drawing, so it scrolls only when many same-instant events at the end
    // push past it; labels near the right edge are drawn left of their event.
    const width = Math.max(base, (xs.at(-1) ?? 0) + 24);
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width,
      height: HEIGHT,
      role: 'group',
      'aria-label': this.t('timeline.label'),
      'data-max-time': layout.maxTime.toFixed(3),
    });
    root.append(defs());

    for (const tick of layout.ticks) {
      const x = layout.x(tick);
      root.append(svg('line', { x1: x, x2: x, y1: 16, y2: HEIGHT - 22, class: 'pg-tl-grid' }));
      root.append(
        svg('text', { x, y: HEIGHT - 6, class: 'pg-tl-tick', 'text-anchor': 'middle' }, `${tick}s`),
      );
    }
    for (const lane of LANES) {
      const y = LANE_Y[lane];
      root.append(svg('line', { x1: LEFT - 4, x2: width - 10, y1: y, y2: y, class: 'pg-tl-lane' }));
      root.append(svg('text', { x: 6, y: y + 4, class: 'pg-tl-lane-label' }, this.t(`lane.${lane}`)));
    }
    const measure = textMeasure(this.host);
    const reserved = LANES.map((lane) => ({
      x: 6,
      y: LANE_Y[lane] + 4,
      width: measure(this.t(`lane.${lane}`)),
    }));
    const timerNames = [...new Set(layout.bars.map((b) => b.name))];
    const barY = (bar: (typeof layout.bars)[number]) =>
      LANE_Y[bar.lane] + 8 + timerNames.indexOf(bar.name) * 22;
    // Event labels first, then one label per timer (its first bar and each that fired): one
    // greedy pass, so no two labels share a spot and none runs past either edge.
    const labelled = new Set<string>();
    const timerLabelled = layout.bars.map((bar) => {
      const show = !labelled.has(bar.name) || bar.fired;
      labelled.add(bar.name);
      return show;
    });
    const items = [
      ...events.map((e, i) => ({
        x: xs[i] ?? 0,
        text: e.label,
        rows: labelRows(e.from, e.to),
        priority: this.runWide(e) ? 0 : 1,
      })),
      ...layout.bars.flatMap((bar, i) =>
        timerLabelled[i]
          ? [
              {
                x: layout.x(bar.armedAt) - 2,
                text: `${bar.name} → ${bar.deadline}s`,
                rows: [barY(bar) + 18],
                priority: 2,
              },
            ]
          : [],
      ),
    ];
    const placed = placeLabels(items, width - 4, { left: 2, reserved, measure });
    const timerPlaced = placed.slice(events.length);
    let nextTimer = 0;
    for (const [i, bar] of layout.bars.entries()) {
      const y = barY(bar);
      const x1 = layout.x(bar.armedAt);
      const x2 = Math.max(x1 + 2, layout.x(bar.endsAt));
      const g = svg('g', {
        class: `pg-tl-timer${bar.fired ? ' pg-tl-timer-fired' : ''}`,
        'data-timer': bar.name,
      });
      g.append(svg('title', {}, this.t('timeline.armed', { name: bar.name, deadline: bar.deadline })));
      g.append(
        svg('rect', {
          x: x1,
          y,
          width: x2 - x1,
          height: 7,
          rx: 2,
          fill: 'url(#pg-stripes)',
          class: 'pg-tl-bar',
        }),
      );
      const label = timerLabelled[i] ? timerPlaced[nextTimer++] : null;
      if (label) g.append(labelText(label, 'pg-tl-timer-label'));
      root.append(g);
    }
    events.forEach((event, i) => {
      root.append(this.eventNode(event, xs[i] ?? 0, placed[i] ?? null));
    });
    const unlabelled = placed.slice(0, events.length).filter((p) => p === null || p.truncated).length;
    if (unlabelled > 0)
      this.details.textContent = counted(this.t, this.lang, 'timeline.hintHidden', unlabelled);
    this.host.append(root);
    if (hidden > 0) this.host.append(moreLine(this.t, hidden, this.events[events.length]!.at));
    if (this.lanes.length) this.host.append(this.connectionsNode(base));
  }

  /** A lane per client and backend connection (scenario v2), on its own time axis. */
  private connectionsNode(width: number): SVGSVGElement {
    const ROW = 22;
    const TOP = 24;
    const labelWidth = 150;
    const shown = this.lanes.slice(0, MAX_LANES);
    const end = Math.max(1, lanesEnd(this.lanes)) * 1.05;
    const x = (t: number) => labelWidth + (t / end) * (width - labelWidth - 16);
    const height = TOP + shown.length * ROW + (this.lanes.length > shown.length ? ROW : 0) + 8;
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': this.t('timeline.connections'),
      class: 'pg-tl-connections',
    });
    root.append(svg('text', { x: 4, y: 14, class: 'pg-tl-lane-label' }, this.t('timeline.connections')));
    shown.forEach((lane, i) => {
      const y = TOP + i * ROW + ROW / 2;
      const g = svg('g', { class: `pg-tl-conn pg-tl-conn-${lane.side}` });
      const title = svg('title');
      const by = lane.closedBy === 'client' || lane.closedBy === 'nginx' || lane.closedBy === 'backend';
      const closed =
        lane.to === null
          ? '…'
          : `${lane.to}s${lane.closedBy ? ` (${by ? this.t(`lane.${lane.closedBy as 'client'}`) : lane.closedBy})` : ''}`;
      title.textContent = `${lane.label}: ${lane.from === null ? '—' : `${lane.from}s`} → ${closed}; ${lane.marks.map((m) => `${m.at}s ${m.label}`).join(', ')}`;
      g.append(title);
      g.append(svg('text', { x: 4, y: y + 4, class: 'pg-tl-label' }, lane.label));
      if (lane.from !== null) {
        const x1 = x(lane.from);
        const x2 = x(lane.to ?? end);
        if (lane.tunnel) {
          const t1 = x(lane.tunnel.from);
          const t2 = x(lane.tunnel.to ?? end);
          g.append(
            svg('rect', {
              x: t1,
              y: y - 7,
              width: Math.max(2, t2 - t1),
              height: 14,
              class: 'pg-tl-conn-tunnel',
            }),
          );
        }
        g.append(svg('line', { x1, x2: Math.max(x1 + 2, x2), y1: y, y2: y, class: 'pg-tl-lane' }));
        for (const m of lane.marks) {
          const mx = x(m.at);
          g.append(
            svg('line', {
              x1: mx,
              x2: mx,
              y1: y - (m.kind === 'request' ? 7 : 0),
              y2: y + (m.kind === 'request' ? 0 : 7),
              class: m.kind === 'request' ? 'pg-tl-msg' : 'pg-tl-bar',
            }),
          );
        }
      }
      root.append(g);
    });
    if (this.lanes.length > shown.length) {
      root.append(
        svg(
          'text',
          { x: 4, y: TOP + shown.length * ROW + 14, class: 'pg-tl-tick' },
          this.t('timeline.connectionsMore', { count: this.lanes.length - shown.length }),
        ),
      );
    }
    return root;
  }

  private eventNode(event: TimelineEvent, px: number, label: PlacedLabel | null): SVGGElement {
    const y1 = LANE_Y[event.from];
    const description = this.describe(event);
    const g = svg('g', {
      tabindex: 0,
      role: 'img',
      class: 'pg-tl-event',
      'data-kind': event.kind,
      'data-at': event.at,
      'data-from': event.from,
      'aria-label': description,
    });
    g.append(svg('title', {}, description));
    if (this.runWide(event))
      g.append(svg('line', { x1: px, x2: px, y1: 16, y2: HEIGHT - 22, class: 'pg-tl-run-event' }));
    if (event.to && event.to !== event.from) {
      const y2 = LANE_Y[event.to];
      g.append(svg('line', { x1: px, x2: px, y1, y2, class: 'pg-tl-msg', 'marker-end': 'url(#pg-arrow)' }));
    } else if (event.kind === 'timer-fired') {
      g.append(
        svg('path', {
          d: `M${px - 6},${y1 - 6} L${px + 6},${y1 + 6} M${px + 6},${y1 - 6} L${px - 6},${y1 + 6}`,
          class: 'pg-tl-fired',
        }),
      );
    } else {
      g.append(svg('circle', { cx: px, cy: y1, r: 5, class: 'pg-tl-dot' }));
    }
    if (label) g.append(labelText(label, 'pg-tl-label'));
    // A wide transparent target, so thin arrows are easy to hover.
    g.append(
      svg('rect', {
        x: px - 5,
        y: Math.min(y1, LANE_Y[event.to ?? event.from]) - 8,
        width: 10,
        height: Math.abs(LANE_Y[event.to ?? event.from] - y1) + 16,
        class: 'pg-tl-hit',
      }),
    );
    const show = () => {
      this.details.textContent = description;
    };
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
    g.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && event.source) {
        e.preventDefault();
        this.onLine(event.source.line);
      }
    });
    g.addEventListener('click', () => {
      if (event.source) this.onLine(event.source.line);
    });
    return g;
  }

  /** A scenario v2 event over the whole run (reload, restart, a backend down or up): a line across every lane. */
  private runWide(e: TimelineEvent): boolean {
    return this.v2 && e.kind === 'note' && e.from === 'nginx' && e.to === null;
  }

  private describe(event: TimelineEvent): string {
    const parts = [
      this.t('timeline.at', { at: event.at }),
      `${this.t(`lane.${event.from}`)}${event.to ? ` → ${this.t(`lane.${event.to}`)}` : ''}`,
      event.label,
    ];
    if (event.timer) {
      parts.push(
        event.kind === 'timer-fired'
          ? this.t('timeline.fired', { name: event.timer.name })
          : this.t('timeline.armed', { name: event.timer.name, deadline: event.timer.deadline }),
      );
    }
    if (event.explain) parts.push(this.explain(event.explain));
    if (event.source) parts.push(this.t('timeline.line', { line: event.source.line }));
    return parts.join(' · ');
  }
}

/** A placed label; a cut one carries its whole text as a tooltip (its event's details say it too). */
function labelText(label: PlacedLabel, className: string): SVGTextElement {
  const node = svg('text', { x: label.x, y: label.y, class: className }, label.text);
  if (label.truncated) node.dataset.truncated = 'true';
  return node;
}

/** Measures text as the timeline draws it (11 px in the page's font); an estimate where canvas is missing. */
function textMeasure(host: HTMLElement): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return estimateWidth;
  context.font = `11px ${getComputedStyle(host).fontFamily}`;
  const cache = new Map<string, number>();
  return (text) => {
    let w = cache.get(text);
    if (w === undefined) {
      // Hover and focus draw the label bold: measure the wider of the two, plus a pixel of air.
      w = context.measureText(text).width * 1.08 + 1;
      cache.set(text, w);
    }
    return w;
  };
}

function defs(): SVGDefsElement {
  const d = svg('defs');
  const marker = svg('marker', {
    id: 'pg-arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'pg-tl-arrowhead' }));
  const pattern = svg('pattern', {
    id: 'pg-stripes',
    width: 6,
    height: 6,
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  });
  pattern.append(svg('rect', { width: 3, height: 6, class: 'pg-tl-stripe' }));
  d.append(marker, pattern);
  return d;
}
