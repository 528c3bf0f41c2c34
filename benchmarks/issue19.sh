#!/usr/bin/env bash
# Issue 19's figures in one command (docs/FLOPS.md): (a) the FMA peak of one thread and the achieved GFLOP/s
# of LockstepThroughputBenchmark (per rollout, lanes=0, and lockstep, lanes=$LANES), from one JMH CSV;
# (b) Pendulum-v1 time-to-solve of the solving configuration (SolvePendulum defaults) on seeds 1 and 2 with
# lockstep=0 and lockstep=4 (4 rollouts per thread: batch 8 on 2 threads), one JVM per run; the two
# runs of a seed must print the same theta= digest. The load average is printed around every run: the
# machine is shared, so say it next to every figure. About 5 + 4 × 0.5–1 minutes.
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; LANES (default 32) is the lockstep row's K;
# SEEDS (default "1 2") the Pendulum seeds (not the tuning seeds 101–105).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -o package -pl benchmarks -am -DskipTests
fi
JAR=benchmarks/target/benchmarks.jar
CSV=benchmarks/target/issue19.csv
echo "load before JMH: $(cat /proc/loadavg)"
java -jar "$JAR" 'FmaPeakBenchmark.(scalarFma|vectorFma8|vectorFma)$|LockstepThroughputBenchmark.estimate' \
  -p lanes=0,"${LANES:-32}" -f 1 -wi 4 -i 3 -w 2s -r 2s -rf csv -rff "$CSV" > benchmarks/target/issue19-jmh.log
echo "load after JMH:  $(cat /proc/loadavg)"
java -cp "$JAR" org.dsojava.benchmarks.throughput.Gflops "$CSV"
for seed in ${SEEDS:-1 2}; do
  for k in 0 4; do
    echo "load: $(cat /proc/loadavg)"
    java --add-modules jdk.incubator.vector -cp "$JAR" org.dsojava.benchmarks.solve.SolvePendulum "$seed" lockstep="$k"
  done
done
echo "load at the end: $(cat /proc/loadavg)"
