#!/usr/bin/env bash
# Time-to-solve (issue 5): CartPole-v1 (linear policy) and Pendulum-v1 (MLP policy), one `java` process
# per seed, timed from outside (whole process, JVM start included) and from inside (optimization only,
# evaluations excluded). Prints one machine-readable line per run, then median [min, max] per column.
# About 3.5 minutes on 2 cores (Pendulum, about 30 s a seed, is most of it). Set SKIP_BUILD=1 to reuse
# benchmarks/target/benchmarks.jar, CARTPOLE_ONLY=1 to skip Pendulum.
# Details and figures: docs/benchmarks-solve.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
fi
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/solve
mkdir -p "$OUT"
# Lean JVM start: C1 only (runs last well under a second), serial GC, and an application class-data
# archive (AppCDS) made once from a discarded run whenever the jar is newer than the archive.
JSA=benchmarks/target/solve.jsa
JVM=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ ! -f "$JSA" ] || [ "$JAR" -nt "$JSA" ]; then
  rm -f "$JSA"
  java "${JVM[@]}" -XX:ArchiveClassesAtExit="$JSA" -cp "$JAR" org.dsojava.benchmarks.solve.SolveCartPole 99 training \
    >/dev/null 2>&1 || true
fi
if [ -f "$JSA" ]; then
  JVM+=(-XX:SharedArchiveFile="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# Pendulum runs take seconds of MLP arithmetic: there the JVM's default (tiered C1 + C2) is faster.
PENDULUM_JVM=(-XX:+UseSerialGC)
echo "JVM flags: CartPole ${JVM[*]}; Pendulum ${PENDULUM_JVM[*]}"

# run FILE CLASS ARGS...: one process; appends its line plus process_seconds=… to FILE.
run() {
  local file=$1
  shift
  local a b line flags=("${JVM[@]}")
  if [[ $1 == *SolvePendulum ]]; then
    flags=("${PENDULUM_JVM[@]}")
  fi
  a=$(date +%s.%N)
  line=$(java "${flags[@]}" -cp "$JAR" "$@")
  b=$(date +%s.%N)
  line="$line process_seconds=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b - a }')"
  echo "$line" | tee -a "$file"
}

# summary FILE KEY [UNREACHED]: median [min, max] of KEY=value over FILE's lines; a value equal to
# UNREACHED (e.g. -1) counts as not reached (∞).
summary() {
  local file=$1 key=$2 unreached=${3:-none}
  grep -o " $key=[^ ]*" "$file" | cut -d= -f2 | awk -v u="$unreached" '
    { if ($1 == u || $1 == "NaN") { inf++ } else { v[n++] = $1 } }
    END {
      total = n + inf
      # sort the reached values (insertion sort; 5-10 values)
      for (i = 1; i < n; i++) { x = v[i]; j = i - 1; while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j-- } v[j + 1] = x }
      m = int((total - 1) / 2)
      med = (m < n) ? v[m] : "∞"
      max = (inf > 0) ? "∞" : v[n - 1]
      printf "%s [%s, %s]%s\n", med, (n > 0 ? v[0] : "∞"), max, (inf > 0 ? sprintf(" (%d/%d reached)", n, total) : "")
    }'
}

report_cartpole() {
  local file=$1
  echo "  evaluation ≥ 475, env steps:        $(summary "$file" env_steps)   (solved: $(grep -c 'solved=true' "$file")/$(wc -l < "$file"); the stopping evaluations' episodes counted)"
  echo "    of which in rollouts:             $(summary "$file" rollout_steps)"
  echo "  evaluation ≥ 475, optimization s:   $(summary "$file" opt_seconds)"
  if grep -q "stop=budget" "$file"; then
    echo "  (a budget fixed in advance, no evaluation during the run: solved = the final θ's fresh evaluation ≥ 475)"
  elif grep -q "stop=eval" "$file"; then
    echo "  (this configuration stops at the evaluation line; the training line is not run)"
  else
    echo "  last-20 training mean ≥ 475, steps: $(summary "$file" train20_env_steps -1)"
    echo "  last-20 training mean ≥ 475, opt s: $(summary "$file" train20_opt_seconds)"
  fi
  echo "  whole process s:                    $(summary "$file" process_seconds)"
  echo "  fresh evaluation of the final θ:    $(summary "$file" fresh_return)"
}

rm -f "$OUT"/*.txt
for config in evaluation training budget; do
  for seeds in "1 2 3 4 5" "6 7 8 9 10"; do
    file="$OUT/cartpole-$config-${seeds// /}.txt"
    for seed in $seeds; do
      run "$file" org.dsojava.benchmarks.solve.SolveCartPole "$seed" "$config" threads=1
    done
    echo "CartPole-v1, $config configuration, seeds $seeds:"
    report_cartpole "$file"
  done
done

if [ "${CARTPOLE_ONLY:-0}" = 1 ]; then
  exit 0
fi

file="$OUT/pendulum-12345.txt"
for seed in 1 2 3 4 5; do
  run "$file" org.dsojava.benchmarks.solve.SolvePendulum "$seed"
done
echo "Pendulum-v1, 200k env steps, seeds 1-5:"
echo "  best evaluation (every 5 iterations): $(summary "$file" best_return)"
echo "  final evaluation:                     $(summary "$file" final_return)"
echo "  final θ, fresh episodes:              $(summary "$file" fresh_return)"
echo "  optimization s:                       $(summary "$file" opt_seconds)"
echo "  whole process s:                      $(summary "$file" process_seconds)"
