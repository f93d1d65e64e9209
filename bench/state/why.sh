#!/usr/bin/env bash
# The `why` figure: usage `why.sh SCENARIO OUTDIR RUNS`. Inside one private sandbox
# (bench/baseline/sandbox.sh), builds the router walkthrough's topology by running its commands,
# then times `why H1 H2` (there and back, every hop ✔):
#   OUTDIR/why-process.json  hyperfine: `nslab why H1 H2` as a fresh process (what a student types)
#   OUTDIR/why-rounds.json   in-process: RUNS×3 diagnoses inside one node process
. "$(dirname "$0")/../baseline/sandbox.sh"
here=$(dirname "$0")
scenario=$1 out=$2 runs=$3
nslab=${NSLAB_BENCH_BIN:-$here/../../bin/nslab}
node "$here/check-round.mjs" setup "$scenario"
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$out/why-process.json" \
  -n why "node $nslab why H1 H2"
node "$here/why-rounds.mjs" H1 H2 3 >/dev/null
node "$here/why-rounds.mjs" H1 H2 $((runs * 3)) >"$out/why-rounds.json"
