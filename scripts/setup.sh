#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every build and test dependency of sdc from Debian packages. Idempotent: packages
# already present are skipped, so a second run costs a few seconds.
set -euo pipefail

debian_packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-dev libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev
  libreadstat-dev coinor-libclp-dev coinor-libcbc-dev libbenchmark-dev
  python3 python3-dev pybind11-dev python3-numpy python3-pandas python3-pytest
  python3-hypothesis python3-statsmodels
  r-base-dev r-cran-rcpp r-cran-rcppeigen r-cran-bh r-cran-testthat r-cran-jsonlite
)

missing=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi
