#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every dependency, builds, and runs every test suite: the C++ unit tests once, built
# with AddressSanitizer and UndefinedBehaviorSanitizer (blocking); then the CLI, Python and R
# suites, header self-containment, ODR and the installed-package consumer through one ctest run
# of the Release build, so the last lines printed are ctest's summary. Used by .ci/run.
# The C++ unit tests are not compiled a second time in the Release tree (SDC_BUILD_CPP_TESTS=OFF):
# the core is exercised at -O3 by the CLI, Python and R suites, and compiling the unit tests
# twice cost about a third of the CI time. SDC_CPP_TESTS_RELEASE=1 builds and runs them there too.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

build_dir=${SDC_BUILD_DIR:-build-test}
jobs=${SDC_JOBS:-2}
werror=ON
cpp_tests_release=OFF
if [ "${SDC_CPP_TESTS_RELEASE:-0}" = 1 ] || [ "${SDC_SKIP_SANITIZERS:-0}" = 1 ]; then cpp_tests_release=ON; fi
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DSDC_WERROR=$werror -DSDC_BUILD_CPP_TESTS=$cpp_tests_release \
  -DSDC_BUILD_TESTS=ON -DSDC_BUILD_CLI=ON -DSDC_BUILD_PYTHON=ON -DSDC_BUILD_R_TESTS=ON \
  -DPython_EXECUTABLE=/usr/bin/python3
cmake --build "$build_dir" -j "$jobs"

# The C++ unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, warnings as errors.
# -g1 (line tables) is enough for the sanitizers' stack traces and compiles faster than -g.
if [ "${SDC_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B "$build_dir-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DSDC_SANITIZE=ON \
    -DSDC_WERROR=$werror \
    -DSDC_BUILD_TESTS=ON -DSDC_BUILD_CLI=ON -DSDC_INSTALL=OFF -DPython_EXECUTABLE=/usr/bin/python3
  cmake --build "$build_dir-sanitize" -j "$jobs" --target sdc_tests
  # Blocking: any sanitizer report or failing case stops the run (set -e); UBSan reports are
  # fatal (-fno-sanitize-recover in CMakeLists.txt), ASan's always are.
  # Two processes, one per core: the two longest property tests (about half of the run under
  # the sanitizers) in one, every other test case in the other. The same filter selects and
  # excludes, so together they run every test case whatever the names.
  export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
  long_cases='*on thousands of random tables no primary cell*,*after Gauss suppression the audit finds no primary*'
  sanitized_log="$build_dir-sanitize/sdc_tests_long.log"
  "$build_dir-sanitize/tests/sdc_tests" --no-intro --test-case="$long_cases" > "$sanitized_log" 2>&1 &
  long_pid=$!
  rest_status=0
  "$build_dir-sanitize/tests/sdc_tests" --no-intro --test-case-exclude="$long_cases" || rest_status=$?
  long_status=0
  wait "$long_pid" || long_status=$?
  cat "$sanitized_log"
  if [ "$rest_status" -ne 0 ] || [ "$long_status" -ne 0 ]; then
    echo "test-all: the sanitized C++ unit tests failed (exit $rest_status / $long_status)" >&2
    exit 1
  fi
fi

ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 1500
