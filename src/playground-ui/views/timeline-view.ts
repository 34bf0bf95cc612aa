import type { TimelineEvent } from '../../../playground/src/index';
import type { ExplainReason, Translate } from '../strings';
import { svg } from './svg';
import { HEIGHT, LANE_Y, LANES, layoutTimeline } from './timeline-layout';

/**
 * The timeline: SVG lanes for client, nginx and backend; arrows for messages, bars for
 * armed timers (striped while counting down, red end when they fire). Every event is
 * focusable; hovering or focusing one shows its details below the drawing.
 */
export class TimelineView {
  constructor(
    private readonly host: HTMLElement,
    private readonly details: HTMLElement,
    private readonly explain: ExplainReason,
    private readonly t: Translate,
    private readonly onLine: (line: number) => void,
  ) {}

  update(events: readonly TimelineEvent[]): void {
    this.host.replaceChildren();
    this.details.textContent = events.length ? this.t('timeline.hint') : this.t('timeline.empty');
    if (!events.length) return;
    const width = Math.max(640, this.host.clientWidth || 900);
    const layout = layoutTimeline(events, width);
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${HEIGHT}`,
      width,
      height: HEIGHT,
      role: 'group',
      'aria-label': this.t('timeline.label'),
      'data-max-time': layout.maxTime.toFixed(3),
    });
    const defs = svg('defs');
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
    defs.append(marker, pattern);
    root.append(defs);

    for (const tick of layout.ticks) {
      const x = layout.x(tick);
      root.append(svg('line', { x1: x, x2: x, y1: 16, y2: HEIGHT - 22, class: 'pg-tl-grid' }));
      root.append(
        svg('text', { x, y: HEIGHT - 6, class: 'pg-tl-tick', 'text-anchor': 'middle' }, `${tick}s`),
      );
    }
    for (const lane of LANES) {
      const y = LANE_Y[lane];
      root.append(svg('line', { x1: 80, x2: width - 20, y1: y, y2: y, class: 'pg-tl-lane' }));
      root.append(svg('text', { x: 6, y: y + 4, class: 'pg-tl-lane-label' }, this.t(`lane.${lane}`)));
    }
    for (const bar of layout.bars) {
      const y = LANE_Y[bar.lane] + 10;
      const x1 = layout.x(bar.armedAt);
      const x2 = Math.max(x1 + 2, layout.x(bar.endsAt));
      const g = svg('g', {
        class: `pg-tl-timer${bar.fired ? ' pg-tl-timer-fired' : ''}`,
        'data-timer': bar.name,
      });
      g.append(
        svg('rect', {
          x: x1,
          y,
          width: x2 - x1,
          height: 8,
          rx: 2,
          fill: 'url(#pg-stripes)',
          class: 'pg-tl-bar',
        }),
      );
      g.append(
        svg('text', { x: x1 + 2, y: y + 19, class: 'pg-tl-timer-label' }, `${bar.name} → ${bar.deadline}s`),
      );
      root.append(g);
    }
    events.forEach((event, index) => {
      root.append(this.eventNode(event, index, layout.x));
    });
    this.host.append(root);
  }

  private eventNode(event: TimelineEvent, index: number, x: (t: number) => number): SVGGElement {
    const px = x(event.at);
    const y1 = LANE_Y[event.from];
    const description = this.describe(event);
    const g = svg('g', {
      tabindex: 0,
      role: 'img',
      class: `pg-tl-event pg-tl-kind-${event.kind.replace(/[^a-z0-9-]/gi, '')}`,
      'data-kind': event.kind,
      'data-at': event.at,
      'data-from': event.from,
      'aria-label': description,
    });
    g.append(svg('title', {}, description));
    const labelY = index % 2 === 0 ? -6 : 14;
    if (event.to && event.to !== event.from) {
      const y2 = LANE_Y[event.to];
      g.append(svg('line', { x1: px, x2: px, y1, y2, class: 'pg-tl-msg', 'marker-end': 'url(#pg-arrow)' }));
      g.append(svg('text', { x: px + 4, y: (y1 + y2) / 2 + labelY / 2, class: 'pg-tl-label' }, event.label));
    } else {
      const fired = event.kind === 'timer-fired';
      g.append(
        fired
          ? svg('path', {
              d: `M${px - 6},${y1 - 6} L${px + 6},${y1 + 6} M${px + 6},${y1 - 6} L${px - 6},${y1 + 6}`,
              class: 'pg-tl-fired',
            })
          : svg('circle', { cx: px, cy: y1, r: 5, class: 'pg-tl-dot' }),
      );
      g.append(svg('text', { x: px + 7, y: y1 + labelY, class: 'pg-tl-label' }, event.label));
    }
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

  private describe(event: TimelineEvent): string {
    const parts = [
      this.t('timeline.at', { at: event.at }),
      `${event.from}${event.to ? ` → ${event.to}` : ''}`,
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
