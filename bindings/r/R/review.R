# SPDX-License-Identifier: MIT
# Review of a variable request: the R façade of src/review.cpp. The dictionary and the request
# come as files (read by the core's readers, as `sdc review`) or as data frames; either way they
# are normalised here to the lists the compiled code takes.

#' Review a variable request
#'
#' Reviews a researcher's request for variables of a data dictionary against
#' a re-identification target, as `sdc review` does on the command line: the
#' risk of the request as asked, what each requested key variable adds (risk
#' with and without it, SUDA2 contributions), the least-loss generalisations
#' meeting the target (a lattice search over the hierarchies), the local
#' suppressions still needed, a proportionality score with its reasons, and a
#' verdict (`"pass"`, `"review"` or `"fail"`). Formats and definitions:
#' `docs/review.md`.
#'
#' Only variables of role `key` are quasi-identifiers. A key variable without a
#' hierarchy gets the two levels `"original"` and `"*"` (dropped).
#'
#' @param data a data frame of microdata with (at least) the requested
#'   variables. Categorical columns are used through their factor levels (other
#'   columns go through [factor()]); the values must match the hierarchies'
#'   original values as text, so read files with `colClasses = "character"`
#'   when codes have leading zeros.
#' @param dictionary the data dictionary: the path of a dictionary CSV (columns
#'   `variable`, `role`, optionally `description`, `hierarchy` (a hierarchy
#'   file relative to the dictionary's folder), `levels` (level names separated
#'   by `|`), `hierarchy_delimiter`), or a data frame with the columns
#'   `variable` and `role` (`"identifier"`, `"key"`, `"sensitive"` or
#'   `"other"`) and optionally `description` and `levels`; its hierarchies are
#'   given by `hierarchies`.
#' @param request the request: the path of a request CSV (columns `variable`,
#'   `justification`, optionally `level`: a level number, 0 for the original
#'   values, a level name or `"*"`), or a data frame with the same columns.
#' @param target the re-identification target, a list with any of `k`
#'   (k-anonymity), `max_individual_risk`, `max_expected_reidentifications`
#'   and `max_suppressed_share` (the share of records that may be suppressed);
#'   fields not given take the core's defaults (no constraint, no suppression).
#'   A single number is `k`. `NULL`: the core's default, 5-anonymity.
#' @param hierarchies generalisation hierarchies by variable: a named list
#'   whose elements are hierarchy file paths (ARX format: one row per original
#'   value, `;`-separated, coarser levels to the right) or data frames (first
#'   column the original values, each further column a coarser level). They
#'   add to (or replace) the dictionary's hierarchies. Level names come from
#'   the dictionary's `levels`.
#' @param weights name of a sampling weight variable of `data`, or `NULL`.
#' @param missing how missing key values match: `"category"` (their own
#'   category), `"wildcard"` (anything) or `"never"` (nothing).
#' @param alpha weight of the contributions of missing values under
#'   `missing = "wildcard"`.
#' @param report_k the k values of the risk profile.
#' @param suda2 compute the SUDA2 contribution of each key variable.
#' @param max_generalisations minimal generalisations listed, best first.
#' @param min_justification_length justifications shorter than this (in
#'   characters) count as missing.
#' @param max_nodes the largest generalisation lattice searched.
#' @details Options left `NULL` take the core's defaults
#'   (`review_options::defaults()`, listed by `sdc:::sdc_review_defaults_cpp()`):
#'   5-anonymity, missing values as a category, `alpha = 1`, `report_k = c(2,
#'   3, 5, 10)`, SUDA2 on, 10 generalisations, justifications of at least 20
#'   characters, lattices of up to 2^24 nodes.
#' @return an object of class `sdc_review_result`, a list with `verdict`,
#'   `n_records`, `target`, `requested` (a data frame: `variable`, `role`,
#'   `description`, `level`, `level_name`, `n_levels`, `justification`,
#'   `justified`), `key_variables`, `identifiers`, `sensitive`, `other`,
#'   `unjustified`, `as_requested` (the risk profile: `n_combinations`,
#'   `k_anonymity` (a data frame: `k`, `records`, `combinations` below k),
#'   `sample_uniques`, `expected_reidentifications`, `global_risk`,
#'   `max_individual_risk`, `records_at_risk`, `meets_target`, ...),
#'   `contributions` (a data frame, one row per key variable), `lattice`,
#'   `generalisations` (a data frame, best first, one column per key variable
#'   with its level), `local_suppression`, `proportionality` (`score`, `band`,
#'   penalties, `reasons`), `findings` and `warnings`. [sdc_to_json()] gives
#'   the JSON of `sdc review --json`.
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' dictionary <- data.frame(variable = c("Residence", "Gender", "Education", "Health"),
#'                          role = c("key", "key", "key", "sensitive"))
#' request <- data.frame(variable = c("Residence", "Gender", "Education", "Health"),
#'                       justification = "Needed for the regression of health on education.")
#' review <- sdc_review(guide, dictionary, request, target = list(k = 2))
#' review
#' summary(review)
#' @export
sdc_review <- function(data, dictionary, request, target = NULL, hierarchies = NULL, weights = NULL,
                       missing = NULL, alpha = NULL, report_k = NULL, suda2 = NULL,
                       max_generalisations = NULL, min_justification_length = NULL, max_nodes = NULL) {
  call <- match.call()
  data_name <- paste(deparse(substitute(data)), collapse = " ")
  sdc_call({
    check_data(data)
    dict <- review_dictionary(dictionary, hierarchies)
    req <- review_request_list(request)
    target <- review_target(target)
    settings <- Filter(Negate(is.null), list(
      missing = missing, alpha = if (!is.null(alpha)) as.double(alpha),
      report_k = if (!is.null(report_k)) as.integer(report_k), suda2 = suda2,
      max_generalisations = if (!is.null(max_generalisations)) as.double(max_generalisations),
      min_justification_length = if (!is.null(min_justification_length)) as.double(min_justification_length),
      max_nodes = if (!is.null(max_nodes)) as.double(max_nodes)))
    present <- intersect(unique(req$variable), names(data))
    columns <- lapply(present, function(name) as_category(data[[name]]))
    weight <- optional_number(data, weights, "weights")
    raw <- sdc_review_cpp(dict, req, columns, present, weight, weights %||% "", target, settings)
    new_review_result(raw, dict, req, weights, data_name, call)
  })
}

review_dictionary <- function(dictionary, hierarchies, call = sys.call(-1L)) {
  if (is.character(dictionary) && length(dictionary) == 1L) {
    dict <- sdc_read_dictionary_cpp(path.expand(dictionary))
  } else if (is.data.frame(dictionary) || is.list(dictionary)) {
    dictionary <- as.data.frame(dictionary, stringsAsFactors = FALSE)
    for (column in c("variable", "role")) {
      if (is.null(dictionary[[column]])) {
        sdc_abort("unknown_column", sprintf("the dictionary has no column '%s'", column), call = call)
      }
    }
    text <- function(column) {
      x <- dictionary[[column]]
      if (is.null(x)) return(rep("", nrow(dictionary)))
      x <- as.character(x)
      x[is.na(x)] <- ""
      x
    }
    variable <- text("variable")
    if (any(variable == "")) sdc_abort("invalid_argument", "the dictionary has an empty variable name", call = call)
    if (anyDuplicated(variable)) {
      sdc_abort("invalid_argument", sprintf("variable '%s' is listed twice in the dictionary",
                                            variable[anyDuplicated(variable)]), call = call)
    }
    dict <- list(variable = variable, description = text("description"), role = text("role"),
                 hierarchies = vector("list", length(variable)))
    # Level names of hierarchies given in `hierarchies`, in the file format's `levels` column.
    attr(dict, "levels") <- text("levels")
  } else {
    sdc_abort("type_mismatch", "dictionary must be a file path or a data frame", call = call)
  }
  if (is.null(hierarchies)) return(dict)
  if (!is.list(hierarchies) || is.null(names(hierarchies)) || any(names(hierarchies) == "")) {
    sdc_abort("invalid_argument", "hierarchies must be a named list (variable = file path or data frame)", call = call)
  }
  level_names <- attr(dict, "levels") %||% rep("", length(dict$variable))
  for (variable in names(hierarchies)) {
    i <- match(variable, dict$variable)
    if (is.na(i)) {
      sdc_abort("unknown_column", sprintf("hierarchy given for '%s', which is not in the dictionary", variable),
                call = call)
    }
    h <- hierarchies[[variable]]
    names_of_levels <- if (nzchar(level_names[i])) strsplit(level_names[i], "|", fixed = TRUE)[[1L]]
                       else dict$hierarchies[[i]]$level_names %||% character()
    hierarchy <- read_hierarchy(h, variable, column_names = FALSE, call = call)
    if (length(names_of_levels) > 0L) hierarchy$level_names <- names_of_levels
    hierarchy$level_names <- hierarchy$level_names %||% character()
    dict$hierarchies[i] <- list(sdc_validate_hierarchy_cpp(hierarchy, variable))
  }
  dict
}

review_request_list <- function(request, call = sys.call(-1L)) {
  if (is.character(request) && length(request) == 1L) {
    return(sdc_read_request_cpp(path.expand(request)))
  }
  if (!is.data.frame(request) && !is.list(request)) {
    sdc_abort("type_mismatch", "request must be a file path or a data frame", call = call)
  }
  request <- as.data.frame(request, stringsAsFactors = FALSE)
  for (column in c("variable", "justification")) {
    if (is.null(request[[column]])) {
      sdc_abort("unknown_column", sprintf("the request has no column '%s'", column), call = call)
    }
  }
  text <- function(x, empty) {
    x <- as.character(x)
    x[is.na(x) | x == ""] <- empty
    x
  }
  variable <- text(request$variable, "")
  if (any(variable == "")) sdc_abort("invalid_argument", "the request has an empty variable name", call = call)
  # As the request file: an empty level is the original values.
  level <- if (is.null(request$level)) rep("0", length(variable)) else text(request$level, "0")
  list(variable = variable, level = level, justification = text(request$justification, ""))
}

review_target <- function(target, call = sys.call(-1L)) {
  if (is.null(target)) return(NULL)
  if (is.numeric(target) && length(target) == 1L) target <- list(k = target)
  if (!is.list(target) || (length(target) > 0L && is.null(names(target)))) {
    sdc_abort("invalid_argument", "target must be a named list, e.g. list(k = 5, max_suppressed_share = 0.01)",
              call = call)
  }
  # Field names and values are checked by the core (sdc::set_target_field), as for Python.
  for (name in names(target)) {
    value <- target[[name]]
    if (!is.numeric(value) || length(value) != 1L || is.na(value)) {
      sdc_abort("invalid_argument", sprintf("target field %s must be one number", name), call = call)
    }
  }
  target
}

new_review_result <- function(raw, dict, req, weights, data_name, call) {
  keys <- raw$key_variables
  entry <- match(req$variable, dict$variable)
  key <- match(req$variable, keys)
  requested <- data.frame(
    variable = req$variable,
    role = dict$role[entry],
    description = dict$description[entry],
    level = req$level,
    level_name = ifelse(is.na(key), NA_character_, raw$requested_level_names[key]),
    n_levels = ifelse(is.na(key), NA_real_, raw$n_levels[key]),
    justification = req$justification,
    justified = !(req$variable %in% raw$unjustified),
    stringsAsFactors = FALSE
  )
  requested$level[!is.na(key)] <- as.character(raw$requested_levels[key[!is.na(key)]])
  profile <- raw$as_requested
  profile$k_anonymity <- data.frame(profile$k_anonymity)
  contributions <- data.frame(raw$contributions, stringsAsFactors = FALSE)
  gens <- raw$generalisations
  levels <- matrix(vapply(gens, function(g) g$levels, numeric(length(keys))), ncol = length(keys), byrow = TRUE,
                   dimnames = list(NULL, keys))
  level_names <- matrix(vapply(gens, function(g) g$level_names, character(length(keys))), ncol = length(keys),
                        byrow = TRUE, dimnames = list(NULL, keys))
  generalisations <- data.frame(levels, check.names = FALSE)
  for (field in c("records_suppressed", "classes", "precision_loss", "discernibility",
                  "expected_reidentifications", "max_individual_risk")) {
    generalisations[[field]] <- vapply(gens, function(g) g[[field]], numeric(1))
  }
  generalisations$changes <- vapply(gens, function(g) paste(g$changes, collapse = "; "), character(1))
  generalisations$summary <- vapply(gens, function(g) g$summary, character(1))
  plan <- function(p) {
    if (length(p) == 0L) return(NULL)
    p$levels <- stats::setNames(p$levels, keys)
    p$per_variable <- stats::setNames(p$per_variable, keys)
    p
  }
  structure(
    list(
      verdict = raw$verdict,
      data = data_name,
      n_records = raw$n_records,
      weights = weights,
      missing = raw$missing,
      target = raw$target,
      requested = requested,
      key_variables = keys,
      identifiers = raw$identifiers,
      sensitive = raw$sensitive,
      other = raw$other,
      unjustified = raw$unjustified,
      as_requested = profile,
      contributions = contributions,
      lattice = raw$lattice,
      generalisations = generalisations,
      generalisation_changes = lapply(gens, function(g) g$changes),
      generalisation_level_names = level_names,
      local_suppression = list(as_requested = plan(raw$local_suppression$as_requested),
                               at_best = plan(raw$local_suppression$at_best)),
      proportionality = raw$proportionality,
      findings = raw$findings,
      warnings = raw$warnings,
      call = call
    ),
    class = "sdc_review_result"
  )
}

#' JSON of a result, as the command line writes it
#'
#' `sdc_to_json()` gives the JSON document of a result in the layout of the
#' command line's `--json` output: for an [sdc_review()] result, that of
#' `sdc review --json` (field for field; `data` is the name of the data
#' argument instead of a file path, `where` is empty); for [sdc_protect()] and
#' [sdc_audit()] results, those of `sdc protect --json` and `sdc audit --json`
#' (suppressed cells' values and contributor counts are left out, as there),
#' with `--hierarchy`/`--project` for cell systems (`hierarchies` or `tables`).
#'
#' @param x a result.
#' @param path a file to write the JSON to, or `NULL`.
#' @param ... unused.
#' @return the JSON text (invisibly when written to `path`).
#' @examples
#' guide <- read.csv(system.file("extdata", "practice_guide.csv", package = "sdc"),
#'                   stringsAsFactors = TRUE)
#' review <- sdc_review(guide, data.frame(variable = c("Gender", "Labor"), role = "key"),
#'                      data.frame(variable = c("Gender", "Labor"), justification = ""),
#'                      target = list(k = 2))
#' cat(sdc_to_json(review))
#' @export
sdc_to_json <- function(x, path = NULL, ...) {
  UseMethod("sdc_to_json")
}

#' @rdname sdc_to_json
#' @export
sdc_to_json.sdc_review_result <- function(x, path = NULL, ...) {
  text <- to_json(sorted_keys(review_document(x)))
  if (is.null(path)) return(text)
  writeLines(enc2utf8(text), path, useBytes = TRUE)
  invisible(text)
}

# Object keys in byte order at every level, as `sdc review` writes them (nlohmann::json).
sorted_keys <- function(x) {
  if (!is.list(x) || inherits(x, "AsIs")) return(x)
  if (!is.null(names(x))) x <- x[order(names(x), method = "radix")]
  out <- lapply(x, sorted_keys)
  # lapply() drops NULL elements' place only when assigning; keep them as they were.
  out[vapply(x, is.null, logical(1))] <- list(NULL)
  out
}

# The document of `sdc review --json` (src/cli/review_command.cpp), field for field.
review_document <- function(x) {
  keys <- x$key_variables
  requested <- lapply(seq_len(nrow(x$requested)), function(i) {
    r <- x$requested[i, ]
    row <- list(variable = r$variable, role = r$role, description = r$description, level = r$level,
                justification = r$justification, justified = r$justified)
    if (!is.na(r$level_name)) {
      row$level <- as.numeric(r$level)
      row$level_name <- r$level_name
      row$n_levels <- r$n_levels
    }
    row
  })
  p <- x$as_requested
  k_levels <- stats::setNames(lapply(seq_len(nrow(p$k_anonymity)), function(i) {
    list(records = p$k_anonymity$records[i], combinations = p$k_anonymity$combinations[i])
  }), as.character(p$k_anonymity$k))
  if (length(k_levels) == 0L) k_levels <- structure(list(), names = character())
  contributions <- lapply(seq_len(nrow(x$contributions)), function(i) {
    c <- x$contributions[i, ]
    list(variable = c$variable, level = c$level, level_name = c$level_name,
         records_at_risk_with = c$records_at_risk_with, records_at_risk_without = c$records_at_risk_without,
         sample_uniques_with = c$sample_uniques_with, sample_uniques_without = c$sample_uniques_without,
         expected_reidentifications_with = c$expected_reidentifications_with,
         expected_reidentifications_without = c$expected_reidentifications_without,
         suda2_contribution = if (is.na(c$suda2_contribution)) NULL else c$suda2_contribution,
         summary = c$summary)
  })
  g <- x$generalisations
  generalisations <- lapply(seq_len(nrow(g)), function(i) {
    list(levels = as.list(stats::setNames(unlist(g[i, keys]), keys)),
         level_names = as.list(x$generalisation_level_names[i, ]),
         records_suppressed = g$records_suppressed[i], classes = g$classes[i],
         precision_loss = g$precision_loss[i], discernibility = g$discernibility[i],
         expected_reidentifications = g$expected_reidentifications[i],
         max_individual_risk = g$max_individual_risk[i], changes = I(x$generalisation_changes[[i]]),
         summary = g$summary[i])
  })
  plan <- function(p) {
    if (is.null(p)) return(NULL)
    list(k = p$k, levels = as.list(p$levels), records_below_k = p$records_below_k,
         total_suppressions = p$total_suppressions, records_affected = p$records_affected,
         per_variable = as.list(p$per_variable), summary = p$summary)
  }
  score <- x$proportionality
  list(
    data = x$data,
    n_records = x$n_records,
    where = I(character()),
    weights = x$weights,
    missing = x$missing,
    target = list(k = x$target$k, max_individual_risk = x$target$max_individual_risk,
                  max_expected_reidentifications = x$target$max_expected_reidentifications,
                  max_suppressed_share = x$target$max_suppressed_share, description = x$target$description),
    requested = requested,
    key_variables = I(keys),
    identifiers = I(x$identifiers),
    sensitive = I(x$sensitive),
    other = I(x$other),
    unjustified = I(x$unjustified),
    as_requested = list(n_records = p$n_records, n_combinations = p$n_combinations, k_anonymity = k_levels,
                        sample_uniques = p$sample_uniques, unique_combinations = p$unique_combinations,
                        expected_reidentifications = p$expected_reidentifications, global_risk = p$global_risk,
                        max_individual_risk = p$max_individual_risk, records_at_risk = p$records_at_risk,
                        meets_target = p$meets_target),
    contributions = contributions,
    lattice = x$lattice,
    generalisations = generalisations,
    local_suppression = list(as_requested = plan(x$local_suppression$as_requested),
                             at_best = plan(x$local_suppression$at_best)),
    proportionality = list(score = score$score, band = score$band, risk_penalty = score$risk_penalty,
                           identifier_penalty = score$identifier_penalty,
                           justification_penalty = score$justification_penalty,
                           detail_removed = score$detail_removed, reasons = I(score$reasons),
                           summary = score$summary),
    verdict = x$verdict,
    findings = I(x$findings),
    warnings = I(x$warnings)
  )
}

# ---- printing ----------------------------------------------------------------------------

shorten <- function(text, width) {
  ifelse(nchar(text) <= width, text, paste0(substr(text, 1L, width - 3L), "..."))
}

er_text <- function(x) ifelse(x >= 100, sprintf("%.0f", x), sprintf("%.3g", x))

percent_text <- function(part, whole) if (whole > 0) sprintf("%.1f%%", 100 * part / whole) else "0%"

#' @export
print.sdc_review_result <- function(x, ...) {
  n <- x$n_records
  cat(sprintf("sdc review: %s requested of %s (%d records)\n",
              if (nrow(x$requested) == 1L) "1 variable" else sprintf("%d variables", nrow(x$requested)),
              x$data, as.integer(n)))
  cat(sprintf("target: %s; missing values: %s; weights: %s\n\n", x$target$description, x$missing,
              x$weights %||% "none"))
  cat("Request\n")
  r <- x$requested
  level <- ifelse(!is.na(r$level_name) & r$level_name != paste("level", r$level),
                  paste0(r$level, " (", r$level_name, ")"), r$level)
  justification <- ifelse(r$justified, r$justification, paste("[missing or too short]", r$justification))
  cat(sprintf("  %-22s %-11s %-24s %s\n", "variable", "role", "level", "justification"))
  cat(sprintf("  %-22s %-11s %-24s %s\n", shorten(r$variable, 22), r$role, shorten(level, 24),
              shorten(justification, 60)), sep = "")
  if (length(x$key_variables) > 0L) {
    p <- x$as_requested
    cat("\nRisk as requested\n")
    cat(sprintf("  %d key combinations; %d sample uniques (%s)\n", as.integer(p$n_combinations),
                as.integer(p$sample_uniques), percent_text(p$sample_uniques, n)))
    cat(sprintf("  %4s  %22s  %14s\n", "k", "records with fk < k", "combinations"))
    k <- p$k_anonymity
    cat(sprintf("  %4d  %13d (%6s)  %14d\n", as.integer(k$k), as.integer(k$records),
                vapply(k$records, percent_text, character(1), whole = n), as.integer(k$combinations)), sep = "")
    cat(sprintf("  expected re-identifications %s, global risk %s, max individual risk %s\n",
                er_text(p$expected_reidentifications), percent_text(p$expected_reidentifications, n),
                sprintf("%.4g", p$max_individual_risk)))
    cat(sprintf("  %d records at risk for the target: %s\n", as.integer(p$records_at_risk),
                if (p$meets_target) "meets the target" else "does not meet the target"))
    cat("\nWhat each key variable adds (figures without it)\n")
    cat(sprintf("  %-22s %16s %16s %16s %8s\n", "variable", "at risk", "sample uniques", "exp. re-ident.", "SUDA2"))
    c <- x$contributions
    cat(sprintf("  %-22s %16s %16s %16s %8s\n", shorten(c$variable, 22),
                paste(c$records_at_risk_with, "->", c$records_at_risk_without),
                paste(c$sample_uniques_with, "->", c$sample_uniques_without),
                paste(er_text(c$expected_reidentifications_with), "->", er_text(c$expected_reidentifications_without)),
                ifelse(is.na(c$suda2_contribution), "-", sprintf("%.1f%%", 100 * c$suda2_contribution))), sep = "")
    cat(sprintf("\nMinimal generalisations meeting the target (%d found; %d nodes, %d evaluated), best first\n",
                as.integer(x$lattice$minimal), as.integer(x$lattice$nodes), as.integer(x$lattice$evaluated)))
    if (nrow(x$generalisations) == 0L) {
      cat("  none: the target cannot be met by generalising the requested keys\n")
    } else {
      cat(sprintf("  %2d. %s\n", seq_len(nrow(x$generalisations)), x$generalisations$summary), sep = "")
    }
    plans <- Filter(Negate(is.null), x$local_suppression)
    if (length(plans) > 0L) {
      cat("\nLocal suppression (missing values as wildcards)\n")
      for (plan in plans) cat("  ", plan$summary, "\n", sep = "")
    }
  }
  score <- x$proportionality
  cat(sprintf("\nProportionality: %s/100 (%s)\n", format(score$score), score$band))
  cat(sprintf("  - %s\n", score$reasons), sep = "")
  cat("\nFindings\n")
  cat(sprintf("  - %s\n", x$findings), sep = "")
  if (length(x$warnings) > 0L) cat(sprintf("warning: %s\n", x$warnings), sep = "")
  cat(sprintf("\nVerdict: %s\n", x$verdict))
  invisible(x)
}

#' @export
summary.sdc_review_result <- function(object, ...) {
  p <- object$as_requested
  structure(list(verdict = object$verdict, score = object$proportionality$score,
                 band = object$proportionality$band, target = object$target$description,
                 n_records = object$n_records, key_variables = object$key_variables,
                 identifiers = object$identifiers, unjustified = object$unjustified,
                 records_at_risk = p$records_at_risk, meets_target = p$meets_target,
                 best = if (nrow(object$generalisations) > 0L) object$generalisations$summary[1L] else NULL),
            class = "summary.sdc_review_result")
}

#' @export
print.summary.sdc_review_result <- function(x, ...) {
  cat(sprintf("sdc review: verdict %s; proportionality %s/100 (%s)\n", x$verdict, format(x$score), x$band))
  cat(sprintf("target: %s; %d records; keys: %s\n", x$target, as.integer(x$n_records),
              if (length(x$key_variables)) paste(x$key_variables, collapse = ", ") else "none"))
  if (length(x$key_variables) > 0L) {
    cat(sprintf("as requested: %d records at risk (%s)\n", as.integer(x$records_at_risk),
                if (isTRUE(x$meets_target)) "meets the target" else "does not meet the target"))
  }
  if (length(x$identifiers)) cat(sprintf("identifiers requested: %s\n", paste(x$identifiers, collapse = ", ")))
  if (length(x$unjustified)) cat(sprintf("without adequate justification: %s\n", paste(x$unjustified, collapse = ", ")))
  if (!is.null(x$best)) cat(sprintf("least-loss generalisation: %s\n", x$best))
  invisible(x)
}
