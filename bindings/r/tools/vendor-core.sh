#!/bin/sh
# SPDX-License-Identifier: MIT
# Copies the header-only core (include/sdc) into the R package (inst/include/sdc), and the
# shared golden files (tests/data) into inst/extdata/golden, so that the built tarball is
# self-contained. The copies are git-ignored and never edited: change the core instead.
# Usage: sh tools/vendor-core.sh   (from anywhere; paths are relative to this script)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
if [ ! -d "$repo/include/sdc" ]; then
  echo "vendor-core: $repo/include/sdc not found (not in the sdc repository?)" >&2
  exit 1
fi
rm -rf "$here/inst/include/sdc"
mkdir -p "$here/inst/include"
cp -R "$repo/include/sdc" "$here/inst/include/sdc"
# Of the I/O readers, the package uses only the CSV reader and the review files' readers (no
# libreadstat): keep their headers, drop the rest.
rm -f "$here/inst/include/sdc/io/readstat.hpp" "$here/inst/include/sdc/io/read_table.hpp"
# Compiled parts of the core the package needs, copied into src/ under a core_ prefix (git-ignored
# too): the CSV and review-file readers (sdc_review() with file paths) and the Clp audit
# (sdc_audit(); configure links Clp) and optimal suppression with the interval repair it calls
# (sdc_protect(method = "optimal"); Cbc), and the protection step with that repair (sdc_protect()).
for source in io/csv_reader.cpp io/review_files.cpp solver/audit.cpp solver/optimal_suppression.cpp solver/interval_repair.cpp \
  solver/protect.cpp; do
  cp -p "$repo/src/$source" "$here/src/core_$(basename "$source")"
done
if [ -d "$repo/tests/data" ] && [ -n "$(ls -A "$repo/tests/data" 2>/dev/null)" ]; then
  rm -rf "$here/inst/extdata/golden"
  mkdir -p "$here/inst/extdata/golden"
  cp -R "$repo/tests/data/." "$here/inst/extdata/golden/"
fi
echo "vendor-core: copied $repo/include/sdc to inst/include/sdc and the compiled readers and audit to src/core_*.cpp"
