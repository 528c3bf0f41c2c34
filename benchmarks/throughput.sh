#!/usr/bin/env bash
# Batch throughput of a whole Algorithm 1 iteration (GradientEstimator.estimate) with 1 and 2 threads,
# JMH, two forks per estimator row (a 2-thread/1-thread ratio moves by ±0.15 between single JVMs) and one
# per bare-loop row (about 4 minutes; pass -prof gc for bytes per iteration). The envSteps rows are env steps per
# second. Results also in benchmarks/target/throughput.json. Set SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar; extra
# JMH options are passed through. Figures and analysis: docs/benchmarks-solve.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
fi
JAR=benchmarks/target/benchmarks.jar
B=org.dsojava.benchmarks.throughput.EstimatorThroughputBenchmark
java -jar "$JAR" "$B.estimate" -p model=linear,hand,mlp,pendulum -p baseline=quadratic -f 2 \
  -rf json -rff benchmarks/target/throughput.json "$@"
java -jar "$JAR" "$B.estimate" -p model=linear,hand -p baseline=none -f 2 \
  -rf json -rff benchmarks/target/throughput-none.json "$@"
java -jar "$JAR" "$B.bareLoop" -p model=linear,hand -p baseline=none \
  -rf json -rff benchmarks/target/throughput-bare.json "$@"
