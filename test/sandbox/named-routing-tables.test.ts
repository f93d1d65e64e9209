/**
 * Route and rule checks on tables named in rt_tables (tester3, issue 17 follow-ups): `ip rule`
 * prints a numbered table by its name (`lookup rt2` for 100), so checks compare numbers, and a
 * check may name the table as the student's commands do. Real namespaces in a private sandbox,
 * whose /etc is its own copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { evaluateLine, setUp } from '../helpers/with-sandbox.js';

const STATE = `
echo "100 rt2" >> /etc/iproute2/rt_tables
mkdir -p /etc/iproute2/rt_tables.d
printf '1\\tT1 # the first provider\\n' > /etc/iproute2/rt_tables.d/providers.conf
ip netns add S
ip link add S-if1 netns S type veth peer name P1-in; ip link set P1-in up
ip link add S-if2 netns S type veth peer name P2-in; ip link set P2-in up
ip -n S addr add 10.1.1.2/24 dev S-if1; ip -n S link set S-if1 up
ip -n S addr add 10.2.2.2/24 dev S-if2; ip -n S link set S-if2 up
ip -n S route add default via 10.2.2.1 table rt2
ip -n S rule add from 10.2.2.2 table rt2 pref 100
ip -n S route add default via 10.1.1.1 table T1
ip -n S rule add from 10.1.1.2 table 1 pref 101
`;

describe('checks on named routing tables', () => {
  let sandbox: Sandbox;
  const check = (text: string) => evaluateLine(sandbox.exec, text);

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await setUp(sandbox, STATE);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('`rule ... lookup N` holds for a rule made with the table\'s name, and the found text shows both', async () => {
    const byNumber = await check('S: rule from 10.2.2.2 lookup 100');
    expect(byNumber).toMatchObject({ passed: true, found: 'S has rule 100: from 10.2.2.2/32 lookup 100 (rt2)' });
    expect((await check('S: rule from 10.1.1.2 lookup 1')).found).toBe('S has rule 101: from 10.1.1.2/32 lookup 1 (T1)');
    expect((await check('S: no rule from 10.2.2.2 lookup 100')).passed).toBe(false);
  });

  it('`rule ... lookup NAME` holds for a rule made with the number, the name from rt_tables or rt_tables.d/*.conf', async () => {
    expect((await check('S: rule from 10.2.2.2 lookup rt2')).passed).toBe(true);
    expect((await check('S: rule pref 101 from 10.1.1.2 lookup T1')).passed).toBe(true);
    expect((await check('S: rule from all lookup main')).found).toBe('S has rule 32766: from all lookup main');
    const other = await check('S: rule from 10.2.2.2 lookup T1');
    expect(other.passed).toBe(false);
    expect(other.found).toBe('S has no rule from 10.2.2.2/32 lookup 1 (T1); its rules besides local, main and default: 100: from 10.2.2.2/32 lookup 100 (rt2), 101: from 10.1.1.2/32 lookup 1 (T1)');
  });

  it('a name no file gives a number fails both ways, saying so', async () => {
    const unnamed = 'S has no routing table named isp9: /etc/iproute2/rt_tables and rt_tables.d/*.conf do not name it';
    expect(await check('S: rule from 10.2.2.2 lookup isp9')).toMatchObject({ passed: false, found: unnamed });
    expect(await check('S: no rule from 10.2.2.2 lookup isp9')).toMatchObject({ passed: false, found: unnamed });
    expect(await check('S: no route default table isp9')).toMatchObject({ passed: false, found: unnamed });
  });

  it('`route ... table NAME|N` reads the table by number, and shows both', async () => {
    expect(await check('S: route default via 10.2.2.1 table rt2')).toMatchObject({ passed: true, found: 'S has default via 10.2.2.1 dev S-if2 in table 100 (rt2)' });
    expect((await check('S: route default via 10.2.2.1 dev S-if2 table 100')).passed).toBe(true);
    expect((await check('S: route default via 10.1.1.1 table T1')).passed).toBe(true);
    expect(await check('S: no route default table T1')).toMatchObject({ passed: false, found: 'S has default via 10.1.1.1 dev S-if1 in table 1 (T1)' });
    expect((await check('S: no route default table 7')).passed).toBe(true);
  });
});
