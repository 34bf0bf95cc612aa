import { blocksOf, type Node } from './tree';

/** A `map` block: what it reads, what it defines, and its entries. */
export interface MapInfo {
  node: Node;
  /** The source expression, e.g. `$http_upgrade`. */
  source: string;
  /** The defined variable without `$`. */
  variable: string;
  entries: Array<{ key: string; value: string; node: Node }>;
  default: { value: string; node: Node } | null;
  /** Parameters such as `hostnames`, `volatile`, `include` are not entries. */
}

const mapParameters = new Set(['default', 'hostnames', 'volatile', 'include']);

export function collectMaps(root: Node): MapInfo[] {
  return blocksOf(root, 'map').map((node) => {
    const entries: MapInfo['entries'] = [];
    let def: MapInfo['default'] = null;
    for (const c of node.children) {
      // nginx rejects a second default; the first is what the author meant.
      if (c.name === 'default') def ??= { value: c.args[0] ?? '', node: c };
      else if (!mapParameters.has(c.name)) entries.push({ key: c.name, value: c.args[0] ?? '', node: c });
    }
    return {
      node,
      source: node.args[0] ?? '',
      variable: (node.args[1] ?? '').replace(/^\$/, ''),
      entries,
      default: def,
    };
  });
}

/** Every value the map can produce (the empty string when it has no default). */
export function mapValues(map: MapInfo): string[] {
  return [...map.entries.map((e) => e.value), map.default?.value ?? ''];
}

/** What the map gives for an absent or empty source value (a request without that header). */
export function valueForEmpty(map: MapInfo): string {
  const empty = map.entries.find((e) => e.key === '');
  if (empty) return empty.value;
  return map.default?.value ?? '';
}

/** Whether the map reads the client's Upgrade header. */
export function readsUpgrade(map: MapInfo): boolean {
  return /^\$(http_upgrade|\{http_upgrade\})$/i.test(map.source);
}
