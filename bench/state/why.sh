#!/usr/bin/env bash
# The `why` figure: usage `why.sh SCENARIO|LAB.sh OUTDIR RUNS [SRC DST [LAB-ARGS...]]`. Inside one
# private sandbox (bench/baseline/sandbox.sh), builds the topology — a scenario's by running its
# commands (the router walkthrough by default), or a lab script run with LAB-ARGS
# (`nat-lab.sh ... H1 203.0.113.2 masquerade`: the NAT lab, masquerading) — then times
# `why SRC DST` (default H1 H2; there and back, every hop ✔):
#   OUTDIR/why-process.json  hyperfine: `nslab why SRC DST` as a fresh process (what a student types)
#   OUTDIR/why-rounds.json   in-process: RUNS×3 diagnoses inside one node process
. "$(dirname "$0")/../baseline/sandbox.sh"
here=$(dirname "$0")
scenario=$1 out=$2 runs=$3 src=${4:-H1} dst=${5:-H2}
nslab=${NSLAB_BENCH_BIN:-$here/../../bin/nslab}
if [[ $scenario == *.sh ]]; then
  bash "$scenario" "${@:6}" >/dev/null
else
  node "$here/check-round.mjs" setup "$scenario"
fi
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$out/why-process.json" \
  -n why "node $nslab why $src $dst"
node "$here/why-rounds.mjs" "$src" "$dst" 3 >/dev/null
node "$here/why-rounds.mjs" "$src" "$dst" $((runs * 3)) >"$out/why-rounds.json"
