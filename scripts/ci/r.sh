#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The R package: vendor the core, check that the committed RcppExports are current, build the
# tarball, R CMD check it (fails on any ERROR or WARNING: proves that the tarball installs and
# works on its own), run the testthat suite against the checked installation with the
# repository at hand (golden files, CLI parity when SDC_CLI is set), and run the R code blocks
# of docs/r-tutorial.md.
#
# Environment: SDC_R_WORK_DIR (default build/r-package) for the tarball and check folders,
# SDC_CLI (the sdc executable) and SDC_PYTHONPATH (the built Python package; by default the
# python/ folder of the CLI's build tree) for the cross-binding tests. About 2-3 minutes on 2
# cores.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${SDC_R_WORK_DIR:-$repo/build/r-package}
pkg=$repo/bindings/r
export MAKEFLAGS=${MAKEFLAGS:--j2}
export SDC_REPO_ROOT=$repo
# Suggested packages that are absent (sdcMicro) must not fail the check; an oracle library is
# used when present.
export _R_CHECK_FORCE_SUGGESTS_=false
if [ -d /opt/rlib-oracles ]; then export R_LIBS="/opt/rlib-oracles${R_LIBS:+:$R_LIBS}"; fi
mkdir -p "$work"
if [ -z "${SDC_PYTHONPATH:-}" ] && [ -n "${SDC_CLI:-}" ]; then
  candidate=$(cd "$(dirname "$SDC_CLI")/.." 2>/dev/null && pwd)/python
  if [ -d "$candidate/sdc" ]; then export SDC_PYTHONPATH=$candidate; fi
fi

echo "== r: vendoring the core"
sh "$pkg/tools/vendor-core.sh"

echo "== r: committed RcppExports are up to date"
Rscript -e "invisible(Rcpp::compileAttributes('$pkg'))"
if git -C "$repo" rev-parse --git-dir > /dev/null 2>&1; then
  git -C "$repo" diff --exit-code -- bindings/r/src/RcppExports.cpp bindings/r/R/RcppExports.R
fi

echo "== r: R CMD build"
cd "$work"
rm -rf sdc_*.tar.gz sdc.Rcheck
R CMD build --no-build-vignettes "$pkg"
tarball=$(ls sdc_*.tar.gz)

echo "== r: R CMD check --no-manual $tarball"
status=0
R CMD check --no-manual "$tarball" || status=$?
log=sdc.Rcheck/00check.log
if [ ! -f "$log" ]; then echo "r: R CMD check wrote no log" >&2; exit 1; fi
errors=$(grep -c "\.\.\. ERROR" "$log" || true)
warnings=$(grep -c "\.\.\. WARNING" "$log" || true)
notes=$(grep -c "\.\.\. NOTE" "$log" || true)
echo "r: R CMD check: $errors errors, $warnings warnings, $notes notes"
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ] || [ "$warnings" -ne 0 ]; then
  tail -n 60 "$log"
  if [ -f sdc.Rcheck/tests/testthat.Rout.fail ]; then tail -n 60 sdc.Rcheck/tests/testthat.Rout.fail; fi
  exit 1
fi

echo "== r: testthat (installed package, repository data)"
cd "$repo"
Rscript - <<'RSCRIPT'
lib <- file.path(Sys.getenv("SDC_R_WORK_DIR", file.path(Sys.getenv("SDC_REPO_ROOT"), "build", "r-package")), "sdc.Rcheck")
.libPaths(c(lib, .libPaths()))
results <- as.data.frame(testthat::test_dir(file.path(Sys.getenv("SDC_REPO_ROOT"), "bindings", "r", "tests", "testthat"),
                                            package = "sdc", load_package = "installed",
                                            reporter = "summary", stop_on_failure = FALSE))
failed <- sum(results$failed) + sum(results$error)
cat(sprintf("testthat: %d passed, %d failed, %d skipped\n", sum(results$passed), failed, sum(results$skipped)))
if (failed > 0) quit(status = 1)
RSCRIPT

echo "== r: docs/r-tutorial.md code blocks"
SDC_R_LIB="$work/sdc.Rcheck" Rscript "$repo/scripts/ci/run_r_tutorial.R" "$repo/docs/r-tutorial.md"
