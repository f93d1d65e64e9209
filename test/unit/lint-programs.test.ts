import { describe, expect, it } from 'vitest';
import { programsOf } from '../../src/shell/invocations.js';

const programs = (text: string): string[] => programsOf(text).invocations.map((i) => i.program);

describe('programsOf: the programs a command runs', () => {
  it.each([
    ['ifconfig eth0 up', ['ifconfig']],
    ['X=1 Y=2 tcpdump -i any', ['tcpdump']],
    ['sudo -u root nc -l 80', ['nc']],
    ['env -i PATH=/bin ovs-vsctl show', ['ovs-vsctl']],
    ['ip netns exec H1 ifconfig lo up', ['ip', 'ifconfig']],
    ['ip -all netns exec ping -c 1 10.0.0.1', ['ip', 'ping']],
    ['ip netns exec H1 sudo tcpdump -c 1', ['ip', 'tcpdump']],
    ['timeout 5 nc -l 80', ['nc']],
    ['a | b && c || d; e & f |& g', ['a', 'b', 'c', 'd', 'e', 'f', 'g']],
    ['(cd /tmp && ls) > out 2>&1', ['cd', 'ls']],
    ['{ grep x; wc -l; } < in', ['grep', 'wc']],
    ['echo "$(hostname) `uname`" $(whoami)', ['echo']],
    ['"$CMD" arg; $OTHER', []],
    ['./script.sh; /sbin/ifconfig', []],
    ['for i in a b c; do tcpdump $i; done | sort', ['tcpdump', 'sort']],
    ['for ((i=0; i<3; i++)); do seq $i; done', ['seq']],
    ['while true; do sleep 1; done', ['true', 'sleep']],
    ['if [ -e x ]; then cat x; elif test y; then head y; else tail z; fi', ['[', 'cat', 'test', 'head', 'tail']],
    ['case $x in a|b) awk 1;; (c) sed p;; *) cut -c1 ;; esac', ['awk', 'sed', 'cut']],
    ['[[ -e a && -e b ]] && stat a', ['stat']],
    ['cat <<EOF\nifconfig in a heredoc\nEOF\ngrep x', ['cat', 'grep']],
    ['cat <<-"END" | tee f\n\tnot a command\n\tEND', ['cat', 'tee']],
    ['# a comment\nls # trailing', ['ls']],
    ['ls \\\n  -l && \\\n  df', ['ls', 'df']],
    ["echo 'a; ifconfig' \"b && nc\"", ['echo']],
    ['arr=(ifconfig x) && ! grep -q a b', ['grep']],
    ['(( n++ )) && expr 1', ['expr']],
  ])('%j', (text, expected) => expect(programs(text)).toEqual(expected));

  it('finds function definitions', () => {
    expect(programsOf('f() { ls; }').functions).toEqual(['f']);
    expect(programsOf('function g {\n  ls\n}').functions).toEqual(['g']);
    expect(programs('f() { tcpdump; }')).toEqual(['tcpdump']);
  });

  it('gives each program its offset and its arguments', () => {
    const [ip, ping] = programsOf('ip netns exec H1 ping -c 1 x').invocations;
    expect(ip!.word.offset).toBe(0);
    expect(ping!.word.offset).toBe(17);
    expect(ping!.args.map((a) => a.text)).toEqual(['-c', '1', 'x']);
  });
});
