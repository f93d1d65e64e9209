import { describe, expect, it } from 'vitest';
import { parseRules, formatRule } from '../../src/state/read-rules.js';
import { describeTable, parseTableNames, tableNumber, tableOf } from '../../src/state/read-table-names.js';

describe('parseTableNames (rt_tables, as iproute2 reads it)', () => {
  it('takes NUMBER NAME lines, decimal or hex, with comments and blanks; the standard three always', () => {
    const names = parseTableNames('#\n# reserved values\n#\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n#1\tinr.ruhep\n\n100 rt2\n  0x65\tisp_b # backup line\nbad line\n99999999999 huge\n');
    expect(names.numbers.get('rt2')).toBe(100);
    expect(names.numbers.get('isp_b')).toBe(101);
    expect(names.names.get(100)).toBe('rt2');
    expect(names.numbers.has('inr.ruhep')).toBe(false);
    expect(names.numbers.has('huge')).toBe(false);
    expect(parseTableNames('').numbers.get('main')).toBe(254);
    // A later line naming the same number wins, as `ip rule` prints it.
    expect(parseTableNames('7 first\n7 second\n').names.get(7)).toBe('second');
  });

  it('keeps local, main and default by name, other tables by number', () => {
    expect(['255', '254', '253', '100', 'rt2'].map(tableOf)).toEqual(['local', 'main', 'default', '100', 'rt2']);
    expect(['local', 'main', 'default', '100', 'rt2'].map(tableNumber)).toEqual([255, 254, 253, 100, undefined]);
    const names = parseTableNames('100 rt2\n');
    expect([describeTable('100', names), describeTable('7', names), describeTable('main', names), describeTable('100')]).toEqual(['100 (rt2)', '7', 'main', '100']);
  });
});

describe('parseRules on `ip -N -json rule show`', () => {
  it('maps 255/254/253 to local/main/default and an action to its name, keeps other numbers, shows a protocol by number', () => {
    const rules = parseRules([
      { priority: 0, src: 'all', table: '255' },
      { priority: 32765, src: 'all', ipproto: 'ipproto-6', dport: 80, table: '100' },
      { priority: 32766, src: 'all', table: '254' },
      { priority: 32767, src: 'all', table: '253' },
      { priority: 50, src: 'all', dst: '10.0.2.0', dstlen: 24, action: '8' },
    ], 4);
    expect(rules.map((r) => r.table)).toEqual(['local', '100', 'main', 'default', undefined]);
    expect(rules[4]!.action).toBe('prohibit');
    expect(formatRule(rules[1]!, parseTableNames('100 web\n'))).toBe('32765: from all ipproto 6 dport 80 lookup 100 (web)');
  });
});
