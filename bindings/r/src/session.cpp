// SPDX-License-Identifier: MIT
// Results packages: the SHA-256 checksums of the files written, computed by the core so that
// the Python and R packages write identical checksums. Façade: R/session.R.
#include <Rcpp.h>

#include <string>

#include "sdc/core/config.hpp"
#include "sdc/detail/sha256.hpp"

// [[Rcpp::export(rng = false)]]
std::string sdc_sha256_cpp(Rcpp::RawVector bytes) {
  return sdc::detail::sha256_hex(RAW(bytes), static_cast<std::size_t>(bytes.size()));
}

// [[Rcpp::export(rng = false)]]
std::string sdc_version_cpp() { return sdc::version_string; }
