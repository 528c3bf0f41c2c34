#!/usr/bin/env bash
# Builds the project and runs the CartPole kernel benchmarks (JMH; about 1.5 minutes).
# Results: the table on stdout and benchmarks/target/jmh.json. Extra JMH options are passed through,
# e.g. bash benchmarks/run.sh -f 3
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
java -jar benchmarks/target/benchmarks.jar CartPole -prof gc -rf json -rff benchmarks/target/jmh.json "$@"
