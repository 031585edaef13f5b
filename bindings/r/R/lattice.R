# SPDX-License-Identifier: MIT
# Search of the generalisation lattice: the R façade of src/lattice.cpp, mirroring the Python
# package's lattice_search().

#' Minimal generalisations of key variables meeting a target
#'
#' Searches the lattice of generalisation levels of the key variables (one
#' hierarchy per key; full-domain generalisation with record suppression, as
#' ARX) for the minimal nodes meeting a re-identification target, ranked by
#' information loss (precision loss, then records suppressed, then
#' discernibility). Definitions: `docs/review.md`.
#'
#' @inheritParams sdc_key_frequencies
#' @param data a data frame of microdata, or an `sdcMicroObj` (its key
#'   variables, weight, and unless `missing` is given sdcMicro's wildcard
#'   semantics and `alpha`, as [sdc_key_frequencies()]). Key values are
#'   matched to the hierarchies as text (their factor levels; read files with
#'   `colClasses = "character"` when codes have leading zeros).
#' @param hierarchies generalisation hierarchies by key variable: a named list
#'   whose elements are hierarchy file paths (ARX format: one row per original
#'   value, `;`-separated, coarser levels to the right) or data frames (first
#'   column the original values, each further column a coarser level; column
#'   names other than read.table's `V1, V2, ...` are the level names). A key
#'   without one has the levels `"original"` and `"*"` (dropped).
#' @param target the target, a list with any of `k` (k-anonymity),
#'   `max_individual_risk`, `max_expected_reidentifications` and
#'   `max_suppressed_share` (the share of records that may be suppressed);
#'   fields not given do not constrain (`NULL`: no constraint at all). A single
#'   number is `k`.
#' @param method individual risk formula: `"approximation"` or `"exact"`;
#'   `NULL` for the core's default.
#' @param min_levels,max_levels lowest and highest level searched per key
#'   variable (`NULL`: all levels).
#' @param assume_monotone prune by monotonicity (exact for k-anonymity);
#'   `FALSE` evaluates every node. `NULL` for the core's default (`TRUE`).
#' @param max_nodes largest lattice accepted; `NULL` for the core's default
#'   (2^24).
#' @return an object of class `sdc_lattice_result`: a list with `minimal` (a
#'   data frame, one row per minimal generalisation, best first: the level
#'   name of each key variable, `levels` (the level numbers as text, e.g.
#'   `"1,0"`), `classes`, `records_at_risk`, `records_suppressed`,
#'   `max_individual_risk`, `expected_reidentifications`,
#'   `generalisation_loss`, `precision_loss`, `discernibility`), `levels` (a
#'   matrix of level numbers, nodes x keys), `attainable`, `variables`,
#'   `n_levels`, `level_names`, `n_records`, `n_nodes`, `nodes_evaluated`,
#'   `nodes_satisfying`, `target`, `target_description`.
#' @examples
#' tiny <- data.frame(a = c(1, 1, 2, 3, 4), s = c("F", "F", "F", "M", "M"))
#' bands <- data.frame(value = c("1", "2", "3", "4"), band = c("1-2", "1-2", "3-4", "3-4"),
#'                     all = "*")
#' res <- sdc_lattice_search(tiny, c("a", "s"), hierarchies = list(a = bands), target = list(k = 2))
#' res
#' res$minimal
#' @export
sdc_lattice_search <- function(data, keys, hierarchies = NULL, target = NULL, weights = NULL, missing = NULL,
                               alpha = NULL, method = NULL, min_levels = NULL, max_levels = NULL,
                               assume_monotone = NULL, max_nodes = NULL) {
  input <- risk_input(data, if (base::missing(keys)) NULL else keys, weights, missing, alpha)
  sdc_call({
    data <- check_data(input$data)
    keys <- input$keys
    weights <- input$weights
    key_columns <- key_categories(data, keys)
    specs <- lattice_hierarchies(hierarchies, keys)
    target <- review_target(target) %||% list()
    if (!is.null(max_nodes) && (!is.numeric(max_nodes) || length(max_nodes) != 1L || is.na(max_nodes))) {
      sdc_abort("invalid_argument", "max_nodes must be one number")
    }
    level_vector <- function(x, name) {
      if (is.null(x)) return(NULL)
      if (!is.numeric(x) || length(x) != length(keys) || anyNA(x)) {
        sdc_abort("length_mismatch", sprintf("%s must give one level number per key variable", name))
      }
      as.double(x)
    }
    weight <- optional_number(data, weights, "weights")
    raw <- sdc_lattice_search_cpp(key_columns, keys, specs, weight, weights %||% "", target, input$missing,
                                  input$alpha, method,
                                  level_vector(min_levels, "min_levels"), level_vector(max_levels, "max_levels"),
                                  assume_monotone, if (is.null(max_nodes)) NULL else as.double(max_nodes))
    levels <- raw$levels
    colnames(levels) <- raw$variables
    minimal <- data.frame(row.names = seq_len(nrow(levels)))
    for (v in seq_along(raw$variables)) {
      minimal[[raw$variables[v]]] <- raw$level_names[[v]][levels[, v] + 1]
    }
    minimal$levels <- apply(levels, 1L, paste, collapse = ",")
    if (nrow(levels) == 0L) minimal$levels <- character()
    minimal <- cbind(minimal, as.data.frame(raw$minimal))
    rownames(minimal) <- NULL
    names(raw$level_names) <- raw$variables
    names(raw$n_levels) <- raw$variables
    structure(c(list(minimal = minimal, levels = levels, attainable = nrow(levels) > 0L),
                raw[c("variables", "n_levels", "level_names", "n_records", "n_nodes", "nodes_evaluated",
                      "nodes_satisfying", "target", "target_description")]),
              class = "sdc_lattice_result")
  })
}

# Hierarchies of the keys as the compiled code takes them: one element per key, NULL or a list
# (levels, level_names).
lattice_hierarchies <- function(hierarchies, keys, call = sys.call(-1L)) {
  out <- vector("list", length(keys))
  if (is.null(hierarchies) || length(hierarchies) == 0L) return(out)
  if (!is.list(hierarchies) || is.data.frame(hierarchies) || is.null(names(hierarchies)) ||
      any(names(hierarchies) == "")) {
    sdc_abort("invalid_argument", "hierarchies must be a named list (key variable = file path or data frame)",
              call = call)
  }
  unknown <- setdiff(names(hierarchies), keys)
  if (length(unknown)) {
    sdc_abort("unknown_column", sprintf("hierarchy given for '%s', which is not a key variable", unknown[1L]),
              call = call)
  }
  for (variable in names(hierarchies)) {
    hierarchy <- read_hierarchy(hierarchies[[variable]], variable, call = call)
    out[[match(variable, keys)]] <- hierarchy
  }
  out
}

#' @export
print.sdc_lattice_result <- function(x, ...) {
  cat(sprintf("sdc lattice search (%s): keys %s, %d records\n", x$target_description,
              paste(x$variables, collapse = ", "), as.integer(x$n_records)))
  cat(sprintf("%d nodes (%d evaluated, %d satisfying); %d minimal generalisations%s\n", as.integer(x$n_nodes),
              as.integer(x$nodes_evaluated), as.integer(x$nodes_satisfying), nrow(x$minimal),
              if (x$attainable) ", best first:" else ": the target cannot be met"))
  if (x$attainable) {
    m <- x$minimal
    shown <- utils::head(m, 10L)
    for (i in seq_len(nrow(shown))) {
      cat(sprintf("  %2d. %s: %d classes, %d records suppressed, precision loss %.4g\n", i,
                  paste(sprintf("%s %s", x$variables, unlist(shown[i, x$variables])), collapse = ", "),
                  as.integer(shown$classes[i]), as.integer(shown$records_suppressed[i]), shown$precision_loss[i]))
    }
    if (nrow(m) > 10L) cat(sprintf("  ... %d more\n", nrow(m) - 10L))
  }
  invisible(x)
}

#' @export
summary.sdc_lattice_result <- function(object, ...) {
  object$minimal
}
