# SPDX-License-Identifier: MIT

#' sdc: statistical disclosure control of research outputs and microdata
#'
#' A thin R binding of the header-only C++17 library `sdc`. Output checking:
#' [sdc_crosstab()] builds a table from microdata and checks every cell,
#' [sdc_check_table()] checks an aggregated table, [sdc_check_dof()] checks a
#' model's residual degrees of freedom; [sdc_session()], [sdc_record()] and
#' [finalise()] write an ACRO-style results package. Microdata risk:
#' [sdc_risk()], [sdc_suda()], [sdc_l_diversity()], [sdc_t_closeness()].
#'
#' Data are read in place: factor columns through their integer codes, double
#' columns through their values; other columns are converted visibly first
#' (character, logical and numeric key columns with [factor()], integer value
#' columns with [as.double()]). Errors are conditions of class
#' `sdc_invalid_input`, `sdc_io_failure`, `sdc_unsupported_feature` or
#' `sdc_internal_error`, all inheriting from `sdc_error` (see [sdc_error]).
#'
#' @keywords internal
#' @useDynLib sdc, .registration = TRUE
#' @importFrom Rcpp evalCpp
"_PACKAGE"
