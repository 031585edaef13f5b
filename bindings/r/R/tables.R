# SPDX-License-Identifier: MIT
# Output checking of tables and models: the R façade of src/tables.cpp.

#' Build a table from microdata and check every cell
#'
#' Tabulates `data` by the spanning variables `index` (down the side) and
#' `columns` (across), with all margins, computing at source the evidence the
#' disclosure rules need (unweighted contributors, distinct units and holdings,
#' largest contributions, negatives, missing values), and gives each cell an
#' explained verdict under the rules of `profile`, possibly modified by rule
#' settings in `...`. The arguments follow the Python package's `crosstab()`.
#'
#' Records whose spanning value is `NA` form an extra category `"(missing)"`,
#' so margins stay additive. Thresholds count unweighted contributors: distinct
#' holdings when `holding` is given, else distinct units when `unit` is given,
#' else records.
#'
#' @param data a data frame of microdata.
#' @param index names of the spanning variables down the side (1 to 4 in all
#'   with `columns`). Factors are used as they are (their codes are read in
#'   place); other columns go through [factor()].
#' @param columns names of the spanning variables across, or `NULL`.
#' @param values name of the value (magnitude) variable, needed by every
#'   `aggfunc` but `"count"`. A double column is read in place; integer columns
#'   go through [as.double()].
#' @param aggfunc the statistic, a name known to the core: `"count"`, `"sum"`,
#'   `"mean"`, `"median"`, `"percentile"`, `"min"`, `"max"`, `"std"`, `"var"`,
#'   `"mode"`.
#' @param weights name of a sampling weight variable, or `NULL`. Thresholds
#'   still count unweighted contributors.
#' @param unit name of a unit (person) id: several records of a unit count as
#'   one contributor.
#' @param holding name of a holding (enterprise) id: contributions are summed
#'   per holding before the dominance rules, and the threshold counts holdings.
#' @param margins if `FALSE`, margin cells are left out of the result (they are
#'   still computed from all records) and the status is that of the interior
#'   cells.
#' @param profile rule profile: one of [sdc_profiles()] (`"acro"`, `"essnet"`,
#'   `"sdctable"`).
#' @param suppress if `TRUE`, failing cells are suppressed (masked) and margins
#'   that give a suppressed cell back by subtraction are flagged for review.
#' @param percentile the percentile (0-100) for `aggfunc = "percentile"`.
#' @param ... rule settings by the core's names (see [sdc_rule_settings()]),
#'   e.g. `min_count = 5`, `nk = "2:75"` (or `c(2, 75)`), `p_percent = 70`,
#'   `pq = "60:80"`, `zeros = "ignore"`; `NULL` or `NA` switches a rule off.
#' @return an object of class `sdc_table_result`: a list with `status`
#'   (`"pass"`, `"review"` or `"fail"`), `published_status` (after suppression,
#'   else `NULL`), `cells` (a data frame, one row per cell: one column per
#'   spanning variable with `"Total"` in margins, `margin`, `value`, `published`
#'   (`NA` when suppressed), `n`, `records`, `units`, `holdings`,
#'   `weighted_count`, `missing_values`, `negative_values`, `top1`, `top2`,
#'   `dominance_total`, `status`, `suppressed`, `reasons`), `reasons` (a data
#'   frame, one row per reason: `cell` (row of `cells`), `code`, `severity`,
#'   `message`), `rules` (the settings used), a description of the request, and
#'   `core`, the core's table behind an external pointer, which [sdc_protect()]
#'   and [sdc_audit()] work on (it does not survive [saveRDS()]).
#' @seealso [sdc_check_table()] for aggregated tables, [sdc_protect()] for
#'   secondary suppression, [sdc_record()] to add the result to a results
#'   package.
#' @examples
#' path <- system.file("extdata", "microdata1.csv", package = "sdc")
#' microdata1 <- read.csv(path, stringsAsFactors = TRUE)
#' result <- sdc_crosstab(microdata1, "region", "gender", values = "val",
#'                        aggfunc = "sum", profile = "sdctable", min_count = 3,
#'                        nk = NULL, p_percent = NULL, pq = NULL)
#' result
#' summary(result)
#' @export
sdc_crosstab <- function(data, index, columns = NULL, values = NULL, aggfunc = "count",
                         weights = NULL, unit = NULL, holding = NULL, margins = TRUE,
                         profile = "acro", suppress = FALSE, percentile = 50, ...) {
  call <- match.call()
  sdc_call({
    check_data(data)
    spanning <- c(index, columns)
    dimensions <- categories(data, spanning, "spanning")
    value <- optional_number(data, values, "value")
    weight <- optional_number(data, weights, "weights")
    unit_id <- optional_category(data, unit, "unit")
    holding_id <- optional_category(data, holding, "holding")
    settings <- rule_setting_arguments(list(...))
    raw <- sdc_table_cpp(dimensions, spanning, value, values %||% "", weight, weights %||% "",
                         unit_id, unit %||% "", holding_id, holding %||% "", aggfunc,
                         as.numeric(percentile), profile, settings$names, settings$values,
                         isTRUE(suppress), "Total")
    new_table_result(raw, type = "table", method = "crosstab", index = index, columns = columns,
                     values = values, weights = weights, unit = unit, holding = holding,
                     margins = isTRUE(margins), call = call)
  })
}

#' Check an aggregated table
#'
#' Checks a table that is already aggregated (one row per cell), as an output
#' checker receives it: counts of contributors, optionally with cell totals and
#' the largest two contributions. Rows whose label is `total_label` are margins;
#' margins absent from the input are computed. A cell whose evidence is missing
#' is marked `review` (never `pass`) by the rules that need it.
#'
#' @inheritParams sdc_crosstab
#' @param data a data frame with one row per cell.
#' @param index,columns names of the spanning variables.
#' @param count name of the column with the unweighted number of contributors.
#' @param sum,top1,top2 names of the columns with the cell totals, the largest
#'   and the second largest contribution, or `NULL`.
#' @param total_label the label of margin rows.
#' @return an `sdc_table_result` (see [sdc_crosstab()]).
#' @examples
#' agg <- data.frame(region = c("A", "B", "Total"), n = c(2, 12, 14))
#' sdc_check_table(agg, "region", count = "n", min_count = 3)
#' @export
sdc_check_table <- function(data, index, columns = NULL, count, sum = NULL, top1 = NULL,
                            top2 = NULL, total_label = "Total", profile = "acro",
                            suppress = FALSE, ...) {
  call <- match.call()
  sdc_call({
    check_data(data)
    spanning <- c(index, columns)
    dimensions <- categories(data, spanning, "spanning")
    counts <- optional_number(data, count, "count")
    settings <- rule_setting_arguments(list(...))
    raw <- sdc_check_table_cpp(dimensions, spanning, counts, count,
                               optional_number(data, sum, "sum"), sum %||% "",
                               optional_number(data, top1, "top1"), top1 %||% "",
                               optional_number(data, top2, "top2"), top2 %||% "",
                               total_label, profile, settings$names, settings$values,
                               isTRUE(suppress))
    new_table_result(raw, type = "table", method = "check_table", index = index,
                     columns = columns, values = sum, weights = NULL, unit = NULL,
                     holding = NULL, margins = TRUE, call = call, total_label = total_label)
  })
}

new_table_result <- function(raw, type, method, index, columns, values, weights, unit, holding,
                             margins, call, total_label = "Total") {
  cells <- raw$cells
  labels <- stats::setNames(cells$labels, raw$dimensions)
  frame <- data.frame(labels, stringsAsFactors = FALSE, check.names = FALSE)
  frame$margin <- cells$margin
  frame$value <- cells$value
  frame$published <- ifelse(cells$suppressed, NA_real_, cells$value)
  for (column in c("n", "records", "units", "holdings", "weighted_count", "missing_values",
                   "negative_values", "top1", "top2", "dominance_total", "status",
                   "suppressed", "reasons")) {
    frame[[column]] <- cells[[column]]
  }
  reasons <- data.frame(cell = raw$reasons$cell + 1, code = raw$reasons$code,
                        severity = raw$reasons$severity, message = raw$reasons$message,
                        stringsAsFactors = FALSE)
  status <- raw$status
  if (!margins) {
    # Margins are not published: drop them, and judge the interior cells only (the same
    # definition as the core's table status: fail if any cell fails, else review if any
    # needs review).
    keep <- !frame$margin
    old_row <- which(keep)
    frame <- frame[keep, , drop = FALSE]
    reasons <- reasons[reasons$cell %in% old_row, , drop = FALSE]
    reasons$cell <- match(reasons$cell, old_row)
    status <- if (any(frame$status == "fail")) "fail" else if (any(frame$status == "review")) "review" else "pass"
  }
  rownames(frame) <- NULL
  rownames(reasons) <- NULL
  structure(
    list(
      status = status,
      published_status = raw$published_status,
      suppression = raw$suppression,
      type = type,
      method = method,
      statistic = raw$statistic,
      percentile = if (raw$statistic %in% c("median", "percentile")) raw$percentile else NULL,
      index = index,
      columns = columns,
      values = values,
      weights = weights,
      unit = unit,
      holding = holding,
      margins = margins,
      total_label = total_label,
      cells = frame,
      reasons = reasons,
      rules = raw$rules,
      rules_source = raw$rules_source,
      call = call,
      # The core's table and verdicts (an external pointer), for sdc_protect() and sdc_audit().
      core = raw$core
    ),
    class = "sdc_table_result"
  )
}

#' Check the residual degrees of freedom of a model
#'
#' Regression coefficients are released only if the model has enough residual
#' degrees of freedom (`min_dof` of the profile, 10 by default).
#'
#' @param model_or_dof a fitted model with a [stats::df.residual()] method
#'   (e.g. from [stats::lm()] or [stats::glm()]), or a number of residual
#'   degrees of freedom.
#' @param profile rule profile (see [sdc_profiles()]).
#' @param ... rule settings by the core's names, e.g. `min_dof = 20`.
#' @return an object of class `sdc_dof_result`: a list with `status`
#'   (`"pass"` or `"fail"`), `dof`, `min_dof`, `reasons` (a data frame) and the
#'   model's class.
#' @examples
#' sdc_check_dof(lm(mpg ~ wt, data = mtcars))
#' sdc_check_dof(5)
#' @export
sdc_check_dof <- function(model_or_dof, profile = "acro", ...) {
  call <- match.call()
  sdc_call({
    if (is.numeric(model_or_dof) && length(model_or_dof) == 1L) {
      dof <- as.double(model_or_dof)
      model_class <- NULL
    } else {
      dof <- stats::df.residual(model_or_dof)
      if (is.null(dof)) {
        sdc_abort("invalid_argument", "the model has no residual degrees of freedom (df.residual() is NULL)")
      }
      model_class <- class(model_or_dof)[1L]
    }
    coefficients <- if (is.numeric(model_or_dof)) NULL else tryCatch(
      stats::coef(summary(model_or_dof)), error = function(e) NULL)
    settings <- rule_setting_arguments(list(...))
    raw <- sdc_check_dof_cpp(as.double(dof), profile, settings$names, settings$values)
    verdict_status <- if (raw$status == "ok") "pass" else raw$status
    structure(
      list(status = verdict_status, dof = dof, min_dof = raw$min_dof, model = model_class,
           type = "regression", coefficients = if (is.matrix(coefficients)) coefficients else NULL,
           reasons = data.frame(code = raw$reasons$code, severity = raw$reasons$severity,
                                message = raw$reasons$message, stringsAsFactors = FALSE),
           rules = raw$rules, rules_source = raw$rules_source, call = call),
      class = "sdc_dof_result"
    )
  })
}

#' Rule profiles and rule settings
#'
#' `sdc_profiles()` lists the built-in rule profiles. `sdc_rule_settings()`
#' gives every rule setting of a profile, after optional modifications, in the
#' text syntax that the `...` of [sdc_crosstab()] and rule files accept.
#'
#' @param profile a profile name.
#' @param ... rule settings to apply over the profile.
#' @return `sdc_profiles()`: a character vector. `sdc_rule_settings()`: a
#'   named character vector (names are the core's setting names), with the
#'   profile's source as attribute `"source"`.
#' @examples
#' sdc_profiles()
#' sdc_rule_settings("sdctable", min_count = 3)
#' @export
sdc_profiles <- function() {
  sdc_profile_names_cpp()
}

#' Names of the statistics
#'
#' The statistics the core accepts as `aggfunc` of [sdc_crosstab()] (Python
#' `statistic_names()`).
#'
#' @return a character vector.
#' @examples
#' sdc_statistic_names()
#' @export
sdc_statistic_names <- function() {
  sdc_statistic_names_cpp()
}

#' @rdname sdc_profiles
#' @export
sdc_rule_settings <- function(profile = "acro", ...) {
  sdc_call({
    settings <- rule_setting_arguments(list(...))
    values <- sdc_rule_settings_cpp(profile, settings$names, settings$values)
    structure(values, source = sdc_rules_source_cpp(profile))
  })
}

# ---- printing ----------------------------------------------------------------------------

format_cell_value <- function(x) {
  ifelse(is.na(x), "NA", ifelse(x == round(x) & abs(x) < 1e15,
                                formatC(x, format = "f", digits = 0),
                                formatC(x, format = "g", digits = 4)))
}

# The table as a character grid: rows are combinations of `index`, columns of `columns`.
# `text` replaces the cells' default text (value and marks).
table_grid <- function(x, text = NULL) {
  cells <- x$cells
  if (is.null(text)) {
    shown <- ifelse(cells$suppressed, "x", format_cell_value(cells$value))
    mark <- ifelse(cells$suppressed, " [x]", ifelse(cells$status == "fail", " [F]",
                                                 ifelse(cells$status == "review", " [R]", "")))
    text <- paste0(shown, mark)
  }
  row_key <- do.call(paste, c(unname(cells[x$index]), sep = " / "))
  if (length(x$columns) == 0L) {
    grid <- matrix(text, ncol = 1L, dimnames = list(row_key, x$statistic))
  } else {
    column_key <- do.call(paste, c(unname(cells[x$columns]), sep = " / "))
    rows <- unique(row_key)
    cols <- unique(column_key)
    grid <- matrix("", nrow = length(rows), ncol = length(cols), dimnames = list(rows, cols))
    grid[cbind(match(row_key, rows), match(column_key, cols))] <- text
  }
  names(dimnames(grid)) <- c(paste(x$index, collapse = " / "),
                             if (length(x$columns)) paste(x$columns, collapse = " / ") else "")
  grid
}

#' @export
print.sdc_table_result <- function(x, ...) {
  spanning <- paste(c(x$index, x$columns), collapse = " x ")
  cat(sprintf("sdc %s: %s%s by %s\n", x$method, x$statistic,
              if (is.null(x$values)) "" else paste(" of", x$values), spanning))
  cat(sprintf("status: %s  (%d cells fail, %d need review, of %d; rules: %s)\n", x$status,
              sum(x$cells$status == "fail"), sum(x$cells$status == "review"), nrow(x$cells),
              x$rules[["profile"]]))
  if (!is.null(x$published_status)) {
    cat(sprintf("after primary suppression: %s  (%d cells suppressed, %d margins give a suppressed cell back)\n",
                x$published_status, as.integer(x$suppression$suppressed_cells),
                as.integer(x$suppression$revealing_margins)))
  }
  cat("\n")
  print(noquote(table_grid(x)), right = TRUE)
  cat("\n[F] fails  [R] needs review", if (!is.null(x$published_status)) "  [x] suppressed", "\n", sep = "")
  if (nrow(x$reasons) > 0L) {
    cat("\nReasons:\n")
    level <- ifelse(x$reasons$severity == "fail", "FAIL", "REVIEW")
    cat(sprintf("  %-6s %-24s %s\n", level, x$reasons$code, x$reasons$message), sep = "")
  }
  invisible(x)
}

#' @export
summary.sdc_table_result <- function(object, ...) {
  statuses <- c("ok", "review", "fail")
  structure(
    list(
      status = object$status,
      published_status = object$published_status,
      statistic = object$statistic,
      spanning = c(object$index, object$columns),
      n_cells = nrow(object$cells),
      cells_by_status = table(factor(object$cells$status, levels = statuses)),
      reasons_by_code = table(object$reasons$code),
      suppressed = sum(object$cells$suppressed),
      failing_cells = object$cells[object$cells$status == "fail",
                                   c(object$index, object$columns, "value", "n", "reasons"),
                                   drop = FALSE],
      profile = object$rules[["profile"]]
    ),
    class = "summary.sdc_table_result"
  )
}

#' @export
print.summary.sdc_table_result <- function(x, ...) {
  cat(sprintf("sdc table check (%s by %s), rules: %s\n", x$statistic,
              paste(x$spanning, collapse = " x "), x$profile))
  cat(sprintf("status: %s%s\n", x$status,
              if (is.null(x$published_status)) "" else paste0("; published after suppression: ", x$published_status)))
  cat(sprintf("cells: %d (ok %d, review %d, fail %d); suppressed: %d\n", x$n_cells,
              x$cells_by_status[["ok"]], x$cells_by_status[["review"]], x$cells_by_status[["fail"]],
              x$suppressed))
  if (length(x$reasons_by_code) > 0L) {
    cat("reasons:", paste(sprintf("%s %d", names(x$reasons_by_code), as.integer(x$reasons_by_code)),
                          collapse = ", "), "\n")
  }
  if (nrow(x$failing_cells) > 0L) {
    cat("failing cells:\n")
    print(x$failing_cells, row.names = FALSE)
  }
  invisible(x)
}

#' @export
print.sdc_dof_result <- function(x, ...) {
  cat(sprintf("sdc model check%s: %s residual degrees of freedom, minimum %d\n",
              if (is.null(x$model)) "" else paste0(" (", x$model, ")"), format(x$dof), x$min_dof))
  cat(sprintf("status: %s\n", x$status))
  if (nrow(x$reasons) > 0L) cat(sprintf("  FAIL   %s\n", x$reasons$message), sep = "")
  invisible(x)
}

#' @export
summary.sdc_dof_result <- function(object, ...) {
  object
}

#' @export
as.data.frame.sdc_table_result <- function(x, ...) {
  x$cells
}
