#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the peer tools used as oracles (golden files) and as benchmark peers: CRAN sdcMicro
# and sdcTable, into /opt/rlib-oracles (or $SDC_ORACLE_LIB). Not needed to build or test sdc:
# the tests read the committed golden files. Idempotent.
# sdcMicro's current CRAN dependency VIM needs xgboost, which does not install on R 4.2, so
# Debian's r-cran-vim is used; sdcTable needs GLPK (libglpk-dev) for Rglpk.
set -euo pipefail
oracle_lib=${SDC_ORACLE_LIB:-/opt/rlib-oracles}
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
  libglpk-dev r-cran-vim r-cran-httr r-cran-data.table r-cran-rcpp r-base-dev
$sudo_cmd mkdir -p "$oracle_lib"
$sudo_cmd Rscript -e "
lib <- '$oracle_lib'
.libPaths(c(lib, .libPaths()))
wanted <- c('sdcMicro', 'sdcTable')
missing <- wanted[!vapply(wanted, requireNamespace, logical(1), quietly = TRUE)]
if (length(missing)) install.packages(missing, lib = lib, repos = 'https://cloud.r-project.org', Ncpus = 2)
for (p in wanted) cat(p, as.character(packageVersion(p, lib.loc = lib)), '\n')
"
