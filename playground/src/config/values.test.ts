import { describe, expect, it } from 'vitest';
import { parseDuration, parseNumber, parseOffset, parseSeconds, parseSize } from './values';

describe('nginx value parsers', () => {
  it('parses msec timers like ngx_parse_time(…, 0)', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10')).toBe(10_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
    expect(parseDuration('1w2d')).toBe((7 + 2) * 86_400_000);
    expect(parseDuration('1s500ms')).toBe(1500);
  });

  it('refuses what nginx refuses', () => {
    for (const bad of ['', 's', '1y', '1M', '1m1m', '1x', '-1', '1.5s', '1ms1s'])
      expect(parseDuration(bad)).toBeNull();
  });

  it('parses second timers, which allow y and M but not ms', () => {
    expect(parseSeconds('1y')).toBe(31_536_000);
    expect(parseSeconds('1M')).toBe(2_592_000);
    expect(parseSeconds('10m')).toBe(600);
    expect(parseSeconds('1ms')).toBeNull();
  });

  it('parses sizes and offsets', () => {
    expect(parseSize('16k')).toBe(16_384);
    expect(parseSize('1M')).toBe(1_048_576);
    expect(parseSize('1g')).toBeNull();
    expect(parseOffset('1g')).toBe(1_073_741_824);
    expect(parseSize('k')).toBeNull();
    expect(parseNumber('012')).toBe(12);
    expect(parseNumber('1a')).toBeNull();
  });
});
