# SPDX-License-Identifier: MIT
# Protection of cell systems (hierarchical and linked tables): the R façade of src/system.cpp,
# reached through sdc_protect(data, hierarchies = , tables = ) and sdc_audit().

# A hierarchy for the core: a file path (ARX format, ';'-separated) or a data frame (first
# column the values, each further column a coarser level; column names are the level names).
system_hierarchy <- function(variable, spec, call = sys.call(-1L)) {
  if (is.character(spec) && length(spec) == 1L) {
    if (!file.exists(spec)) {
      sdc_abort("io_error", sprintf("cannot open the hierarchy file '%s' of '%s'", spec, variable),
                family = "io", call = call)
    }
    h <- sdc_hierarchy_from_text_cpp(readChar(spec, file.size(spec), useBytes = TRUE), ";", variable)
  } else if (is.data.frame(spec) || is.matrix(spec)) {
    spec <- as.data.frame(spec, stringsAsFactors = FALSE)
    h <- list(levels = unname(lapply(spec, as.character)), level_names = names(spec))
  } else {
    sdc_abort("type_mismatch", sprintf("the hierarchy of '%s' must be a file path or a data frame", variable),
              call = call)
  }
  h$variable <- variable
  h
}

# Outputs: `tables` (character vectors of spanning variables, or lists with `variables` and
# optional `name` and `filter` = list(variable, value, equal)), or the one table index x columns.
system_outputs <- function(tables, index, columns, call = sys.call(-1L)) {
  if (is.null(tables)) {
    spanning <- c(index, columns)
    if (length(spanning) == 0L) sdc_abort("invalid_argument", "give index (and columns), or tables", call = call)
    return(list(list(name = "table", variables = spanning)))
  }
  if (!is.null(index) || !is.null(columns)) sdc_abort("invalid_argument", "give either tables or index/columns", call = call)
  if (!is.list(tables) || length(tables) == 0L) {
    sdc_abort("invalid_argument", "tables must be a list of tables (spanning variables, or lists with variables, name, filter)",
              call = call)
  }
  lapply(seq_along(tables), function(t) {
    spec <- tables[[t]]
    if (is.character(spec)) return(list(name = sprintf("table %d", t), variables = spec))
    if (!is.list(spec) || is.null(spec$variables)) {
      sdc_abort("invalid_argument", sprintf("table %d needs its spanning variables", t), call = call)
    }
    out <- list(name = spec$name %||% sprintf("table %d", t), variables = as.character(spec$variables))
    if (!is.null(spec$filter)) {
      f <- spec$filter
      if (is.null(f$variable) || is.null(f$value)) {
        sdc_abort("invalid_argument", "a filter is list(variable = , value = , equal = TRUE/FALSE)", call = call)
      }
      out$filter_variable <- as.character(f$variable)
      out$filter_value <- as.character(f$value)
      out$filter_equal <- isTRUE(f$equal)
    }
    out
  })
}

protect_system <- function(data, tables, hierarchies, cost, singletons, zeros_known, must_publish, must_suppress,
                           index = NULL, columns = NULL, values = NULL, aggfunc = NULL, weights = NULL, unit = NULL,
                           holding = NULL, profile = "acro", ..., intervals = "repair", call = sys.call(-1L)) {
  check_data(data, call = call)
  aggfunc <- aggfunc %||% if (is.null(values)) "count" else "sum"
  outputs <- system_outputs(tables, index, columns, call = call)
  names <- unique(unlist(lapply(outputs, function(o) c(o$variables, o$filter_variable))))
  variables <- categories(data, names, "spanning", call = call)
  hierarchies <- hierarchies %||% list()
  if (length(hierarchies) > 0L && (is.null(names(hierarchies)) || any(names(hierarchies) == ""))) {
    sdc_abort("invalid_argument", "hierarchies must be a named list (variable = file path or data frame)", call = call)
  }
  unknown <- setdiff(names(hierarchies), names)
  if (length(unknown) > 0L) {
    sdc_abort("unknown_column", sprintf("hierarchy given for '%s', not a spanning variable of the tables", unknown[1L]),
              call = call)
  }
  specs <- lapply(names(hierarchies), function(v) system_hierarchy(v, hierarchies[[v]], call = call))
  settings <- rule_setting_arguments(list(...), call = call)
  raw <- sdc_build_system_cpp(variables, names, specs, outputs, profile, settings$names, settings$values, aggfunc,
                              optional_number(data, values, "value", call = call), values %||% "",
                              optional_number(data, weights, "weights", call = call), weights %||% "",
                              optional_category(data, unit, "unit", call = call), unit %||% "",
                              optional_category(data, holding, "holding", call = call), holding %||% "")
  check_cost(cost, call = call)
  n_cells <- length(raw$cells$value)
  # Cells of the system (the `cell` column of the result): flags or cell numbers. The core refuses
  # contradictory forcing, naming the cells.
  publish <- if (is.null(must_publish)) logical() else cell_selection(must_publish, n_cells, "must_publish", call = call)
  suppress <- if (is.null(must_suppress)) logical() else cell_selection(must_suppress, n_cells, "must_suppress", call = call)
  result <- sdc_protect_system_cpp(raw$system, cost, singletons, isTRUE(zeros_known), publish, suppress, intervals)
  new_system_protection(raw, result, singletons, call, value_name = values)
}

new_system_protection <- function(raw, result, singletons, call, value_name = NULL) {
  cells <- raw$cells
  status <- result$status
  all_variables <- unique(unlist(lapply(raw$outputs, function(o) o$variables)))
  frames <- lapply(raw$outputs, function(o) {
    frame <- data.frame(output = rep(o$name, length(o$cell)), stringsAsFactors = FALSE)
    for (v in all_variables) {
      at <- match(v, o$variables)
      frame[[v]] <- if (is.na(at)) NA_character_ else o$labels[, at]
    }
    frame$levels <- if (length(o$cell)) apply(o$levels, 1L, paste, collapse = " x ") else character()
    frame$cell <- o$cell
    frame
  })
  frame <- do.call(rbind, frames)
  published <- status[frame$cell] == "published"
  frame$status <- status[frame$cell]
  frame$verdict <- cells$verdict[frame$cell]
  frame$reasons <- cells$reasons[frame$cell]
  frame$n <- ifelse(published, cells$n[frame$cell], NA_real_)
  frame$value <- ifelse(published, cells$value[frame$cell], NA_real_)
  rownames(frame) <- NULL
  hidden_primary <- which(cells$hidden & cells$primary)
  shown <- !cells$hidden
  # A cell as the CLI names it: its first output cell, or its description when hidden.
  describe <- function(i) {
    for (o in raw$outputs) {
      at <- match(i, o$cell)
      if (!is.na(at)) {
        return(sprintf("'%s' (%s)", o$name, paste0(o$variables, "=", o$labels[at, ], collapse = ", ")))
      }
    }
    cells$description[i]
  }
  structure(
    list(
      status = result$protection_status,
      method = "gauss",
      options = list(cost = result$cost, singletons = singletons, zeros_known = result$zeros_known),
      statistic = raw$statistic,
      counts = list(cells = sum(shown), published = sum(shown & status == "published"),
                    primary = sum(shown & status == "primary"), secondary = sum(shown & status == "secondary"),
                    hidden = sum(cells$hidden), hidden_primary = length(hidden_primary),
                    unprotected = length(result$unprotected)),
      cells = frame,
      hidden = data.frame(cell = hidden_primary, description = cells$description[hidden_primary],
                          verdict = cells$verdict[hidden_primary], reasons = cells$reasons[hidden_primary],
                          stringsAsFactors = FALSE),
      unprotected = cells$description[result$unprotected],
      conflicts = cells$description[result$conflicts],
      unprotected_cells = result$unprotected,
      conflict_cells = result$conflicts,
      intervals = if (!is.null(result$intervals)) {
        narrow <- result$intervals$too_narrow
        c(result$intervals[setdiff(names(result$intervals), "too_narrow")],
          list(too_narrow = data.frame(cell = narrow, description = vapply(narrow, describe, character(1)),
                                       stringsAsFactors = FALSE)))
      },
      n_inner = raw$n_inner,
      system_cells = data.frame(cells, status = status, stringsAsFactors = FALSE),
      system = raw$system,
      # What the JSON reports need (sdc_to_json): the system's header and its outputs.
      header = list(statistic = raw$statistic, value = value_name,
                    rules = c(as.list(raw$rules), source = raw$rules_source),
                    refinement = list(variables = I(raw$refinement_variables), filters = I(raw$filters),
                                      inner_cells = raw$n_inner)),
      outputs = raw$outputs,
      call = call
    ),
    class = "sdc_system_protection"
  )
}

audit_system <- function(x, protection, sliding_percent, nonnegative, tolerance, call) {
  cells <- x$system_cells
  published <- cells$status == "published"
  # Hidden cells that pass the rules constrain nothing: only the failing ones are audited.
  suppressed <- !published & (!cells$hidden | cells$primary)
  raw <- sdc_audit_system_cpp(x$system, published, suppressed, protection, as.double(sliding_percent),
                              isTRUE(nonnegative), as.double(tolerance))
  kind <- ifelse(cells$hidden[raw$cell], "hidden", cells$status[raw$cell])
  frame <- data.frame(cell = raw$cell, description = cells$description[raw$cell], kind = kind,
                      lower = raw$lower, upper = raw$upper, exact = raw$exact, protected = raw$protected,
                      stringsAsFactors = FALSE)
  structure(
    list(status = raw$audit_status, source = x, primary = raw$primary,
         bounds = if (raw$nonnegative) "nonnegative" else "none", protection = protection,
         sliding_percent = sliding_percent,
         counts = list(suppressed = nrow(frame), exact = raw$n_exact, primary_exact = raw$n_primary_exact,
                       primary_unprotected = raw$n_primary_unprotected, linear_programs = raw$n_linear_programs),
         cells = frame, call = call),
    class = "sdc_system_audit"
  )
}

#' @export
print.sdc_system_protection <- function(x, ...) {
  c <- x$counts
  cat(sprintf("sdc protect (cell system, %s): %d outputs, %d cells published by them, %d hidden (%d fail the rules), %d inner cells\n",
              x$statistic, length(unique(x$cells$output)), as.integer(c$cells), as.integer(c$hidden),
              as.integer(c$hidden_primary), as.integer(x$n_inner)))
  cat(sprintf("protection: gauss (cost %s, singletons %s)%s: %d primary and %d secondary suppressions; %s\n",
              x$options$cost, x$options$singletons, describe_intervals(x$intervals), as.integer(c$primary), as.integer(c$secondary),
              if (c$unprotected == 0) "every primary cell protected"
              else sprintf("%d primary cells NOT protected", as.integer(c$unprotected))))
  cat(sprintf("status: %s\n\n", x$status))
  shown <- x$cells
  shown$shown <- ifelse(shown$status == "primary", "x [P]",
                        ifelse(shown$status == "secondary", "x [S]", format_cell_value(shown$value)))
  print(shown[setdiff(names(shown), c("n", "value", "reasons", "verdict"))], row.names = FALSE)
  if (length(x$unprotected)) cat("not protected:", paste(x$unprotected, collapse = "; "), "\n")
  invisible(x)
}

#' @export
summary.sdc_system_protection <- function(object, ...) {
  object$counts
}

#' @export
as.data.frame.sdc_system_protection <- function(x, ...) {
  x$cells
}

#' @export
print.sdc_system_audit <- function(x, ...) {
  cat(sprintf("sdc audit (cell system): %d suppressed cells; bounds: %s\n", nrow(x$cells),
              if (x$bounds == "nonnegative") "x >= 0" else "none"))
  cat(sprintf("%d cells disclosed exactly (%d primary); %d primary cells insufficiently protected\nstatus: %s\n\n",
              as.integer(x$counts$exact), as.integer(x$counts$primary_exact),
              as.integer(x$counts$primary_unprotected), x$status))
  if (nrow(x$cells) > 0L) {
    cat(sprintf("  %-9s %-50s [%s, %s]%s\n", x$cells$kind, x$cells$description, format_bound(x$cells$lower),
                format_bound(x$cells$upper), ifelse(x$cells$exact, "  EXACT", "")), sep = "")
  }
  invisible(x)
}

#' @export
as.data.frame.sdc_system_audit <- function(x, ...) {
  x$cells
}

# ---- JSON (the layouts of `sdc protect --hierarchy/--project --json` and `sdc audit ...`) ------

#' @rdname sdc_to_json
#' @export
sdc_to_json.sdc_system_protection <- function(x, path = NULL, ...) {
  write_document(system_protection_document(x), path)
}

#' @rdname sdc_to_json
#' @export
sdc_to_json.sdc_system_audit <- function(x, path = NULL, ...) {
  write_document(system_audit_document(x), path)
}

# Where a cell (1-based) is first shown: list(output, row) or NULL when hidden.
first_appearance <- function(x, i) {
  for (o in x$outputs) {
    at <- match(i, o$cell)
    if (!is.na(at)) return(list(output = o, row = at))
  }
  NULL
}

# A cell as the CLI names it: "'output' (v=label, ...)", or its description when hidden.
describe_system_cell <- function(x, i) {
  where <- first_appearance(x, i)
  if (is.null(where)) return(x$system_cells$description[i])
  o <- where$output
  sprintf("'%s' (%s)", o$name, paste0(o$variables, "=", o$labels[where$row, ], collapse = ", "))
}

system_coords <- function(o, row) {
  stats::setNames(lapply(seq_along(o$variables), function(v) {
    if (is.na(o$level_ids[row, v])) NULL else o$labels[row, v]
  }), o$variables)
}

split_reasons <- function(text) {
  I(if (nzchar(text)) strsplit(text, "; ", fixed = TRUE)[[1L]] else character())
}

system_protection_document <- function(x) {
  cells <- x$system_cells
  outputs <- lapply(x$outputs, function(o) {
    rows <- lapply(seq_along(o$cell), function(k) {
      i <- o$cell[k]
      published <- cells$status[i] == "published"
      list(cell = i - 1, coords = system_coords(o, k),
           levels = stats::setNames(lapply(seq_along(o$variables), function(v) {
             if (is.na(o$level_ids[k, v])) NULL else o$level_ids[k, v]
           }), o$variables),
           status = cells$status[i], verdict = cells$verdict[i], reasons = split_reasons(cells$reasons[i]),
           # A suppressed cell's numbers are never written where the tables may travel.
           n = if (published) cells$n[i] else NULL, value = if (published) cells$value[i] else NULL)
    })
    f <- o$filter
    list(name = o$name, variables = I(o$variables),
         filter = if (is.null(f)) NULL else stats::setNames(list(f$variable, f$value),
                                                           c("variable", if (f$equal) "equal" else "not_equal")),
         levels = stats::setNames(lapply(o$used_levels, function(u) {
           lapply(seq_along(u$level), function(l) list(level = u$level[l], name = u$name[l]))
         }), o$variables),
         cells = rows)
  })
  doc <- c(list(sdc_version = sdc_version_cpp(), status = x$status, method = x$method, options = x$options),
           x$header,
           list(counts = x$counts,
                unprotected = lapply(x$unprotected_cells, function(i) {
                  list(cell = i - 1, description = describe_system_cell(x, i), known_zero = cells$known_zero[i])
                }),
                conflicts = lapply(x$conflict_cells, function(i) {
                  list(cell = i - 1, description = describe_system_cell(x, i))
                }),
                outputs = outputs,
                hidden = lapply(seq_len(nrow(x$hidden)), function(k) {
                  i <- x$hidden$cell[k]
                  list(cell = i - 1, description = x$hidden$description[k], status = "primary",
                       verdict = x$hidden$verdict[k], reasons = split_reasons(x$hidden$reasons[k]))
                })))
  # Only where the interval check applied, as `sdc protect --json`.
  if (!is.null(x$intervals)) {
    narrow <- x$intervals$too_narrow
    doc$intervals <- c(x$intervals[setdiff(names(x$intervals), "too_narrow")],
                       list(too_narrow = lapply(seq_len(nrow(narrow)), function(k) {
                         list(cell = narrow$cell[k] - 1, description = narrow$description[k])
                       })))
  }
  doc
}

system_audit_document <- function(x) {
  source <- x$source
  bound <- function(b) if (is.infinite(b)) NULL else b
  cells <- lapply(seq_len(nrow(x$cells)), function(k) {
    i <- x$cells$cell[k]
    where <- first_appearance(source, i)
    entry <- list(cell = i - 1)
    if (is.null(where)) {
      entry <- c(entry, list(output = NULL, coords = NULL, description = source$system_cells$description[i],
                             status = "hidden"))
    } else {
      entry <- c(entry, list(output = where$output$name, coords = system_coords(where$output, where$row),
                             description = describe_system_cell(source, i),
                             status = source$system_cells$status[i]))
    }
    # Intervals are what an intruder can compute anyway; the true values stay out.
    c(entry, list(primary = x$primary[k], lower = bound(x$cells$lower[k]), upper = bound(x$cells$upper[k]),
                  exact = x$cells$exact[k], protected = x$cells$protected[k]))
  })
  c(list(sdc_version = sdc_version_cpp(), status = x$status, pattern = "gauss", bounds = x$bounds,
         protection = x$protection, sliding_percent = x$sliding_percent),
    source$header, list(counts = x$counts, cells = cells))
}
