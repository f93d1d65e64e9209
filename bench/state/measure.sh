#!/usr/bin/env bash
# The "state snapshot + all checks" figure: usage `measure.sh SCENARIO OUTDIR RUNS [PROCESS_RUNS]`. Inside one
# private sandbox (bench/baseline/sandbox.sh), builds the scenario's topology once by running its
# commands, then compares one round of all its checks through nslab's library with the same
# process calls in plain bash:
#   OUTDIR/process.json  hyperfine: `node check-round.mjs check` vs `bash calls.sh` (whole
#                        processes; PROCESS_RUNS runs, default RUNS: a row for information)
#   OUTDIR/rounds.json   in-process: K rounds inside one node process vs K rounds inside one bash
. "$(dirname "$0")/../baseline/sandbox.sh"
here=$(dirname "$0")
scenario=$1 out=$2 runs=$3 process_runs=${4:-$3}
node "$here/check-round.mjs" setup "$scenario"
node "$here/check-round.mjs" calls "$scenario" >"$out/calls.sh"
hyperfine -N --style basic --warmup 1 --runs "$process_runs" --export-json "$out/process.json" \
  -n bash "bash $out/calls.sh" -n nslab "node $here/check-round.mjs check $scenario"
rounds=$((runs * 3))
# Each side warms up with a few rounds of its own first.
node "$here/check-round.mjs" rounds "$scenario" 3 >/dev/null; ROUNDS=3 bash "$out/calls.sh" >/dev/null
printf '{"nslab": %s, "bash": %s, "calls": %s}\n' \
  "$(node "$here/check-round.mjs" rounds "$scenario" "$rounds")" "$(ROUNDS=$rounds bash "$out/calls.sh")" \
  "$(grep -c '</dev/null >/dev/null' "$out/calls.sh")" >"$out/rounds.json"
