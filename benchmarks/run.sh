#!/usr/bin/env bash
# Everything in docs/BENCHMARKS.md, in one go (about 12 minutes on 2 idle cores):
#   1. kernels (JMH): CartPole-v1 linear and MLP, Pendulum-v1 MLP and the 10-state LQR, each as
#      generated sample, generated sample + gradient, hand-written sample (+ gradient) and Hipparchus
#      forward-mode gradient, two JVM forks each (one fork's JIT sometimes compiles an MLP kernel ~30%
#      slower, generated and hand-written alike; two forks show it in the error) -> benchmarks/target/jmh.json;
#      then allocation per operation (-prof gc, one short fork) -> benchmarks/target/jmh-gc.json
#   2. throughput of a whole Algorithm 1 iteration with 1 and 2 threads (benchmarks/throughput.sh)
#   3. time-to-solve, one process per seed (benchmarks/solve.sh)
# Extra arguments go to the kernel JMH run, e.g. bash benchmarks/run.sh -f 3 (the last -f wins)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
mvn -B -q install -DskipTests
KERNELS='CartPoleBenchmark|CartPoleMlpBenchmark|PendulumMlpBenchmark|Lqr10Benchmark'
# Times without the GC profiler (with it, the MLP kernels' times scatter by ±50% between forks), then
# bytes per operation in a short second pass with it.
java -jar benchmarks/target/benchmarks.jar "$KERNELS" -f 2 -rf json -rff benchmarks/target/jmh.json "$@"
java -jar benchmarks/target/benchmarks.jar "$KERNELS" -f 1 -wi 1 -i 1 -prof gc -rf json -rff benchmarks/target/jmh-gc.json
SKIP_BUILD=1 bash benchmarks/throughput.sh
SKIP_BUILD=1 bash benchmarks/solve.sh
