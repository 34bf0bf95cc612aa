import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkExpectations } from '../../playground/src/exercises/goals';
import { parseConfig } from '../../playground/src/config/parse';
for (const f of readdirSync('/tmp/exw/real').sort()) {
  const s = parse(readFileSync(`/tmp/exw/real/${f}`, 'utf8'));
  const outcome = JSON.parse(readFileSync(`/tmp/exw/rec/${f.replace('.yaml', '.json')}`, 'utf8'));
  const sim = { outcome, errors: [], headers: [], timeline: [], transcript: [], errorLog: outcome.error_log ?? [] };
  const parsed = parseConfig(s.config, { resolveInclude: () => null });
  const r = checkExpectations(s.expect, sim as never, { parsed });
  const bad = r.filter((x) => !x.ok);
  console.log(`${bad.length === 0 ? 'PASS' : 'FAIL'} ${f.padEnd(45)} ${bad.map((b) => `${b.goal}: ${b.actual}`).join(' | ')}`);
}
