# SPDX-License-Identifier: MIT
# The mu-ARGUS-style combination scan: the R façade of src/scan.cpp.

#' Scan the combinations of key variables for unsafe cells
#'
#' Cross-tabulates every combination of up to `max_dimension` key variables
#' (mu-ARGUS's "unsafe combinations"): a cell of a combination of dimension
#' `d` is unsafe when it holds at least one but fewer than `thresholds[d]`
#' records. The result names the unsafe combinations and their unsafe cells,
#' counts them per dimension and per variable (the table mu-ARGUS shows) and,
#' per record, the unsafe combinations it has an unsafe cell in.
#'
#' @param data a data frame of microdata.
#' @param keys names of the key (quasi-identifying) variables. Factors are
#'   used as they are; other columns go through [factor()].
#' @param max_dimension the largest number of variables combined (capped at
#'   the number of keys).
#' @param thresholds the threshold of every dimension (one number), or one per
#'   dimension `1..max_dimension`; each a whole number of at least 1.
#' @param missing `"category"` (a missing value is one more category) or
#'   `"ignore"` (a cell with a missing value is never unsafe).
#' @param max_listed_cells unsafe cells listed per combination (smallest
#'   counts first); all are counted regardless.
#' @param include_safe_combinations also list the combinations without unsafe
#'   cells.
#' @param per_record return, per record, the number of unsafe combinations it
#'   has an unsafe cell in.
#' @param max_combinations refuse to scan more combinations than this (their
#'   number grows as `length(keys)^max_dimension`).
#' @return an object of class `sdc_scan_result`: a list with `n_records`,
#'   `keys`, `max_dimension`, `dimensions` (a data frame per dimension:
#'   `threshold`, `combinations_scanned`, `unsafe_combinations`,
#'   `unsafe_cells`), `combinations` (a data frame, one row per unsafe
#'   combination by dimension then lexicographically: `variables`,
#'   `dimension`, `threshold`, `n_cells`, `n_unsafe_cells`,
#'   `records_in_unsafe_cells`, `cells_truncated`), `cells` (a data frame, one
#'   row per listed unsafe cell: `combination` (row of `combinations`),
#'   `variables`, `values`, `count`, `first_record` (row of `data`)),
#'   `variables` (per key: unsafe combinations and unsafe cells containing it,
#'   per dimension), `records_affected` (records in at least one unsafe cell)
#'   and, with `per_record`, `unsafe_combinations_per_record` (one number per
#'   row of `data`).
#' @examples
#' path <- system.file("extdata", "practice_guide.csv", package = "sdc")
#' guide <- read.csv(path, stringsAsFactors = TRUE)
#' scan <- sdc_scan_combinations(guide, c("Residence", "Gender", "Education", "Labor"),
#'                               max_dimension = 2, thresholds = c(2, 3))
#' scan
#' scan$cells
#' @export
sdc_scan_combinations <- function(data, keys, max_dimension = 3, thresholds = 3, missing = "category",
                                  max_listed_cells = 100, include_safe_combinations = FALSE,
                                  per_record = TRUE, max_combinations = 1e6) {
  call <- match.call()
  sdc_call({
    check_data(data)
    key_columns <- categories(data, keys, "key")
    if (!is.numeric(max_dimension) || length(max_dimension) != 1L || is.na(max_dimension) ||
        max_dimension != round(max_dimension)) {
      sdc_abort("invalid_argument", "max_dimension must be one whole number")
    }
    if (!is.numeric(thresholds) || length(thresholds) == 0L || anyNA(thresholds)) {
      sdc_abort("invalid_argument", "thresholds must be numbers (one, or one per dimension)")
    }
    raw <- sdc_scan_combinations_cpp(key_columns, keys, as.integer(max_dimension), as.double(thresholds),
                                     missing, as.double(max_listed_cells), isTRUE(include_safe_combinations),
                                     isTRUE(per_record), as.double(max_combinations))
    m <- raw$max_dimension
    combinations <- data.frame(raw$combinations, stringsAsFactors = FALSE)
    cells <- data.frame(combination = raw$cells$combination,
                        variables = combinations$variables[raw$cells$combination],
                        values = raw$cells$values, count = raw$cells$count,
                        first_record = raw$cells$first_record, stringsAsFactors = FALSE)
    variables <- data.frame(variable = keys, stringsAsFactors = FALSE)
    for (d in seq_len(m)) variables[[sprintf("unsafe_combinations_%d", d)]] <- raw$variable_unsafe_combinations[, d]
    for (d in seq_len(m)) variables[[sprintf("unsafe_cells_%d", d)]] <- raw$variable_unsafe_cells[, d]
    structure(
      list(
        n_records = raw$n_records,
        keys = keys,
        max_dimension = m,
        missing = missing,
        dimensions = data.frame(dimension = seq_len(m), raw$dimensions),
        combinations = combinations,
        cells = cells,
        variables = variables,
        records_affected = raw$records_affected,
        unsafe_combinations_per_record = if (isTRUE(per_record)) as.double(raw$per_record) else NULL,
        call = call
      ),
      class = "sdc_scan_result"
    )
  })
}

#' @export
print.sdc_scan_result <- function(x, ...) {
  cat(sprintf("sdc combination scan: %d keys (%s), combinations up to dimension %d; %d records; missing values: %s\n",
              length(x$keys), paste(x$keys, collapse = ", "), as.integer(x$max_dimension),
              as.integer(x$n_records), x$missing))
  cat(sprintf("%d records (%.1f%%) are in at least one unsafe cell\n\n", as.integer(x$records_affected),
              if (x$n_records > 0) 100 * x$records_affected / x$n_records else 0))
  print(x$dimensions, row.names = FALSE)
  cat("\nUnsafe combinations and cells per variable and dimension\n")
  print(x$variables, row.names = FALSE)
  unsafe <- x$combinations[x$combinations$n_unsafe_cells > 0, , drop = FALSE]
  if (nrow(unsafe) > 0L) {
    shown <- utils::head(unsafe, 20L)
    cat(sprintf("\nUnsafe combinations (%d%s)\n", nrow(unsafe), if (nrow(unsafe) > 20L) ", first 20" else ""))
    print(shown[c("variables", "threshold", "n_cells", "n_unsafe_cells", "records_in_unsafe_cells")],
          row.names = FALSE)
  }
  invisible(x)
}

#' @export
summary.sdc_scan_result <- function(object, ...) {
  structure(list(n_records = object$n_records, keys = object$keys, dimensions = object$dimensions,
                 records_affected = object$records_affected),
            class = "summary.sdc_scan_result")
}

#' @export
print.summary.sdc_scan_result <- function(x, ...) {
  cat(sprintf("sdc combination scan of %d records on %s\n", as.integer(x$n_records), paste(x$keys, collapse = ", ")))
  cat(sprintf("unsafe combinations per dimension: %s; unsafe cells: %s; records affected: %d\n",
              paste(x$dimensions$unsafe_combinations, collapse = " / "),
              paste(x$dimensions$unsafe_cells, collapse = " / "), as.integer(x$records_affected)))
  invisible(x)
}

#' @export
as.data.frame.sdc_scan_result <- function(x, ...) {
  x$combinations
}
