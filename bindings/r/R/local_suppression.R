# SPDX-License-Identifier: MIT
# k-anonymity by local suppression: the R façade of src/local_suppression.cpp, mirroring the
# Python package's local_suppression() (and sdcMicro's kAnon()).

#' k-anonymity by local suppression
#'
#' Sets key values to missing until every record shares its key with at
#' least `k - 1` others, a missing value matching any value (as sdcMicro's
#' `kAnon()` / `localSuppression()`). The data is not modified: the result
#' holds a copy with the suppressed values set to `NA`.
#'
#' @param data a data frame of microdata, or an `sdcMicroObj` of package
#'   sdcMicro: then its key variables (current values) are used when `keys` is
#'   not given, and `$data` is its data (`origData` with the current keys).
#' @param keys names of the key variables (1 to 64). Factors are read in
#'   place; other columns go through [factor()].
#' @param k every record must share its key with at least `k - 1` others;
#'   `NULL` for the core's default (2, as sdcMicro).
#' @param importance per key, 1 = most important (suppressed last) to the
#'   number of keys (suppressed first), as sdcMicro's `importance`; `NULL`:
#'   variables with more categories are suppressed first.
#' @param max_exhaustive largest set of variables searched exhaustively per
#'   class (then greedily); `NULL` for the core's default (3).
#' @return an object of class `sdc_local_suppression_result`: a list with
#'   `data` (a copy of the data with the suppressed values `NA`; factors keep
#'   their levels), `cells` (a data frame, one row per suppressed value:
#'   `record` (row number), `variable`), `keys`, `k` (achieved: `min(k, n)`),
#'   `suppressions` (per key variable), `total_suppressions`,
#'   `records_suppressed`, `records_below_k_before`, `records_below_k_after`
#'   (0 on success) and `suppression_order`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' keys <- c("Residence", "Gender", "Education", "Labor")
#' supp <- sdc_local_suppression(guide, keys, k = 2)
#' supp
#' summary(supp)
#' sdc_k_anonymity(supp$data, keys, missing = "wildcard", k = 2)$levels
#' @export
sdc_local_suppression <- function(data, keys, k = NULL, importance = NULL, max_exhaustive = NULL) {
  input <- risk_input(data, if (base::missing(keys)) NULL else keys, NULL, NULL, NULL)
  sdc_call({
    data <- check_data(input$data)
    keys <- input$keys
    key_columns <- key_categories(data, keys)
    number <- function(x, name) {
      if (is.null(x)) return(NULL)
      if (!is.numeric(x) || length(x) != 1L || is.na(x)) sdc_abort("invalid_argument", sprintf("%s must be one number", name))
      as.double(x)
    }
    raw <- sdc_local_suppression_cpp(key_columns, keys, number(k, "k"),
                                     if (is.null(importance)) NULL else whole_numbers(importance, "importance"),
                                     number(max_exhaustive, "max_exhaustive"))
    out <- as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
    for (v in seq_along(keys)) {
      rows <- raw$cell_record[raw$cell_variable == v]
      if (length(rows)) out[[keys[v]]][rows] <- NA
    }
    structure(list(
      data = out,
      cells = data.frame(record = raw$cell_record, variable = keys[raw$cell_variable], stringsAsFactors = FALSE),
      keys = keys, k = raw$k, suppressions = stats::setNames(raw$suppressions, keys),
      total_suppressions = raw$total_suppressions, records_suppressed = raw$records_suppressed,
      records_below_k_before = raw$records_below_k_before, records_below_k_after = raw$records_below_k_after,
      suppression_order = keys[raw$suppression_order + 1], max_exhaustive = raw$max_exhaustive),
      class = "sdc_local_suppression_result")
  })
}

#' @export
print.sdc_local_suppression_result <- function(x, ...) {
  n <- nrow(x$data)
  cat(sprintf("sdc local suppression to %d-anonymity (missing values match anything): keys %s\n",
              as.integer(x$k), paste(x$keys, collapse = ", ")))
  cat(sprintf("%d values suppressed in %d of %d records; records with fk < k: %d before, %d after\n",
              as.integer(x$total_suppressions), as.integer(x$records_suppressed), as.integer(n),
              as.integer(x$records_below_k_before), as.integer(x$records_below_k_after)))
  cat("suppressions per key variable:\n")
  cat(sprintf("  %-20s %8d\n", names(x$suppressions), as.integer(x$suppressions)), sep = "")
  invisible(x)
}

#' @export
summary.sdc_local_suppression_result <- function(object, ...) {
  data.frame(variable = names(object$suppressions), suppressions = unname(object$suppressions),
             order = match(names(object$suppressions), object$suppression_order), row.names = NULL,
             stringsAsFactors = FALSE)
}
