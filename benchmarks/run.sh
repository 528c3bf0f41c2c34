#!/usr/bin/env bash
# Builds the project and runs the kernel benchmarks (JMH, about 4 minutes on an idle machine): CartPole-v1 linear and MLP,
# Pendulum-v1 MLP and the 10-state LQR, each as generated sample, generated sample + gradient,
# hand-written sample + gradient and Hipparchus forward-mode gradient, with allocation (-prof gc).
# Results: the table on stdout and benchmarks/target/jmh.json. Extra JMH options are passed through,
# e.g. bash benchmarks/run.sh -f 3
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
java -jar benchmarks/target/benchmarks.jar \
  'CartPoleBenchmark|CartPoleMlpBenchmark|PendulumMlpBenchmark|Lqr10Benchmark' \
  -prof gc -rf json -rff benchmarks/target/jmh.json "$@"
