#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every dependency, builds, and runs every test suite (C++, CLI, Python, R) through
# one ctest run, so the last lines printed are ctest's summary. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

build_dir=${SDC_BUILD_DIR:-build-test}
jobs=${SDC_JOBS:-2}
werror=ON
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DSDC_WERROR=$werror \
  -DSDC_BUILD_TESTS=ON -DSDC_BUILD_CLI=ON -DSDC_BUILD_PYTHON=ON -DSDC_BUILD_R_TESTS=ON \
  -DPython_EXECUTABLE=/usr/bin/python3
cmake --build "$build_dir" -j "$jobs"

# The C++ suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
if [ "${SDC_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B "$build_dir-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DSDC_SANITIZE=ON \
    -DSDC_BUILD_TESTS=ON -DSDC_BUILD_CLI=ON -DSDC_INSTALL=OFF -DPython_EXECUTABLE=/usr/bin/python3
  cmake --build "$build_dir-sanitize" -j "$jobs" --target sdc_tests
  # Blocking: any sanitizer report or failing case stops the run (set -e); UBSan reports are
  # fatal (-fno-sanitize-recover in CMakeLists.txt), ASan's always are.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build_dir-sanitize/tests/sdc_tests" --minimal
fi

ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 1500
