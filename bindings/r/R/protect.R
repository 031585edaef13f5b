# SPDX-License-Identifier: MIT
# Table protection: the R façade of src/protect.cpp (Gauss secondary suppression and the LP
# audit of a suppression pattern), on the core table an sdc_table_result keeps.

#' Protect a table by secondary suppression
#'
#' Suppresses the failing cells of a count or sum table (the primary
#' suppressions) and enough other cells (secondary suppressions) that no
#' primary cell can be computed back from the published cells and the table's
#' margins, by Gaussian elimination over the table's linear relations (the
#' idea of Langsrud's GaussSuppression; `sdc protect` on the command line).
#' Zero cells and singletons (cells with one contributor) are handled as
#' described in `docs/protection.md`: no primary zero is pinned at 0 by an
#' interval attack, and no singleton contributor (or group of them) can derive
#' another primary cell.
#'
#' The table is the one the core computed for `table_result` (with its full
#' evidence), not a reconstruction from `table_result$cells`: a result restored
#' with [readRDS()] no longer holds it and must be computed again.
#'
#' Large 3-D and 4-D tables take minutes with the Gauss method (10^6 cells in
#' 3-D: about 10): an interrupt (Esc or Ctrl-C) stops it. A table whose
#' elimination would need more than 3/4 of the machine's memory is refused
#' with an error naming it (see `docs/protection.md`).
#'
#' @param table_result a count or sum table from [sdc_crosstab()] or
#'   [sdc_check_table()], computed with margins (`margins = TRUE`): secondary
#'   suppression protects against recomputation from the margins.
#' @param cost what it costs to suppress a cell; the cheapest cells become
#'   secondary suppressions: `"auto"` (`"frequency"` for counts, `"value"` for
#'   sums, as `sdc protect --cost auto`), `"value"` (the absolute cell value),
#'   `"frequency"` (the number of contributors) or `"unity"` (fewest
#'   suppressions).
#' @param singletons `"coalition"` (no singleton contributor, nor a group of
#'   them, can derive a primary cell) or `"none"` (plain linear protection).
#' @param zeros_known take zero inner cells as known to the intruder (the
#'   default; `sdc protect --zeros-unknown` is `FALSE`). It is switched off
#'   for tables with negative contributions.
#' @param must_publish,must_suppress cells that must be published or
#'   suppressed: a logical vector with one flag per row of
#'   `table_result$cells`, or row numbers of `table_result$cells`; `NULL` for
#'   none. With `hierarchies` or `tables`: cells of the system (flags, or
#'   numbers of the `cell` column of the result); `must_suppress` set to the
#'   suppressed cells of an earlier result starts from that pattern
#'   (`sdc protect --pattern`). Cells forced both ways, and failing or hidden
#'   cells forced published, are errors naming the cells.
#' @param hierarchies,tables cell systems (`cell_system.hpp`): `table_result`
#'   is then the microdata (a data frame) and `...` gives the table as for
#'   [sdc_crosstab()] (`index`, `columns`, `values`, `aggfunc`, `weights`,
#'   `unit`, `holding`, `profile` and rule settings). `hierarchies` is a named
#'   list of hierarchies of spanning variables (a file in the ARX format, or a
#'   data frame: first column the values, each further column a coarser level,
#'   column names the level names): every level becomes subtotals. `tables`
#'   lists linked tables of the same statistic, each a character vector of
#'   spanning variables or a list with `variables`, optional `name` and
#'   `filter` (`list(variable = , value = , equal = TRUE/FALSE)`: the table of
#'   a population subset); cells they share are one cell, and cells an
#'   intruder gets by subtracting outputs (hidden cells) that fail the rules
#'   are kept underivable.
#' @param method `"gauss"` (the default: Gaussian elimination, no solver) or
#'   `"optimal"`: the least-cost pattern giving every primary cell its
#'   protection interval (the dominance rules' levels for sums, 1 on each side
#'   for counts), by mixed-integer programming with COIN-OR Cbc (flat tables
#'   only; `singletons` and `zeros_known` are Gauss options), as
#'   `sdc protect --method optimal` and Python's `sdc.protect(method =
#'   "optimal")`.
#' @param intervals Gauss method on sums (tables and `hierarchies`/`tables`
#'   systems), as `sdc protect --intervals` and Python's `sdc.protect(intervals
#'   = )`: after Gauss, the interval an intruder computes for each primary cell
#'   is audited against the levels of the dominance rules. `"repair"` (the
#'   default) adds the cheapest secondary suppressions until every interval
#'   reaches its levels (a cell still too narrow is unprotected), `"report"`
#'   keeps Gauss's pattern and only lists the too-narrow cells, `"off"` skips
#'   the check. The result's `intervals` holds the summary (`NULL` where the
#'   check does not apply: counts, the optimal method, `"off"`): `mode`,
#'   `levels`, `too_narrow_before`, `added_secondary`, `rounds`,
#'   `too_narrow_after` and `too_narrow` (rows of `cells`; for a system, `cell`
#'   and `description`).
#' @param time_limit_seconds,max_cells,start_from_gauss optimal method: the
#'   solver's wall-clock limit (the best pattern found is used after it, and
#'   the result may then depend on the machine), the largest table accepted,
#'   and whether to start from the Gauss pattern.
#' @param ... with `hierarchies` or `tables`: the table's arguments (see
#'   above). The rule on zero cells, `zeros = "ignore"`, is one of them
#'   (although R would match `zeros` to `zeros_known`).
#' @return an object of class `sdc_protection_result`: a list with `status`
#'   (`"pass"` when every primary cell is protected and no published cell needs
#'   review, `"review"` when a published cell needs review, `"fail"` when a
#'   primary cell stays derivable), `method` (`"gauss"` or `"optimal"`),
#'   `options` (`cost`, `singletons`, `zeros_known`; for the optimal method
#'   `cost`, `time_limit_seconds`, `proven_optimal`, `solution_found`,
#'   `objective`, `bound`, `started_from_gauss` and `nodes`), `counts` (`cells`, `published`, `primary`,
#'   `secondary`, `unprotected`), `cells` (a data frame, one row per cell: the
#'   spanning variables, `margin`, `value`, `published` (`NA` when suppressed),
#'   `n`, `status` (`"published"`, `"primary"` or `"secondary"`), `verdict`
#'   (the check's `"ok"`, `"review"` or `"fail"`) and `reasons`),
#'   `unprotected` and `conflicts` (rows of `cells`: primary cells that stay
#'   derivable, cells that had to be published although they disclose one), and
#'   `table` (the `table_result`). With `hierarchies` or `tables`, an object
#'   of class `sdc_system_protection`: `status`, `options`, `counts` (`cells`,
#'   `published`, `primary`, `secondary`, `hidden`, `hidden_primary`,
#'   `unprotected`), `cells` (one row per cell of every output: `output`, one
#'   column per spanning variable (`NA` when the output does not use it),
#'   `levels`, `cell` (the cell of the system, the same in every output
#'   showing it), `status`, `verdict`, `reasons`, `n` and `value` (`NA` when
#'   suppressed)), `hidden` (hidden cells failing the rules), `unprotected`
#'   and `conflicts` (descriptions).
#' @seealso [sdc_audit()] to verify the pattern with linear programs.
#' @examples
#' path <- system.file("extdata", "microdata1.csv", package = "sdc")
#' microdata1 <- read.csv(path, stringsAsFactors = TRUE)
#' counts <- sdc_crosstab(microdata1, "region", "gender", profile = "sdctable",
#'                        min_count = 3)
#' protected <- sdc_protect(counts)
#' protected
#' sdc_audit(protected)
#' @export
sdc_protect <- function(table_result, cost = "auto", singletons = "coalition", zeros_known = TRUE,
                        must_publish = NULL, must_suppress = NULL, hierarchies = NULL, tables = NULL,
                        method = c("gauss", "optimal"), time_limit_seconds = 60, max_cells = 5000,
                        start_from_gauss = TRUE, intervals = c("repair", "report", "off"), ...) {
  call <- match.call()
  dots <- list(...)
  # R matches a name that begins an argument before `...` to that argument: `zeros = "ignore"`,
  # the table rule on zero cells, would silently become zeros_known. Given without zeros_known
  # it goes where it belongs, to the table rules.
  typed <- names(sys.call())
  if ("zeros" %in% typed && !("zeros_known" %in% typed)) {
    dots$zeros <- zeros_known
    zeros_known <- TRUE
  }
  sdc_call({
    intervals <- interval_mode(intervals)
    if (!is.character(method) || length(method) < 1L || !(method[1L] %in% c("gauss", "optimal")) ||
        (length(method) > 1L && !identical(method, c("gauss", "optimal")))) {
      sdc_abort("invalid_argument", sprintf("method must be gauss or optimal, got '%s'", paste(method, collapse = ", ")))
    }
    method <- method[1L]
    if (!is.null(hierarchies) || !is.null(tables)) {
      if (method != "gauss") {
        sdc_abort("invalid_argument",
                  "method = \"optimal\" is available for flat tables; hierarchies and tables use the Gauss method")
      }
      if (inherits(table_result, "sdc_table_result") || !is.data.frame(table_result)) {
        sdc_abort("invalid_argument", "hierarchies and tables need the microdata (a data frame), not a table result")
      }
      # Named, so that a rule setting in ... (zeros = "ignore") cannot partially match zeros_known.
      return(do.call(protect_system, c(list(data = table_result, tables = tables, hierarchies = hierarchies,
                                            cost = cost, singletons = singletons, zeros_known = zeros_known,
                                            must_publish = must_publish, must_suppress = must_suppress),
                                       dots, list(intervals = intervals, call = call)),
                     quote = TRUE))  # quote: `call` is passed as the call, not evaluated
    }
    if (length(dots) > 0L) {
      sdc_abort("invalid_argument", "table arguments in ... are only for hierarchies or tables")
    }
    check_protectable(table_result)
    n_cells <- nrow(table_result$cells)
    check_cost(cost)
    publish <- cell_selection(must_publish, n_cells, "must_publish")
    suppress <- cell_selection(must_suppress, n_cells, "must_suppress")
    if (method == "optimal") {
      for (what in c("time_limit_seconds", "max_cells")) {
        x <- get(what)
        if (!is.numeric(x) || length(x) != 1L || is.na(x)) sdc_abort("invalid_argument", paste(what, "must be one number"))
      }
      raw <- sdc_protect_optimal_cpp(table_result$core, cost, as.double(time_limit_seconds), as.double(max_cells),
                                     isTRUE(start_from_gauss), publish, suppress)
      return(new_protection_result(table_result, raw, call, method = "optimal", time_limit_seconds = time_limit_seconds))
    }
    raw <- sdc_protect_cpp(table_result$core, cost, singletons, isTRUE(zeros_known), publish, suppress, intervals)
    new_protection_result(table_result, raw, call)
  })
}

#' Audit a suppression pattern
#'
#' Computes, for every suppressed cell of a count or sum table, the interval an
#' intruder can derive from the published cells and the table's additivity (two
#' linear programs per cell, solved with COIN-OR Clp, as `sdc audit`, tau-ARGUS
#' and sdcTable's `attack()`), and compares it with the cell's protection level.
#'
#' @param x an `sdc_protection_result` or `sdc_system_protection` from
#'   [sdc_protect()] (its pattern is audited; for a system, hidden cells that
#'   fail the rules are audited too), or an `sdc_table_result` (computed with
#'   margins). For a table
#'   result, `pattern` gives the suppressed cells; without it the table is
#'   first protected with the defaults of [sdc_protect()], as `sdc audit`
#'   without `--pattern`.
#' @param protection required protection of primary cells: `"rules"` (the
#'   protection levels of the dominance rules, for sums; 0 for counts) or
#'   `"none"`.
#' @param sliding_percent sliding protection level: the interval of a primary
#'   cell must reach this percentage of its value on both sides
#'   (`sdc audit --sliding`).
#' @param nonnegative bound suppressed cells below by 0 (`FALSE` is
#'   `sdc audit --unbounded`); tables with negative contributions are never
#'   bounded.
#' @param pattern for an `sdc_table_result` only: the suppressed cells, as a
#'   logical vector with one flag per row of `x$cells`, or one status per row
#'   (`"published"`, `"primary"`, `"secondary"` or `"suppressed"`, as in the
#'   CSV of `sdc protect --csv`). Suppressed cells that fail the rules are
#'   primary.
#' @param cost,singletons,zeros_known,intervals for an `sdc_table_result`
#'   without `pattern`: the options of the protection done first (see
#'   [sdc_protect()]), as `sdc audit` without `--pattern`.
#' @param tolerance relative tolerance of "exact" (`upper - lower <= tolerance
#'   * max(1, |value|)`).
#' @return an object of class `sdc_audit_result`: a list with `status`
#'   (`"fail"` if a primary cell is disclosed exactly or too narrowly
#'   protected, else `"pass"`), `pattern` (where the pattern came from),
#'   `bounds` (`"nonnegative"` or `"none"`), `protection`, `sliding_percent`,
#'   `counts` (`suppressed`, `exact`, `primary_exact`, `primary_unprotected`,
#'   `linear_programs`) and `cells`, a data frame with one row per suppressed
#'   cell: `cell` (row of the table's cells), the spanning variables, `margin`,
#'   `status` (`"primary"` or `"secondary"`), `value`, `lower`, `upper`
#'   (`Inf` when unbounded), `exact`, `protected`, `required_lower` and
#'   `required_upper`.
#' @seealso [sdc_protect()].
#' @examples
#' path <- system.file("extdata", "microdata1.csv", package = "sdc")
#' microdata1 <- read.csv(path, stringsAsFactors = TRUE)
#' counts <- sdc_crosstab(microdata1, "region", "gender", profile = "sdctable",
#'                        min_count = 3, suppress = TRUE)
#' # Primary suppression alone: the margins give the failing cells back.
#' sdc_audit(counts, pattern = counts$cells$suppressed)
#' @export
sdc_audit <- function(x, pattern = NULL, protection = "rules", sliding_percent = 0, nonnegative = TRUE,
                      cost = "auto", singletons = "coalition", zeros_known = TRUE, tolerance = 1e-6,
                      intervals = c("repair", "report", "off")) {
  call <- match.call()
  sdc_call({
    if (inherits(x, "sdc_system_protection")) {
      if (!is.null(pattern)) sdc_abort("invalid_argument", "a protected cell system is audited with its own pattern")
      return(audit_system(x, protection, sliding_percent, nonnegative, tolerance, call))
    }
    if (inherits(x, "sdc_protection_result")) {
      if (!is.null(pattern)) {
        sdc_abort("invalid_argument", "pattern is for table results; a protection result is audited with its own pattern")
      }
      table_result <- x$table
      suppressed <- x$cells$status != "published"
      primary <- x$cells$status == "primary"
      source <- method_label(x)
    } else {
      check_protectable(x)
      table_result <- x
      if (is.null(pattern)) {
        protected <- sdc_protect(x, cost = cost, singletons = singletons, zeros_known = zeros_known,
                                 intervals = intervals)
        suppressed <- protected$cells$status != "published"
        primary <- protected$cells$status == "primary"
        source <- sprintf("gauss (cost %s, singletons %s)", protected$options$cost,
                          protected$options$singletons)
      } else {
        suppressed <- pattern_flags(pattern, nrow(x$cells))
        primary <- suppressed & (x$cells$status == "fail" |
                                   (is.character(pattern) & pattern == "primary"))
        source <- "pattern"
      }
    }
    if (!is.character(protection) || length(protection) != 1L) {
      sdc_abort("invalid_argument", "protection must be \"rules\" or \"none\"")
    }
    raw <- sdc_audit_cpp(table_result$core, suppressed, primary, protection,
                         as.double(sliding_percent), isTRUE(nonnegative), as.double(tolerance))
    new_audit_result(table_result, raw, source, protection, sliding_percent, call)
  })
}

# "; intervals repair: 1 primary cells too narrow, 2 secondary added" (the CLI's method line).
describe_intervals <- function(intervals) {
  if (is.null(intervals)) return("")
  sprintf("; intervals %s: %d primary cells too narrow, %d secondary added", intervals$mode,
          as.integer(intervals$too_narrow_before), as.integer(intervals$added_secondary))
}

# How a pattern was made, as the audit reports it (Python's AuditResult.pattern).
method_label <- function(x) {
  if (identical(x$method, "optimal")) return(sprintf("optimal (cost %s)", x$options$cost))
  sprintf("gauss (cost %s, singletons %s)", x$options$cost, x$options$singletons)
}

# One interval mode (the default vector gives "repair"); the core checks the name.
interval_mode <- function(intervals, call = sys.call(-1L)) {
  if (identical(intervals, c("repair", "report", "off"))) return("repair")
  if (!is.character(intervals) || length(intervals) != 1L || is.na(intervals)) {
    sdc_abort("invalid_argument", "intervals must be one of repair, report, off", call = call)
  }
  intervals
}

check_protectable <- function(x, call = sys.call(-1L)) {
  if (!inherits(x, "sdc_table_result")) {
    sdc_abort("type_mismatch", "expected a table result of sdc_crosstab() or sdc_check_table()", call = call)
  }
  if (!isTRUE(x$margins)) {
    sdc_abort("invalid_argument",
              "protection needs the table with its margins: compute it with margins = TRUE", call = call)
  }
  if (is.null(x$core)) {
    sdc_abort("invalid_argument", "the table result holds no core table; compute it with sdc_crosstab() or sdc_check_table()",
              call = call)
  }
  invisible(x)
}

# The cost is one name; "auto" is resolved by the core (sdc::default_cost: frequency for counts,
# value for sums), which also rejects unknown names.
check_cost <- function(cost, call = sys.call(-1L)) {
  if (!is.character(cost) || length(cost) != 1L || is.na(cost)) {
    sdc_abort("invalid_argument", "cost must be one of auto, value, frequency, unity", call = call)
  }
  invisible(cost)
}

# Cells given as flags (one per row) or row numbers, as one flag per cell; NULL stays NULL.
cell_selection <- function(x, n_cells, what, call = sys.call(-1L)) {
  if (is.null(x)) return(NULL)
  if (is.logical(x)) {
    if (length(x) != n_cells || anyNA(x)) {
      sdc_abort("length_mismatch", sprintf("%s must have one TRUE/FALSE per cell (%d), got %d values%s", what,
                                           n_cells, length(x), if (anyNA(x)) " with NA" else ""), call = call)
    }
    return(x)
  }
  if (is.numeric(x)) {
    bad <- x[is.na(x) | x < 1 | x > n_cells | x != round(x)]
    if (length(bad) > 0L) {
      sdc_abort("invalid_argument", sprintf("%s: %s is not a row of the table's cells (1 to %d)", what,
                                            format(bad[1L]), n_cells), call = call)
    }
    flags <- logical(n_cells)
    flags[x] <- TRUE
    return(flags)
  }
  sdc_abort("type_mismatch", sprintf("%s must be logical flags or row numbers of the table's cells", what), call = call)
}

pattern_flags <- function(pattern, n_cells, call = sys.call(-1L)) {
  if (is.character(pattern)) {
    known <- c("published", "primary", "secondary", "suppressed", "ok", "review", "fail")
    bad <- setdiff(unique(pattern), known)
    if (length(bad) > 0L) {
      sdc_abort("invalid_argument", sprintf("unknown status '%s' in pattern (expected published, primary, secondary or suppressed)",
                                            bad[1L]), call = call)
    }
    if (length(pattern) != n_cells) {
      sdc_abort("length_mismatch", sprintf("pattern has %d statuses for a table of %d cells", length(pattern), n_cells),
                call = call)
    }
    return(pattern %in% c("primary", "secondary", "suppressed"))
  }
  cell_selection(pattern, n_cells, "pattern", call = call)
}

new_protection_result <- function(table_result, raw, call, method = "gauss", time_limit_seconds = NULL) {
  cells <- table_result$cells
  spanning <- c(table_result$index, table_result$columns)
  suppressed <- raw$status != "published"
  frame <- cells[spanning]
  frame$margin <- cells$margin
  frame$value <- cells$value
  frame$published <- ifelse(suppressed, NA_real_, cells$value)
  frame$n <- cells$n
  frame$status <- raw$status
  frame$verdict <- cells$status
  frame$reasons <- cells$reasons
  rownames(frame) <- NULL
  structure(
    list(
      # pass / review / fail as the core decides it (sdc::protection_status), as `sdc protect`.
      status = raw$protection_status,
      method = method,
      # The options of the CLI's and Python's reports, in their order.
      options = if (method == "gauss") {
        list(cost = raw$cost, singletons = raw$singletons, zeros_known = raw$zeros_known)
      } else {
        list(cost = raw$cost, time_limit_seconds = as.double(time_limit_seconds), proven_optimal = raw$proven_optimal,
             solution_found = raw$solution_found, objective = raw$objective, bound = raw$bound,
             started_from_gauss = raw$started_from_gauss, nodes = raw$nodes)
      },
      counts = list(cells = nrow(frame), published = sum(!suppressed), primary = raw$n_primary,
                    secondary = raw$n_secondary, unprotected = length(raw$unprotected)),
      cells = frame,
      unprotected = frame[raw$unprotected, spanning, drop = FALSE],
      conflicts = frame[raw$conflicts, spanning, drop = FALSE],
      intervals = if (!is.null(raw$intervals)) {
        c(raw$intervals[setdiff(names(raw$intervals), "too_narrow")],
          list(too_narrow = frame[raw$intervals$too_narrow, spanning, drop = FALSE]))
      },
      table = table_result,
      call = call
    ),
    class = "sdc_protection_result"
  )
}

new_audit_result <- function(table_result, raw, source, protection, sliding_percent, call) {
  spanning <- c(table_result$index, table_result$columns)
  rows <- raw$cells$cell
  frame <- data.frame(cell = rows, table_result$cells[rows, spanning, drop = FALSE],
                      margin = table_result$cells$margin[rows],
                      status = ifelse(raw$cells$primary, "primary", "secondary"),
                      value = raw$cells$value, lower = raw$cells$lower, upper = raw$cells$upper,
                      exact = raw$cells$exact, protected = raw$cells$protected,
                      required_lower = raw$cells$required_lower, required_upper = raw$cells$required_upper,
                      stringsAsFactors = FALSE, check.names = FALSE)
  rownames(frame) <- NULL
  structure(
    list(
      status = raw$audit_status,
      pattern = source,
      bounds = if (raw$nonnegative) "nonnegative" else "none",
      protection = protection,
      sliding_percent = sliding_percent,
      counts = list(suppressed = nrow(frame), exact = raw$n_exact, primary_exact = raw$n_primary_exact,
                    primary_unprotected = raw$n_primary_unprotected, linear_programs = raw$n_linear_programs),
      cells = frame,
      index = table_result$index,
      columns = table_result$columns,
      table = table_result,
      call = call
    ),
    class = "sdc_audit_result"
  )
}

# ---- printing ----------------------------------------------------------------------------

#' @export
print.sdc_protection_result <- function(x, ...) {
  table_result <- x$table
  cat(sprintf("sdc protect: %s%s by %s\n", table_result$statistic,
              if (is.null(table_result$values)) "" else paste(" of", table_result$values),
              paste(c(table_result$index, table_result$columns), collapse = " x ")))
  cat(sprintf("protection: %s%s: %d primary and %d secondary suppressions of %d cells; %s\n",
              method_label(x), describe_intervals(x$intervals), as.integer(x$counts$primary), as.integer(x$counts$secondary),
              as.integer(x$counts$cells),
              if (x$counts$unprotected == 0) "every primary cell protected"
              else sprintf("%d primary cells NOT protected", as.integer(x$counts$unprotected))))
  cat(sprintf("status: %s\n\n", x$status))
  text <- ifelse(x$cells$status == "primary", "x [P]",
                 ifelse(x$cells$status == "secondary", "x [S]", format_cell_value(x$cells$value)))
  print(noquote(table_grid(table_result, text)), right = TRUE)
  cat("\n[P] primary suppression  [S] secondary suppression\n")
  for (what in c("unprotected", "conflicts")) {
    rows <- x[[what]]
    if (nrow(rows) > 0L) {
      cat(if (what == "unprotected") "not protected:\n" else "published although it discloses:\n")
      print(rows, row.names = FALSE)
    }
  }
  invisible(x)
}

#' @export
summary.sdc_protection_result <- function(object, ...) {
  structure(list(status = object$status, method = object$method, options = object$options, counts = object$counts,
                 secondary = object$cells[object$cells$status == "secondary",
                                          c(object$table$index, object$table$columns, "value", "n"), drop = FALSE],
                 unprotected = object$unprotected),
            class = "summary.sdc_protection_result")
}

#' @export
print.summary.sdc_protection_result <- function(x, ...) {
  cat(sprintf("sdc protection (%s): %s\n", method_label(x), x$status))
  cat(sprintf("cells: %d; published %d, primary %d, secondary %d; unprotected %d\n",
              as.integer(x$counts$cells), as.integer(x$counts$published), as.integer(x$counts$primary),
              as.integer(x$counts$secondary), as.integer(x$counts$unprotected)))
  if (nrow(x$secondary) > 0L) {
    cat("secondary suppressions:\n")
    print(x$secondary, row.names = FALSE)
  }
  invisible(x)
}

#' @export
as.data.frame.sdc_protection_result <- function(x, ...) {
  x$cells
}

format_bound <- function(x) {
  ifelse(is.infinite(x), ifelse(x > 0, "inf", "-inf"),
         ifelse(x == round(x) & abs(x) < 1e15, formatC(x, format = "f", digits = 0), formatC(x, format = "g", digits = 6)))
}

#' @export
print.sdc_audit_result <- function(x, ...) {
  cells <- x$cells
  cat(sprintf("sdc audit: pattern %s; %d suppressed cells, %d primary; bounds: %s\n", x$pattern,
              nrow(cells), sum(cells$status == "primary"), if (x$bounds == "nonnegative") "x >= 0" else "none"))
  cat(sprintf("%d cells disclosed exactly (%d primary); %d primary cells insufficiently protected\n",
              as.integer(x$counts$exact), as.integer(x$counts$primary_exact), as.integer(x$counts$primary_unprotected)))
  cat(sprintf("status: %s\n\n", x$status))
  if (nrow(cells) > 0L) {
    where <- do.call(paste, c(unname(cells[c(x$index, x$columns)]), sep = " / "))
    flag <- ifelse(cells$exact, "  EXACT", ifelse(cells$status == "primary" & !cells$protected, "  too narrow", ""))
    cat(sprintf("  %-9s %-40s [%s, %s]%s\n", cells$status, where, format_bound(cells$lower),
                format_bound(cells$upper), flag), sep = "")
  }
  invisible(x)
}

#' @export
summary.sdc_audit_result <- function(object, ...) {
  object
}

#' @export
as.data.frame.sdc_audit_result <- function(x, ...) {
  x$cells
}

# ---- JSON (the layouts of `sdc protect --json` and `sdc audit --json`) ----------------------

#' @rdname sdc_to_json
#' @export
sdc_to_json.sdc_protection_result <- function(x, path = NULL, ...) {
  write_document(protection_document(x), path)
}

#' @rdname sdc_to_json
#' @export
sdc_to_json.sdc_audit_result <- function(x, path = NULL, ...) {
  write_document(audit_document(x), path)
}

write_document <- function(document, path) {
  text <- to_json(document)
  if (is.null(path)) return(text)
  writeLines(enc2utf8(text), path, useBytes = TRUE)
  invisible(text)
}

# The coordinates of cells as JSON objects: label per spanning variable, null in margins.
cell_coords <- function(cells, spanning, total_label) {
  lapply(seq_len(nrow(cells)), function(i) {
    stats::setNames(lapply(spanning, function(v) {
      label <- cells[[v]][i]
      if (identical(label, total_label)) NULL else label
    }), spanning)
  })
}

# The header shared by both documents (src/cli/protect_command.cpp, table_header_json).
table_header <- function(table_result) {
  spanning <- c(table_result$index, table_result$columns)
  cells <- table_result$cells
  dimensions <- lapply(spanning, function(v) {
    list(name = v, labels = I(unique(cells[[v]][!cells$margin | cells[[v]] != table_result$total_label])))
  })
  list(statistic = table_result$statistic, value = table_result$values,
       dimensions = dimensions, rules = c(as.list(table_result$rules), source = table_result$rules_source))
}

protection_document <- function(x) {
  t <- x$table
  spanning <- c(t$index, t$columns)
  coords <- cell_coords(x$cells, spanning, t$total_label)
  rows <- function(frame) {
    if (nrow(frame) == 0L) return(list())
    cell_coords(frame, spanning, t$total_label)
  }
  cells <- lapply(seq_len(nrow(x$cells)), function(i) {
    published <- x$cells$status[i] == "published"
    reasons <- if (nzchar(x$cells$reasons[i])) strsplit(x$cells$reasons[i], "; ", fixed = TRUE)[[1L]] else character()
    list(coords = coords[[i]], margin = x$cells$margin[i], status = x$cells$status[i],
         verdict = x$cells$verdict[i], reasons = I(reasons),
         # A suppressed cell's numbers are never written where the table may travel.
         n = if (published) x$cells$n[i] else NULL,
         value = if (published && !is.na(x$cells$value[i])) x$cells$value[i] else NULL)
  })
  c(list(sdc_version = sdc_version_cpp(), status = x$status, method = x$method, options = x$options),
    table_header(t),
    list(counts = x$counts, unprotected = rows(x$unprotected), conflicts = rows(x$conflicts), cells = cells),
    # Only where the interval check applied, as `sdc protect --json`.
    if (!is.null(x$intervals)) list(intervals = c(x$intervals[setdiff(names(x$intervals), "too_narrow")],
                                                  list(too_narrow = rows(x$intervals$too_narrow)))))
}

audit_document <- function(x) {
  t <- x$table
  spanning <- c(t$index, t$columns)
  coords <- cell_coords(x$cells, spanning, t$total_label)
  bound <- function(b) if (is.infinite(b)) NULL else b
  cells <- lapply(seq_len(nrow(x$cells)), function(i) {
    # Intervals are what an intruder can compute anyway; the true values stay out.
    list(coords = coords[[i]], margin = x$cells$margin[i], status = x$cells$status[i],
         lower = bound(x$cells$lower[i]), upper = bound(x$cells$upper[i]), exact = x$cells$exact[i],
         protected = x$cells$protected[i])
  })
  c(list(sdc_version = sdc_version_cpp(), status = x$status, pattern = x$pattern, bounds = x$bounds,
         protection = x$protection, sliding_percent = x$sliding_percent),
    table_header(t), list(counts = x$counts, cells = cells))
}
