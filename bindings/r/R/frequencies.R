# SPDX-License-Identifier: MIT
# Key frequencies and k-anonymity on their own: the R façade of src/frequencies.cpp, mirroring
# the Python package's key_frequencies() and k_anonymity(). Helpers shared with the other risk
# functions of this set (population uniqueness, local suppression): keys as factors, an
# sdcMicroObj's variables, the core's warnings as R warnings.

#' Key frequencies fk and Fk of every record
#'
#' The sample frequency `fk` of each record's key (its combination of key
#' values: the number of records sharing it) and the estimated population
#' frequency `Fk` (the sum of their weights; `Fk = fk` without weights), as
#' sdcMicro's `freqCalc()`.
#'
#' @param data a data frame of microdata, or an `sdcMicroObj` of package
#'   sdcMicro: then its key variables (their current, possibly anonymised
#'   values) and weight are used when `keys` and `weights` are not given, and,
#'   unless `missing` is given, sdcMicro's missing-value semantics
#'   (`"wildcard"`) and its `alpha`.
#' @param keys names of the key (quasi-identifying) variables. Factors are
#'   read in place; other columns go through [factor()].
#' @param weights name of the sampling weight variable, or `NULL`.
#' @param missing how a missing key value matches: `"category"` (its own
#'   category), `"wildcard"` (any value, as sdcMicro) or `"never"` (nothing: a
#'   record with a missing key value is unique); `NULL` for the core's default
#'   (`"category"`).
#' @param alpha wildcard only: weight in \[0, 1\] of matches that come from
#'   missing values; `NULL` for the core's default (1).
#' @param allow_constant_keys accept a key variable with a single value
#'   (otherwise an error naming it: it usually signals a mistake); `NULL` for
#'   the core's default (`FALSE`).
#' @return a data frame with one row per record, in input order (row names of
#'   `data`): `fk` and `Fk`. The core's warnings (e.g. weights below 1) are
#'   signalled as R warnings of class `sdc_warning`.
#' @seealso [sdc_risk()] for individual and global risk, [sdc_k_anonymity()].
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' f <- sdc_key_frequencies(guide, c("Residence", "Gender", "Education", "Labor"), weights = "W")
#' head(f)
#' summary(f$fk)
#' @export
sdc_key_frequencies <- function(data, keys, weights = NULL, missing = NULL, alpha = NULL,
                                allow_constant_keys = NULL) {
  input <- risk_input(data, if (base::missing(keys)) NULL else keys, weights, missing, alpha)
  sdc_call({
    data <- check_data(input$data)
    key_columns <- key_categories(data, input$keys)
    weight <- optional_number(data, input$weights, "weights")
    raw <- sdc_key_frequencies_cpp(key_columns, input$keys, weight, input$weights %||% "", input$missing,
                                   input$alpha, allow_constant_keys)
    sdc_warn(raw$warnings)
    out <- data.frame(fk = raw$fk, Fk = raw$Fk)
    attr(out, "row.names") <- attr(data, "row.names") %||% seq_along(raw$fk)
    out
  })
}

#' Records and key combinations violating k-anonymity
#'
#' For each k: the records whose key is shared by fewer than k records (as
#' sdcMicro counts "observations violating k-anonymity") and the key
#' combinations with fewer than k records (as mu-ARGUS counts), with the
#' sample uniques and the histogram of class sizes.
#'
#' @inheritParams sdc_key_frequencies
#' @param k the values of k; `NULL` for the core's default (`c(2, 3, 5)`).
#' @return an object of class `sdc_k_anonymity_result`: a list with
#'   `n_records`, `n_combinations`, `levels` (a data frame: `k`, `records` and
#'   `combinations` below k), `sample_uniques`, `unique_combinations`,
#'   `class_sizes` (a data frame: `size`, `classes` of that size, `records` in
#'   them), `keys`, `missing`, `alpha`. Weights play no part (`fk` only).
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' kanon <- sdc_k_anonymity(guide, c("Residence", "Gender", "Education", "Labor"), k = c(2, 3, 5))
#' kanon
#' summary(kanon)
#' @export
sdc_k_anonymity <- function(data, keys, k = NULL, missing = NULL, alpha = NULL) {
  input <- risk_input(data, if (base::missing(keys)) NULL else keys, NULL, missing, alpha)
  sdc_call({
    data <- check_data(input$data)
    key_columns <- key_categories(data, input$keys)
    raw <- sdc_k_anonymity_cpp(key_columns, input$keys, input$missing, input$alpha,
                               if (is.null(k)) NULL else whole_numbers(k, "k"))
    sdc_warn(raw$warnings)
    structure(list(keys = input$keys, missing = raw$missing, alpha = raw$alpha, n_records = raw$n_records,
                   n_combinations = raw$n_combinations, levels = as.data.frame(raw$levels),
                   sample_uniques = raw$sample_uniques, unique_combinations = raw$unique_combinations,
                   class_sizes = as.data.frame(raw$class_sizes)),
              class = "sdc_k_anonymity_result")
  })
}

#' @export
print.sdc_k_anonymity_result <- function(x, ...) {
  n <- max(x$n_records, 1)
  cat(sprintf("sdc k-anonymity: %d records, keys %s (missing values: %s%s)\n", as.integer(x$n_records),
              paste(x$keys, collapse = ", "), x$missing,
              if (x$missing == "wildcard") paste0(", alpha ", format(x$alpha)) else ""))
  cat(sprintf("key combinations: %d; sample uniques: %d records in %d combinations\n",
              as.integer(x$n_combinations), as.integer(x$sample_uniques), as.integer(x$unique_combinations)))
  cat(sprintf("  %4s  %22s  %22s\n", "k", "records with fk < k", "combinations fk < k"))
  lv <- x$levels
  cat(sprintf("  %4d  %12d (%7s)  %22d\n", as.integer(lv$k), as.integer(lv$records),
              sprintf("%.2f%%", 100 * lv$records / n), as.integer(lv$combinations)), sep = "")
  invisible(x)
}

#' @export
summary.sdc_k_anonymity_result <- function(object, ...) {
  object$levels
}

# ---- helpers shared by the risk functions of R/frequencies.R, population.R, local_suppression.R

# The data, keys, weights, missing semantics and alpha, from a data frame or an sdcMicroObj (its
# current key variables and weight; sdcMicro's wildcard semantics and alpha unless given).
risk_input <- function(data, keys, weights, missing, alpha, call = sys.call(-1L)) {
  if (inherits(data, "sdcMicroObj")) {
    from <- sdc_call(sdcmicro_arguments(data), call = call)
    if (is.null(keys)) keys <- from$keys
    if (is.null(weights)) weights <- from$weights
    if (is.null(missing)) {
      missing <- "wildcard"
      if (is.null(alpha)) alpha <- from$alpha
    }
    data <- from$data
  }
  if (is.null(keys)) sdc_abort("invalid_argument", "keys must be given (names of key variables)", call = call)
  if (!is.null(alpha) && (!is.numeric(alpha) || length(alpha) != 1L)) {
    sdc_abort("invalid_argument", "alpha must be one number in [0, 1]", call = call)
  }
  if (!is.null(missing) && (!is.character(missing) || length(missing) != 1L || is.na(missing))) {
    sdc_abort("invalid_argument", "missing must be one of \"category\", \"wildcard\", \"never\"", call = call)
  }
  list(data = data, keys = keys, weights = weights, missing = missing,
       alpha = if (is.null(alpha)) NULL else as.double(alpha))
}

# Key columns as factors (read in place by the compiled code), at least one.
key_categories <- function(data, keys, role = "key", call = sys.call(-1L)) {
  if (is.character(keys) && length(keys) == 0L) {
    sdc_abort("invalid_argument", sprintf("at least one %s variable is needed", role), call = call)
  }
  if (is.character(keys) && anyDuplicated(keys)) {
    sdc_abort("invalid_argument", sprintf("%s variable '%s' is given twice", role, keys[anyDuplicated(keys)]),
              call = call)
  }
  categories(data, keys, role, call = call)
}

# Whole numbers (k values, importance) as integers, refusing fractions and NA.
whole_numbers <- function(x, name, call = sys.call(-1L)) {
  if (!is.numeric(x) || anyNA(x) || any(!is.finite(x)) || any(x != round(x)) || any(abs(x) > .Machine$integer.max)) {
    sdc_abort("invalid_argument", sprintf("%s must be whole numbers", name), call = call)
  }
  as.integer(x)
}

# The core's warnings (e.g. weights below 1) as R warnings of class sdc_warning.
sdc_warn <- function(messages, call = sys.call(-1L)) {
  for (message in messages) {
    warning(structure(class = c("sdc_warning", "warning", "condition"),
                      list(message = message, call = call)))
  }
}
