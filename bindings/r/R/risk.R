# SPDX-License-Identifier: MIT
# Microdata re-identification risk: the R façade of src/risk.cpp.

#' Re-identification risk of key variables
#'
#' Scores the key (quasi-identifying) variables of microdata: key frequencies
#' `fk` (records sharing the key) and `Fk` (sum of their weights), k-anonymity
#' (records and key combinations below k), individual risk (Benedetti-Franconi),
#' expected re-identifications and global risk, prosecutor/journalist/marketer
#' attacker models, household risk, and optionally l-diversity of sensitive
#' variables.
#'
#' @param data a data frame of microdata, or an `sdcMicroObj` of package
#'   sdcMicro: then its key variables, weight and household id are used (when
#'   `keys`, `weights`, `household` are not given), and, unless `missing` is
#'   given, sdcMicro's missing-value semantics (`"wildcard"`) and its `alpha`.
#' @param keys names of the key variables. Factors are read in place; other
#'   columns go through [factor()] (numeric codes become categories).
#' @param weights name of the sampling weight variable, or `NULL` (`Fk = fk`).
#' @param household name of the household id variable, or `NULL`.
#' @param sensitive names of sensitive variables for l-diversity, or `NULL`.
#' @param missing how a missing key value matches: `"category"` (its own
#'   category), `"wildcard"` (matches any value, as sdcMicro's `freqCalc`) or
#'   `"never"` (matches nothing).
#' @param alpha wildcard only: weight in \[0, 1\] of contributions from keys with
#'   missing values (sdcMicro's `alpha`).
#' @param method individual risk formula: `"approximation"` (Benedetti-Franconi)
#'   or `"exact"`; `NULL` for the core's default.
#' @param sdcmicro_compatible reproduce sdcMicro's individual risk exactly,
#'   traps included; `NULL` for the core's default (`FALSE`).
#' @param k values of k for k-anonymity; `NULL` for the core's default.
#' @param risk_threshold attacker models: a record is at risk above this
#'   probability; `NULL` for the core's default.
#' @param max_global_risk if given, the mu-ARGUS global threshold of individual
#'   risks for this maximum global risk (0-1) is reported.
#' @param allow_constant_keys accept key variables with a single value;
#'   `NULL` for the core's default (`FALSE`: an error naming the column).
#' @param suda also compute SUDA2 scores of the keys (see [sdc_suda()]): adds
#'   `suda_score` and `dis_score` to `records` and the result as `suda`.
#' @param l l-diversity threshold of the summaries (with `sensitive`); `NULL`
#'   for the core's default.
#' @return an object of class `sdc_risk_result`: a list with `records` (a data
#'   frame, one row per record in input order: `fk`, `Fk`, `risk`, and
#'   `household_risk` and l-diversity columns when asked), `k_anonymity` (a data
#'   frame: `k`, `records`, `combinations` below k), `class_sizes`,
#'   `attacker_models` (a data frame), the scalars `n`, `n_combinations`,
#'   `sample_uniques`, `unique_combinations`, `expected_reidentifications`,
#'   `global_risk`, `max_individual_risk`, and `household`, `global_threshold`,
#'   `l_diversity` (see [sdc_l_diversity()]) when asked, and `warnings`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' risk <- sdc_risk(guide, c("Residence", "Gender", "Education", "Labor"),
#'                  weights = "W", sensitive = "Health")
#' risk
#' risk$records$fk
#' @export
sdc_risk <- function(data, keys, weights = NULL, household = NULL, sensitive = NULL,
                     missing = "category", alpha = 1, method = NULL, sdcmicro_compatible = NULL,
                     k = NULL, risk_threshold = NULL, max_global_risk = NULL,
                     allow_constant_keys = NULL, suda = FALSE, l = NULL) {
  call <- match.call()
  missing_given <- !base::missing(missing)
  alpha_given <- !base::missing(alpha)
  sdc_call({
    if (inherits(data, "sdcMicroObj")) {
      from <- sdcmicro_arguments(data)
      if (base::missing(keys) || is.null(keys)) keys <- from$keys
      if (is.null(weights)) weights <- from$weights
      if (is.null(household)) household <- from$household
      if (!missing_given) missing <- "wildcard"
      if (!alpha_given && !is.null(from$alpha)) alpha <- from$alpha
      data <- from$data
    }
    check_data(data)
    key_columns <- categories(data, keys, "key")
    weight <- optional_number(data, weights, "weights")
    household_id <- optional_category(data, household, "household")
    raw <- sdc_risk_cpp(key_columns, keys, weight, weights %||% "", household_id,
                        household %||% "", missing, as.numeric(alpha), method,
                        sdcmicro_compatible, allow_constant_keys,
                        if (is.null(k)) NULL else as.integer(k),
                        if (is.null(risk_threshold)) NULL else as.numeric(risk_threshold),
                        if (is.null(max_global_risk)) NULL else as.numeric(max_global_risk))
    records <- data.frame(fk = raw$fk, Fk = raw$Fk, risk = raw$risk)
    if (!is.null(raw$household)) records$household_risk <- raw$household$risk
    result <- list(
      keys = keys, weights = weights, household = household, missing = raw$missing,
      alpha = raw$alpha, method = raw$method, sdcmicro_compatible = raw$sdcmicro_compatible,
      type = "risk",
      n = length(raw$fk),
      n_combinations = raw$n_combinations,
      sample_uniques = raw$sample_uniques,
      unique_combinations = raw$unique_combinations,
      expected_reidentifications = raw$global$expected_reidentifications,
      global_risk = raw$global$global_risk,
      max_individual_risk = raw$global$max_individual_risk,
      k_anonymity = as.data.frame(raw$k_anonymity),
      class_sizes = as.data.frame(raw$class_sizes),
      attacker_models = as.data.frame(raw$attacker_models, stringsAsFactors = FALSE),
      risk_threshold = raw$risk_threshold,
      household_summary = if (is.null(raw$household)) NULL else raw$household[c("n_households", "expected_reidentifications", "global_risk")],
      global_threshold = raw$global_threshold,
      warnings = raw$warnings,
      records = records,
      call = call
    )
    if (!is.null(sensitive)) {
      # l-diversity needs a partition of the records: under the wildcard semantics the classes
      # are those of identical keys, NA as a category (as sdcMicro's ldiversity does).
      key_missing <- if (raw$missing == "wildcard") "category" else raw$missing
      ldiv <- l_diversity_raw(data, keys, key_columns, sensitive, key_missing, NULL, l, NULL)
      result$l_diversity <- ldiv
      result$records <- cbind(result$records, ldiv$records)
    }
    if (isTRUE(suda)) {
      result$suda <- sdc_suda(data, keys)
      result$records$suda_score <- result$suda$records$score
      result$records$dis_score <- result$suda$records$dis_score
    }
    structure(result, class = "sdc_risk_result")
  })
}

# The keys, weight and household id of an sdcMicroObj (package sdcMicro), read with S4 slots.
sdcmicro_arguments <- function(object) {
  slot <- function(name) methods::slot(object, name)
  data <- slot("origData")
  key_index <- slot("keyVars")
  manipulated <- slot("manipKeyVars")
  if (!is.null(manipulated) && length(manipulated) > 0L && nrow(manipulated) == nrow(data)) {
    # Risk is measured on the current (possibly anonymised) keys.
    data[, key_index] <- manipulated
  }
  name_of <- function(index) if (is.null(index) || length(index) == 0L) NULL else names(data)[index]
  options <- slot("options")
  list(data = data, keys = name_of(key_index), weights = name_of(slot("weightVar")),
       household = name_of(slot("hhId")), alpha = options$alpha)
}

l_diversity_raw <- function(data, keys, key_columns, sensitive, key_missing, recursive_c, l,
                            sdcmicro_compatible) {
  sensitive_columns <- categories(data, sensitive, "sensitive")
  raw <- sdc_l_diversity_cpp(key_columns, keys, sensitive_columns, sensitive, key_missing,
                             if (is.null(recursive_c)) NULL else as.numeric(recursive_c),
                             if (is.null(l)) NULL else as.numeric(l), sdcmicro_compatible)
  records <- data.frame(row.names = seq_along(key_columns[[1L]]))
  for (v in seq_along(raw$variables)) {
    name <- raw$variables[v]
    records[[paste0("l_distinct_", name)]] <- raw$distinct[[v]]
    records[[paste0("l_entropy_", name)]] <- raw$entropy[[v]]
    records[[paste0("l_recursive_", name)]] <- raw$recursive[[v]]
  }
  rownames(records) <- NULL
  list(sensitive = raw$variables, recursive_c = raw$recursive_c, l = raw$l,
       key_missing = raw$key_missing, sdcmicro_compatible = raw$sdcmicro_compatible,
       summary = as.data.frame(raw$summary, stringsAsFactors = FALSE), records = records)
}

#' l-diversity of sensitive variables
#'
#' Distinct, entropy and recursive (c,l) l-diversity of each sensitive variable
#' within the equivalence classes of the key variables. A missing sensitive
#' value is ignored (sdcMicro counts each as a new distinct value: set
#' `sdcmicro_compatible = TRUE` to reproduce that).
#'
#' @inheritParams sdc_risk
#' @param sensitive names of one or more sensitive variables.
#' @param missing missing key values: `"category"` or `"never"` (the core's
#'   `key_missing`); `NULL` for the core's default.
#' @param recursive_c c of recursive (c,l)-diversity; `NULL` for the core's
#'   default.
#' @param l threshold of the summaries (classes and records below l); `NULL`
#'   for the core's default.
#' @param sdcmicro_compatible count missing sensitive values as sdcMicro does.
#' @return an object of class `sdc_l_diversity_result`: a list with `records`
#'   (a data frame, per record: `l_distinct_<var>`, `l_entropy_<var>`,
#'   `l_recursive_<var>`) and `summary` (a data frame: `variable` (or `"(all)"`
#'   for the minimum over variables), `measure`, `minimum`, `classes_below`,
#'   `records_below`).
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' sdc_l_diversity(guide, c("Residence", "Gender", "Education", "Labor"), "Health")
#' @export
sdc_l_diversity <- function(data, keys, sensitive, recursive_c = NULL, l = NULL, missing = NULL,
                            sdcmicro_compatible = NULL) {
  sdc_call({
    check_data(data)
    key_columns <- categories(data, keys, "key")
    result <- l_diversity_raw(data, keys, key_columns, sensitive, missing, recursive_c, l,
                              sdcmicro_compatible)
    result$keys <- keys
    result$type <- "l_diversity"
    structure(result, class = "sdc_l_diversity_result")
  })
}

#' t-closeness of a sensitive variable
#'
#' The Earth Mover's Distance between the distribution of a sensitive variable
#' within each equivalence class of the keys and its overall distribution.
#'
#' @inheritParams sdc_l_diversity
#' @param sensitive name of one sensitive variable: a factor (ordered by its
#'   levels) or a numeric column (ordered numerically); other columns go
#'   through [factor()].
#' @param distance ground distance: `"ordered"` or `"equal"` (nominal); `NULL`
#'   for the core's default.
#' @return an object of class `sdc_t_closeness_result`: a list with `distance`
#'   (per record), `max_distance` (the t of the data), `n_values`, `n_classes`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' sdc_t_closeness(guide, c("Residence", "Gender"), "Health", distance = "equal")
#' @export
sdc_t_closeness <- function(data, keys, sensitive, distance = NULL, missing = NULL) {
  sdc_call({
    check_data(data)
    key_columns <- categories(data, keys, "key")
    check_single(sensitive, "sensitive")
    check_names(data, sensitive, "sensitive")
    column <- data[[sensitive]]
    column <- if (is.numeric(column) && !is.factor(column)) as_number(column, sensitive) else as_category(column)
    raw <- sdc_t_closeness_cpp(key_columns, keys, column, sensitive, distance, missing)
    raw$keys <- keys
    raw$type <- "t_closeness"
    structure(raw, class = "sdc_t_closeness_result")
  })
}

#' SUDA2: special uniques and DIS-SUDA scores
#'
#' Finds the minimal sample uniques (MSUs) of every record on the key
#' variables, and gives each record a SUDA score (sum of its MSUs' weights) and
#' a DIS-SUDA score; reports each variable's contribution to the total score.
#' Missing values never form part of an MSU.
#'
#' @inheritParams sdc_risk
#' @param max_msu_size largest MSU size searched for; `NULL` for no limit (the
#'   core's default, as sdcMicro).
#' @param weighting `"elliot"` (`(M-k)!`, sdcMicro's default) or `"ihsn"`;
#'   `NULL` for the core's default.
#' @param dis_fraction DIS-SUDA sampling fraction (sdcMicro's `DisFraction`);
#'   `NULL` for the core's default.
#' @param sdcmicro_compatible reproduce sdcMicro's deviations; `NULL` for the
#'   core's default.
#' @return an object of class `sdc_suda_result`: a list with `records` (a data
#'   frame: `score`, `dis_score`, `msu_count` (number of MSUs of the record)),
#'   `msu_count` (a matrix, records x MSU size), `record_contribution` (a
#'   matrix, records x variables), `attribute_contribution` (a data frame:
#'   `variable`, `contribution` in \[0, 1\]), `total_score`, `n_msus`,
#'   `records_in_pairs`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' sdc_suda(guide, c("Residence", "Gender", "Education", "Labor"))$records$score
#' @export
sdc_suda <- function(data, keys, max_msu_size = NULL, weighting = NULL, dis_fraction = NULL,
                     sdcmicro_compatible = NULL) {
  sdc_call({
    check_data(data)
    key_columns <- categories(data, keys, "key")
    raw <- sdc_suda_cpp(key_columns, keys,
                        if (is.null(max_msu_size) || is.infinite(max_msu_size)) NULL else as.numeric(max_msu_size),
                        weighting, if (is.null(dis_fraction)) NULL else as.numeric(dis_fraction),
                        sdcmicro_compatible)
    colnames(raw$record_contribution) <- raw$variables
    if (ncol(raw$msu_count) > 0L) colnames(raw$msu_count) <- paste0("size_", seq_len(ncol(raw$msu_count)))
    structure(
      list(keys = keys, type = "suda",
           records = data.frame(score = raw$score, dis_score = raw$dis_score,
                                msu_count = rowSums(raw$msu_count)),
           msu_count = raw$msu_count, record_contribution = raw$record_contribution,
           attribute_contribution = data.frame(variable = raw$variables,
                                               contribution = raw$attribute_contribution,
                                               stringsAsFactors = FALSE),
           total_score = raw$total_score, n_msus = raw$n_msus,
           records_in_pairs = raw$records_in_pairs, max_msu_size = raw$max_msu_size,
           weighting = raw$weighting, dis_fraction = raw$dis_fraction,
           sdcmicro_compatible = raw$sdcmicro_compatible),
      class = "sdc_suda_result"
    )
  })
}

#' Defaults of the options, as the core defines them
#'
#' The functions' `NULL` arguments take these values. They come from the C++
#' core's `defaults()` of each options struct, so R, Python and the command line
#' agree. The top-level entries are those of the risk functions (sdc_risk(),
#' sdc_l_diversity(), sdc_t_closeness(), sdc_suda()); the newer functions
#' have one list each, with the keys of the Python package's `*_defaults()`:
#' `key_frequencies`, `k_anonymity`, `population_uniqueness`,
#' `trajectory_unicity`, `lattice_search`, `local_suppression` and `protect`
#' (sdc_protect(): Gauss and optimal suppression and the interval check; its
#' `method` is the first of the argument's choices, as the core has no
#' options struct for it).
#'
#' @return a named list.
#' @examples
#' sdc_defaults()$k
#' sdc_defaults()$trajectory_unicity$points
#' @export
sdc_defaults <- function() {
  defaults <- sdc_risk_defaults_cpp()
  out <- c(defaults[names(defaults) != "by_function"], defaults$by_function)
  choices <- formals(sdc_protect)
  out$protect <- c(out$protect, list(method = eval(choices$method)[[1L]]))
  out
}

# ---- printing ----------------------------------------------------------------------------

percent <- function(share) sprintf("%.2f%%", 100 * share)

#' @export
print.sdc_risk_result <- function(x, ...) {
  cat(sprintf("sdc risk: %d records, keys %s (missing values: %s%s)\n", as.integer(x$n),
              paste(x$keys, collapse = ", "), x$missing,
              if (x$missing == "wildcard") paste0(", alpha ", x$alpha) else ""))
  cat(sprintf("weights: %s\n", x$weights %||% "none (Fk = fk)"))
  cat(sprintf("key combinations: %d\n", as.integer(x$n_combinations)))
  cat("k-anonymity:\n")
  kanon <- x$k_anonymity
  cat(sprintf("  %4s  %22s  %22s\n", "k", "records with fk < k", "combinations fk < k"))
  cat(sprintf("  %4d  %12d (%7s)  %22d\n", as.integer(kanon$k), as.integer(kanon$records),
              percent(kanon$records / x$n), as.integer(kanon$combinations)), sep = "")
  cat(sprintf("sample uniques: %d records (%s) in %d combinations\n", as.integer(x$sample_uniques),
              percent(x$sample_uniques / x$n), as.integer(x$unique_combinations)))
  cat(sprintf("individual risk (%s%s): expected re-identifications %.6g, global risk %s, max individual risk %.6g\n",
              x$method, if (isTRUE(x$sdcmicro_compatible)) ", sdcMicro-compatible" else "",
              x$expected_reidentifications, percent(x$global_risk), x$max_individual_risk))
  am <- x$attacker_models
  cat(sprintf("attacker models (threshold %g): prosecutor %s at risk, success %s; journalist %s at risk, success %s; marketer success %s\n",
              x$risk_threshold, percent(am$records_at_risk[1]), percent(am$success_rate[1]),
              percent(am$records_at_risk[2]), percent(am$success_rate[2]), percent(am$success_rate[3])))
  if (!is.null(x$household_summary)) {
    h <- x$household_summary
    cat(sprintf("household risk (%s, %d households): expected re-identifications %.6g, global risk %s\n",
                x$household, as.integer(h$n_households), h$expected_reidentifications,
                percent(h$global_risk)))
  }
  if (!is.null(x$global_threshold)) {
    g <- x$global_threshold
    cat(if (isTRUE(g$attainable)) {
      sprintf("global threshold for a global risk of %s: %.6g (%d records above)\n",
              percent(g$max_global_risk), g$threshold, as.integer(g$records_above))
    } else {
      sprintf("global threshold for a global risk of %s: not attainable\n", percent(g$max_global_risk))
    })
  }
  if (!is.null(x$l_diversity)) print_l_summary(x$l_diversity)
  if (!is.null(x$suda)) {
    cat(sprintf("SUDA2: %d minimal sample uniques, total score %.6g\n", as.integer(x$suda$n_msus), x$suda$total_score))
  }
  for (w in x$warnings) cat("warning:", w, "\n")
  invisible(x)
}

print_l_summary <- function(l) {
  s <- l$summary
  cat(sprintf("l-diversity (threshold l = %g, recursive c = %g):\n", l$l, l$recursive_c))
  cat(sprintf("  %-16s %-10s minimum %8.4g, %d classes (%d records) below l\n", s$variable,
              s$measure, s$minimum, as.integer(s$classes_below), as.integer(s$records_below)), sep = "")
}

#' @export
summary.sdc_risk_result <- function(object, ...) {
  structure(
    list(n = object$n, keys = object$keys, missing = object$missing,
         n_combinations = object$n_combinations, sample_uniques = object$sample_uniques,
         k_anonymity = object$k_anonymity,
         expected_reidentifications = object$expected_reidentifications,
         global_risk = object$global_risk, max_individual_risk = object$max_individual_risk,
         risk_quantiles = stats::quantile(object$records$risk, c(0, 0.5, 0.9, 0.99, 1)),
         attacker_models = object$attacker_models,
         household_summary = object$household_summary),
    class = "summary.sdc_risk_result"
  )
}

#' @export
print.summary.sdc_risk_result <- function(x, ...) {
  cat(sprintf("sdc risk summary: %d records, %d key combinations, %d sample uniques; keys %s (missing: %s)\n",
              as.integer(x$n), as.integer(x$n_combinations), as.integer(x$sample_uniques),
              paste(x$keys, collapse = ", "), x$missing))
  cat(sprintf("expected re-identifications %.6g, global risk %s, max individual risk %.6g\n",
              x$expected_reidentifications, percent(x$global_risk), x$max_individual_risk))
  cat("k-anonymity (records and combinations with fk < k):\n")
  print(x$k_anonymity, row.names = FALSE)
  cat("individual risk quantiles:\n")
  print(x$risk_quantiles)
  cat("attacker models:\n")
  print(x$attacker_models, row.names = FALSE)
  invisible(x)
}

#' @export
print.sdc_l_diversity_result <- function(x, ...) {
  cat(sprintf("sdc l-diversity: sensitive %s within keys %s (missing keys: %s)\n",
              paste(x$sensitive, collapse = ", "), paste(x$keys, collapse = ", "), x$key_missing))
  print_l_summary(x)
  invisible(x)
}

#' @export
summary.sdc_l_diversity_result <- function(object, ...) {
  object$summary
}

#' @export
print.sdc_t_closeness_result <- function(x, ...) {
  cat(sprintf("sdc t-closeness: %s within keys %s (%s distance, %d values, %d classes)\n",
              x$variable, paste(x$keys, collapse = ", "), x$ground_distance,
              as.integer(x$n_values), as.integer(x$n_classes)))
  cat(sprintf("t (largest class distance): %.6g\n", x$max_distance))
  invisible(x)
}

#' @export
summary.sdc_t_closeness_result <- function(object, ...) {
  stats::quantile(object$distance, c(0, 0.5, 0.9, 1), na.rm = TRUE)
}

#' @export
print.sdc_suda_result <- function(x, ...) {
  cat(sprintf("sdc SUDA2: %d records, keys %s (%s weights, max MSU size %d)\n",
              nrow(x$records), paste(x$keys, collapse = ", "), x$weighting, as.integer(x$max_msu_size)))
  cat(sprintf("%d minimal sample uniques, total score %.6g, records with a positive score %d, max DIS-SUDA %.6g\n",
              as.integer(x$n_msus), x$total_score, sum(x$records$score > 0),
              if (nrow(x$records)) max(x$records$dis_score) else 0))
  cat("attribute contributions:\n")
  contribution <- x$attribute_contribution
  cat(sprintf("  %-20s %6.2f%%\n", contribution$variable, 100 * contribution$contribution), sep = "")
  invisible(x)
}

#' @export
summary.sdc_suda_result <- function(object, ...) {
  summary(object$records)
}
