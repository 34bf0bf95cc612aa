import { exceedsBytes, type LoadResult, loadScenario, MAX_SCENARIO_BYTES } from '../../playground/src/index';
import { joinScenario } from './scenario-text';

/**
 * Loads the scenario the playground's two texts make (the config and the rest as YAML) inside
 * the worker. The config is the part people type into: when only it changed, the rest's YAML is
 * not joined, parsed and read again — the scenario read last time gets the new config (the
 * loader reads `config` as a plain string and nothing else depends on it). That keeps YAML off
 * the keystroke's path on both threads: it was a third of the work between a key and its answer.
 */
export class ScenarioLoader {
  private last: { rest: string; loaded: LoadResult } | null = null;

  constructor(private readonly load: (text: string) => LoadResult = loadScenario) {}

  read(config: string, rest: string): LoadResult {
    const last = this.last;
    // The whole scenario's size limit counts the config too: past it, the full path says so.
    if (last?.rest === rest && last.loaded.scenario && !exceedsBytes(config + rest, MAX_SCENARIO_BYTES))
      return { scenario: { ...last.loaded.scenario, config }, errors: [] };
    const quick = quickJoin(config, rest);
    const joined = quick !== null ? { ok: true as const, text: quick } : joinScenario(config, rest);
    if (!joined.ok) {
      this.last = null;
      return { scenario: null, errors: [{ line: null, path: '', message: joined.message }] };
    }
    const loaded = this.load(joined.text);
    this.last = { rest, loaded };
    return loaded;
  }
}

/** Text a YAML double-quoted scalar holds as JSON writes it: printable, no C1 controls, no surrogates. */
const PLAIN = /^[\t\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]*$/;

/**
 * The joined scenario without parsing the rest: `config: "…"` (JSON's string syntax is YAML's
 * double-quoted style) in front of a rest that is a plain block mapping with no `config` of
 * its own. joinScenario parses and prints the rest instead, and the loader parses the result
 * again; this halves the YAML work of an edit in the form. Null when the rest might be anything
 * else (flow style, documents, directives, anchors at the top): then joinScenario decides.
 */
export function quickJoin(config: string, rest: string): string | null {
  if (!PLAIN.test(config)) return null;
  const first = /^(?:[ \t]*(?:#.*)?\n)*(.)/.exec(rest)?.[1];
  if (first !== undefined && !/[A-Za-z_"']/.test(first)) return null;
  if (/^(?:config\s*:|"config"|'config'|---|\.\.\.|%|[&*!?|>{[-])/m.test(rest)) return null;
  return `config: ${JSON.stringify(config)}\n${rest}`;
}
