import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../src/shell/split-commands.js';

/** Splits `lines` (first line = file line 10) and returns [line, text] pairs, and what is left open as `LINE:COL message`. */
function split(lines: string[]): { commands: [number, string][]; unclosed?: string } {
  const r = splitCommands(lines.join('\n') + '\n', 10);
  const out: { commands: [number, string][]; unclosed?: string } = { commands: r.commands.map((c) => [c.line, c.text]) };
  if (r.unclosed !== undefined) out.unclosed = `${r.unclosed.line}:${r.unclosed.column} ${r.unclosed.message}`;
  return out;
}

describe('splitCommands: complete commands', () => {
  const cases: { name: string; lines: string[]; commands: [number, string][] }[] = [
    { name: 'one command per line', lines: ['ip netns add H1', 'ip netns add H2'], commands: [[10, 'ip netns add H1'], [11, 'ip netns add H2']] },
    {
      name: 'blank and comment-only lines between commands are dropped',
      lines: ['# make the hosts', 'ip netns add H1', '', '   # indented comment', 'ip netns add H2'],
      commands: [[11, 'ip netns add H1'], [14, 'ip netns add H2']],
    },
    { name: 'a trailing comment stays with its command', lines: ['ls # list'], commands: [[10, 'ls # list']] },
    {
      name: 'backslash continuation',
      lines: ['ip link add a \\', '  type veth \\', '  peer name b', 'ls'],
      commands: [[10, 'ip link add a \\\n  type veth \\\n  peer name b'], [13, 'ls']],
    },
    { name: 'an escaped backslash at the end does not continue', lines: ['echo a\\\\', 'ls'], commands: [[10, 'echo a\\\\'], [11, 'ls']] },
    { name: 'a backslash at the end of a comment does not continue', lines: ['ls # note \\', 'pwd'], commands: [[10, 'ls # note \\'], [11, 'pwd']] },
    { name: 'a trailing pipe continues', lines: ['ip link |', '  grep veth', 'ls'], commands: [[10, 'ip link |\n  grep veth'], [12, 'ls']] },
    { name: 'trailing && and || continue', lines: ['true &&', 'false ||', 'echo x'], commands: [[10, 'true &&\nfalse ||\necho x']] },
    { name: 'a comment line after a pipe is kept', lines: ['ls |', '# then', 'wc -l'], commands: [[10, 'ls |\n# then\nwc -l']] },
    {
      name: 'if ... fi with comments and blank lines inside kept',
      lines: ['if ip netns list | grep -q H1; then', '  # present', '', '  echo yes', 'else', '  echo no', 'fi', 'ls'],
      commands: [[10, 'if ip netns list | grep -q H1; then\n  # present\n\n  echo yes\nelse\n  echo no\nfi'], [17, 'ls']],
    },
    { name: 'if on one line', lines: ['if true; then echo a; fi', 'ls'], commands: [[10, 'if true; then echo a; fi'], [11, 'ls']] },
    {
      name: 'nested if',
      lines: ['if a; then', '  if b; then c; fi', 'fi'],
      commands: [[10, 'if a; then\n  if b; then c; fi\nfi']],
    },
    { name: 'reserved words as arguments are plain words', lines: ['echo if for while case {', 'ls'], commands: [[10, 'echo if for while case {'], [11, 'ls']] },
    { name: 'for ... done', lines: ['for ns in H1 H2; do', '  ip netns add $ns', 'done'], commands: [[10, 'for ns in H1 H2; do\n  ip netns add $ns\ndone']] },
    { name: 'for with do on its own line', lines: ['for i in 1 2', 'do', '  echo $i', 'done', 'ls'], commands: [[10, 'for i in 1 2\ndo\n  echo $i\ndone'], [14, 'ls']] },
    { name: 'while ... done', lines: ['while ! ip link show s; do', '  sleep 0.1', 'done'], commands: [[10, 'while ! ip link show s; do\n  sleep 0.1\ndone']] },
    { name: 'until ... done', lines: ['until ping -c1 10.0.0.1; do sleep 1', 'done'], commands: [[10, 'until ping -c1 10.0.0.1; do sleep 1\ndone']] },
    { name: 'done inside quotes does not close', lines: ['for i in a; do', '  echo "done"', 'done'], commands: [[10, 'for i in a; do\n  echo "done"\ndone']] },
    {
      name: 'case ... esac with patterns',
      lines: ['case "$x" in', '  a|b) echo ab ;;', '  (c) echo c;;', '  *)', '    if true; then echo d; fi', '    ;;', 'esac', 'ls'],
      commands: [[10, 'case "$x" in\n  a|b) echo ab ;;\n  (c) echo c;;\n  *)\n    if true; then echo d; fi\n    ;;\nesac'], [17, 'ls']],
    },
    { name: 'case on one line', lines: ['case x in x) echo x;; esac', 'ls'], commands: [[10, 'case x in x) echo x;; esac'], [11, 'ls']] },
    { name: 'brace group', lines: ['{', '  echo a', '  echo b', '} > out', 'ls'], commands: [[10, '{\n  echo a\n  echo b\n} > out'], [14, 'ls']] },
    { name: 'subshell', lines: ['(', '  cd /tmp', '  ls', ')', 'pwd'], commands: [[10, '(\n  cd /tmp\n  ls\n)'], [14, 'pwd']] },
    { name: 'function definition', lines: ['up() {', '  ip link set "$1" up', '}', 'up lo'], commands: [[10, 'up() {\n  ip link set "$1" up\n}'], [13, 'up lo']] },
    { name: 'function with the body on the next line', lines: ['f()', '{', '  echo f', '}'], commands: [[10, 'f()\n{\n  echo f\n}']] },
    { name: 'function keyword', lines: ['function g {', '  echo g', '}', 'g'], commands: [[10, 'function g {\n  echo g\n}'], [13, 'g']] },
    { name: 'braces in words are not groups', lines: ['echo {a,b} ${x}', 'ls'], commands: [[10, 'echo {a,b} ${x}'], [11, 'ls']] },
    {
      name: 'heredoc: body up to the terminator belongs to the command',
      lines: ['cat <<EOF > /tmp/f', 'if this were shell it would be open', '# not a comment', '', 'EOF', 'ls'],
      commands: [[10, 'cat <<EOF > /tmp/f\nif this were shell it would be open\n# not a comment\n\nEOF'], [15, 'ls']],
    },
    { name: "heredoc with quoted delimiter 'EOF'", lines: ["cat <<'EOF'", '$HOME', 'EOF', 'ls'], commands: [[10, "cat <<'EOF'\n$HOME\nEOF"], [13, 'ls']] },
    { name: 'heredoc with quoted delimiter "END"', lines: ['cat << "END"', 'x', 'END'], commands: [[10, 'cat << "END"\nx\nEND']] },
    { name: 'heredoc with escaped delimiter', lines: ['cat <<\\EOF', 'x', 'EOF'], commands: [[10, 'cat <<\\EOF\nx\nEOF']] },
    { name: '<<- ignores leading tabs of the terminator', lines: ['cat <<-EOF', '\tindented', '\tEOF', 'ls'], commands: [[10, 'cat <<-EOF\n\tindented\n\tEOF'], [13, 'ls']] },
    { name: 'a tab-indented terminator does not end a plain <<', lines: ['cat <<EOF', '\tEOF', 'EOF'], commands: [[10, 'cat <<EOF\n\tEOF\nEOF']] },
    { name: 'two heredocs on one line are read in order', lines: ['paste /dev/fd/3 3<<A <<B', 'a', 'A', 'b', 'B', 'ls'], commands: [[10, 'paste /dev/fd/3 3<<A <<B\na\nA\nb\nB'], [15, 'ls']] },
    { name: 'heredoc inside a compound', lines: ['if true; then', '  cat <<EOF', 'fi', 'EOF', 'fi'], commands: [[10, 'if true; then\n  cat <<EOF\nfi\nEOF\nfi']] },
    { name: 'heredoc inside command substitution', lines: ['x=$(cat <<EOF', 'hello )', 'EOF', ')', 'echo $x'], commands: [[10, 'x=$(cat <<EOF\nhello )\nEOF\n)'], [14, 'echo $x']] },
    { name: 'here-string is not a heredoc', lines: ['grep a <<<"abc"', 'ls'], commands: [[10, 'grep a <<<"abc"'], [11, 'ls']] },
    { name: 'shift in arithmetic is not a heredoc', lines: ['echo $((1<<4))', '((x = 1 << 2))', 'ls'], commands: [[10, 'echo $((1<<4))'], [11, '((x = 1 << 2))'], [12, 'ls']] },
    { name: 'double quote spanning lines', lines: ['echo "first', 'second"', 'ls'], commands: [[10, 'echo "first\nsecond"'], [12, 'ls']] },
    { name: 'single quote spanning lines', lines: ["awk '", '  { print $1 }', "' file", 'ls'], commands: [[10, "awk '\n  { print $1 }\n' file"], [13, 'ls']] },
    { name: '# inside double quotes is not a comment', lines: ['echo "# not a comment', '"'], commands: [[10, 'echo "# not a comment\n"']] },
    { name: '# inside single quotes is not a comment', lines: ["echo 'a # b", "c'"], commands: [[10, "echo 'a # b\nc'"]] },
    { name: 'a quote inside a comment opens nothing', lines: ['ls # it\'s "fine', 'pwd'], commands: [[10, 'ls # it\'s "fine'], [11, 'pwd']] },
    { name: '$# and a#b are not comments', lines: ['echo $# a#b "x', '"'], commands: [[10, 'echo $# a#b "x\n"']] },
    { name: 'escaped quote does not open a quote', lines: ['echo \\"hi', 'ls'], commands: [[10, 'echo \\"hi'], [11, 'ls']] },
    { name: 'escaped quote inside double quotes', lines: ['echo "a \\" b', 'c"'], commands: [[10, 'echo "a \\" b\nc"']] },
    { name: "$'...' with an escaped quote", lines: ["echo $'it\\'s", "x'", 'ls'], commands: [[10, "echo $'it\\'s\nx'"], [12, 'ls']] },
    { name: 'command substitution spanning lines', lines: ['x=$(ip -j link |', '  jq length)', 'ls'], commands: [[10, 'x=$(ip -j link |\n  jq length)'], [12, 'ls']] },
    { name: 'nested substitution with quotes', lines: ['echo "$(echo ")")"', 'ls'], commands: [[10, 'echo "$(echo ")")"'], [11, 'ls']] },
    { name: 'backquotes spanning lines', lines: ['x=`echo', 'a`', 'ls'], commands: [[10, 'x=`echo\na`'], [12, 'ls']] },
    { name: 'parameter expansion with quotes', lines: ['echo ${x:-"a}b"}', 'ls'], commands: [[10, 'echo ${x:-"a}b"}'], [11, 'ls']] },
    { name: 'assignment prefix keeps command position', lines: ['X=1 if=2 echo', 'ls'], commands: [[10, 'X=1 if=2 echo'], [11, 'ls']] },
    { name: 'background & ends a command', lines: ['sleep 10 &', 'ls'], commands: [[10, 'sleep 10 &'], [11, 'ls']] },
    { name: 'content without a trailing newline', lines: ['ls'], commands: [[10, 'ls']] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(split(c.lines)).toEqual({ commands: c.commands });
    });
  }

  it('an empty block has no commands', () => {
    expect(splitCommands('', 3)).toEqual({ commands: [] });
    expect(splitCommands('# only\n\n', 3)).toEqual({ commands: [] });
  });
});

describe('splitCommands: unclosed constructs', () => {
  const cases: { name: string; lines: string[]; unclosed: string; complete: number }[] = [
    { name: 'heredoc', lines: ['ls', 'cat <<EOF', 'text'], unclosed: '11:5 unterminated heredoc <<EOF opened on line 11 (no line "EOF" closes it)', complete: 1 },
    { name: 'heredoc with no body line', lines: ["cat <<-'END'"], unclosed: "10:5 unterminated heredoc <<-'END' opened on line 10 (no line \"END\" closes it)", complete: 0 },
    { name: 'if', lines: ['if true; then', '  echo'], unclosed: '10:1 "if" opened on line 10 is not closed by "fi"', complete: 0 },
    { name: 'for', lines: ['for i in 1; do', 'echo'], unclosed: '10:1 "for" opened on line 10 is not closed by "done"', complete: 0 },
    { name: 'while', lines: ['ls', 'while true; do'], unclosed: '11:1 "while" opened on line 11 is not closed by "done"', complete: 1 },
    { name: 'case', lines: ['case x in', 'x) ;;'], unclosed: '10:1 "case" opened on line 10 is not closed by "esac"', complete: 0 },
    { name: 'brace group', lines: ['f() {', 'echo }'], unclosed: '10:5 "{" opened on line 10 is not closed by "}"', complete: 0 },
    { name: 'subshell', lines: ['(cd /', 'ls'], unclosed: '10:1 "(" opened on line 10 is not closed by ")"', complete: 0 },
    { name: 'command substitution', lines: ['x=$(ls', 'pwd'], unclosed: '10:3 "$(" opened on line 10 is not closed by ")"', complete: 0 },
    { name: 'double quote', lines: ['echo "abc', 'def'], unclosed: '10:6 unclosed quote " opened on line 10', complete: 0 },
    { name: 'single quote inside if: the innermost is named', lines: ['if true; then', "  echo 'x", 'fi'], unclosed: "11:8 unclosed quote ' opened on line 11", complete: 0 },
    { name: 'backquote', lines: ['x=`ls'], unclosed: '10:3 unclosed backquote ` opened on line 10', complete: 0 },
    { name: 'trailing backslash', lines: ['ls \\'], unclosed: '10:4 line 10 ends with "\\" but no line follows', complete: 0 },
    { name: 'trailing pipe', lines: ['ls', 'ls |'], unclosed: '11:4 line 11 ends with "|" but no command follows', complete: 1 },
    { name: 'function without body', lines: ['f()'], unclosed: '10:1 the function defined on line 10 has no body', complete: 0 },
    { name: 'function keyword without body', lines: ['ls', '  function g'], unclosed: '11:12 the function defined on line 11 has no body', complete: 1 },
    { name: 'if indented, later in the line', lines: ['ls', 'true && if false; then'], unclosed: '11:9 "if" opened on line 11 is not closed by "fi"', complete: 1 },
    { name: 'heredoc after other words', lines: ['  tee /tmp/x <<-END >/dev/null', 'a'], unclosed: '10:14 unterminated heredoc <<-END opened on line 10 (no line "END" closes it)', complete: 0 },
    { name: 'nested: the innermost open frame, where it opens', lines: ['for i in 1; do', '  x=$(echo "$i', '  ls'], unclosed: '11:12 unclosed quote " opened on line 11', complete: 0 },
    {
      name: 'a pipe followed by comment lines: the line of the pipe',
      lines: ['ls |', '# more', ''], unclosed: '10:4 line 10 ends with "|" but no command follows', complete: 0,
    },
    { name: 'a function followed by a blank line: the line of its name', lines: ['up()', ''], unclosed: '10:1 the function defined on line 10 has no body', complete: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = split(c.lines);
      expect(r.unclosed).toBe(c.unclosed);
      expect(r.commands).toHaveLength(c.complete);
    });
  }
});
