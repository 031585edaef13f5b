# SPDX-License-Identifier: MIT
# Population uniqueness: the R façade of src/population.cpp, mirroring the Python package's
# population_uniqueness().

#' Estimated number of population uniques
#'
#' Estimates how many key combinations are unique in the population, from the
#' sample's class-size spectrum (how many key combinations occur once, twice,
#' ...): Zayatz's hypergeometric estimator, the Pitman model and the slide
#' negative binomial (SNB) model; Dankar's rule chooses among them (as ARX):
#' Pitman for sampling fractions up to 0.1 when it converges, otherwise the
#' smaller of Zayatz and SNB. Definitions: `docs/risk.md`.
#'
#' @inheritParams sdc_key_frequencies
#' @param population_size,sampling_fraction give one: the population size N,
#'   or the sampling fraction n / N. With neither and `weights` given, N is the
#'   sum of the weights.
#' @param weights name of the sampling weight variable, or `NULL` (only used
#'   for N when neither `population_size` nor `sampling_fraction` is given).
#' @param model the model whose estimate is reported as `uniques`:
#'   `"dankar"`, `"zayatz"`, `"pitman"` or `"snb"`; `NULL` for the core's
#'   default (`"dankar"`). All three estimates are in the result.
#' @param missing missing key values: `"category"` or `"never"` (the classes of
#'   [sdc_key_frequencies()]); `NULL` for the core's default.
#' @return an object of class `sdc_population_result`: a list with
#'   `sample_size`, `sample_classes`, `sample_uniques`, `population_size`,
#'   `sampling_fraction`, `model`, `model_used`, `converged`, `uniques`,
#'   `share` (uniques / N), `zayatz`, `pitman`, `snb` (each a list: `valid`,
#'   `uniques`, `share`, `message`), `estimates` (the three as a data frame),
#'   `pitman_fit` (`theta`, `alpha`, `converged`, `message`), `snb_fit`
#'   (`alpha`, `beta`, `population_classes`, `converged`, `message`) and
#'   `notes`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' keys <- c("Residence", "Gender", "Education", "Labor")
#' sdc_population_uniqueness(guide, keys, weights = "W")
#' sdc_population_uniqueness(guide, keys, sampling_fraction = 0.05, model = "zayatz")$uniques
#' @export
sdc_population_uniqueness <- function(data, keys, population_size = NULL, sampling_fraction = NULL,
                                      weights = NULL, model = NULL, missing = NULL) {
  input <- risk_input(data, if (base::missing(keys)) NULL else keys, weights, missing, NULL)
  if (inherits(data, "sdcMicroObj") && is.null(missing)) {
    # sdcMicro's wildcard semantics do not partition the records: its classes are those of
    # identical keys (missing as a category), as for l-diversity in sdc_risk().
    input$missing <- "category"
  }
  sdc_call({
    data <- check_data(input$data)
    key_columns <- key_categories(data, input$keys)
    weight <- optional_number(data, input$weights, "weights")
    for (given in list(list("population_size", population_size), list("sampling_fraction", sampling_fraction))) {
      value <- given[[2L]]
      if (!is.null(value) && (!is.numeric(value) || length(value) != 1L || is.na(value))) {
        sdc_abort("invalid_argument", sprintf("%s must be one number", given[[1L]]))
      }
    }
    # With neither N nor pi, the core takes N = the sum of the weights.
    raw <- sdc_population_uniqueness_cpp(key_columns, input$keys, weight, input$weights %||% "", input$missing,
                                         as.double(population_size %||% 0), as.double(sampling_fraction %||% 0),
                                         model)
    sdc_warn(raw$warnings)
    raw$warnings <- NULL
    raw$estimates <- do.call(rbind, lapply(raw[c("zayatz", "pitman", "snb")], as.data.frame,
                                           stringsAsFactors = FALSE))
    rownames(raw$estimates) <- NULL
    raw$keys <- input$keys
    structure(raw, class = "sdc_population_result")
  })
}

#' @export
print.sdc_population_result <- function(x, ...) {
  cat(sprintf("sdc population uniqueness: keys %s (missing values: %s)\n", paste(x$keys, collapse = ", "),
              x$missing))
  cat(sprintf("sample: %d records, %d key combinations, %d sample uniques; population N = %.10g (sampling fraction %.4g)\n",
              as.integer(x$sample_size), as.integer(x$sample_classes), as.integer(x$sample_uniques),
              x$population_size, x$sampling_fraction))
  cat(sprintf("estimated population uniques (%s%s): %.6g (%.4f%% of N)%s\n", x$model,
              if (x$model != x$model_used) paste0(" -> ", x$model_used) else "", x$uniques, 100 * x$share,
              if (isTRUE(x$converged)) "" else ", not converged"))
  e <- x$estimates
  cat(sprintf("  %-7s %5s %14s %10s  %s\n", "model", "valid", "uniques", "share", "message"))
  cat(sprintf("  %-7s %5s %14.6g %9.4f%%  %s\n", e$model, ifelse(e$valid, "yes", "no"), e$uniques,
              100 * e$share, e$message), sep = "")
  if (length(x$notes)) cat(sprintf("note: %s\n", x$notes), sep = "")
  invisible(x)
}

#' @export
summary.sdc_population_result <- function(object, ...) {
  object$estimates
}
