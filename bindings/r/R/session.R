# SPDX-License-Identifier: MIT
# Sessions and results packages (ACRO / SACRO-Viewer layout, docs/r.md "Results package").

#' A session of outputs for release
#'
#' A researcher records each output to release with [sdc_record()] (with
#' comments, and an exception request for an output that fails), then
#' [finalise()] writes the results package an output checker reviews. The
#' package is the one the Python package writes (`sdc.Session.finalise`), in
#' ACRO's layout so that SACRO-Viewer can open it: `results.json` (one record
#' per output: uid, status, type, properties, files with the flagged cells per
#' check, per-cell outcome, command, summary, timestamp, comments, exception),
#' one CSV per output (`<uid>_0.csv`: the table as it may be released),
#' `config.json` (the rules) and `checksums/<file>.txt` (SHA-256).
#'
#' @param profile the session's rule profile, recorded in `config.json` (each
#'   output keeps the rules it was checked with).
#' @param suppress the session's default for suppression, recorded in
#'   `config.json`.
#' @param ... rule settings over the profile, by the core's names.
#' @return an object of class `sdc_session` (an environment: recording
#'   modifies it in place).
#' @examples
#' microdata1 <- read.csv(system.file("extdata", "microdata1.csv", package = "sdc"),
#'                        stringsAsFactors = TRUE)
#' session <- sdc_session("sdctable", suppress = TRUE)
#' result <- sdc_crosstab(microdata1, "region", "gender", values = "val",
#'                        aggfunc = "sum", profile = "sdctable", suppress = TRUE)
#' sdc_record(session, result, comments = "Table 2 of the paper")
#' folder <- file.path(tempdir(), "release")
#' finalise(session, folder)
#' list.files(folder, recursive = TRUE)
#' @export
sdc_session <- function(profile = "acro", suppress = FALSE, ...) {
  sdc_call({
    settings <- sdc_rule_settings(profile, ...)
    session <- new.env(parent = emptyenv())
    session$profile <- profile
    session$suppress <- isTRUE(suppress)
    session$rules <- settings
    session$outputs <- list()
    class(session) <- "sdc_session"
    session
  })
}

#' Record an output in a session
#'
#' @param session an [sdc_session()].
#' @param result the output: an `sdc_table_result` ([sdc_crosstab()],
#'   [sdc_check_table()]) or an `sdc_dof_result` ([sdc_check_dof()]).
#' @param comments comments for the output checker (character).
#' @param exception the justification of an exception request for an output
#'   that does not pass, or `NULL`.
#' @param name the output's uid; by default `output_<i>`.
#' @return the uid, invisibly.
#' @export
sdc_record <- function(session, result, comments = NULL, exception = NULL, name = NULL) {
  sdc_call({
    if (!inherits(session, "sdc_session")) {
      sdc_abort("invalid_argument", "session must be an sdc_session()")
    }
    if (!inherits(result, c("sdc_table_result", "sdc_dof_result"))) {
      sdc_abort("type_mismatch", sprintf("a session records sdc_table_result and sdc_dof_result objects, got %s",
                                         class(result)[1L]))
    }
    uid <- name %||% sprintf("output_%d", length(session$outputs))
    if (!grepl("^[A-Za-z0-9_.-]+$", uid)) {
      sdc_abort("invalid_argument", sprintf("name '%s' must be letters, digits, '_', '.' or '-'", uid))
    }
    if (uid %in% names(session$outputs)) {
      sdc_abort("invalid_argument", sprintf("an output named '%s' is already recorded", uid))
    }
    session$outputs[[uid]] <- list(uid = uid, result = result,
                                   comments = as.character(comments %||% character()),
                                   exception = if (is.null(exception)) "" else paste(exception, collapse = "\n"),
                                   timestamp = format(Sys.time(), "%Y-%m-%dT%H:%M:%OS6"))
    invisible(uid)
  })
}

#' Write the results package of a session
#'
#' @param session an [sdc_session()].
#' @param folder the folder to write; it must not exist or be empty.
#' @return the folder, invisibly.
#' @export
finalise <- function(session, folder) {
  sdc_call({
    if (!inherits(session, "sdc_session")) {
      sdc_abort("invalid_argument", "session must be an sdc_session()")
    }
    if (dir.exists(folder) && length(list.files(folder, all.files = TRUE, no.. = TRUE)) > 0L) {
      sdc_abort("io_error", sprintf("'%s' is not empty; choose a new folder for the results package", folder),
                family = "io")
    }
    if (!dir.exists(folder) && !dir.create(folder, recursive = TRUE)) {
      sdc_abort("io_error", sprintf("cannot create the folder '%s'", folder), family = "io")
    }
    results <- structure(list(), names = character())
    for (output in session$outputs) results[[output$uid]] <- output_record(output, folder)
    write_json_file(list(version = sdc_version_cpp(), results = results), file.path(folder, "results.json"))
    rules_of <- function(result) c(as.list(result$rules), source = result$rules_source)
    config <- list(sdc_version = sdc_version_cpp(), profile = session$profile, suppress = session$suppress,
                   rules = c(as.list(session$rules), source = attr(session$rules, "source")),
                   outputs = structure(lapply(session$outputs, function(o) rules_of(o$result)),
                                       names = names(session$outputs)))
    write_json_file(config, file.path(folder, "config.json"))
    dir.create(file.path(folder, "checksums"), showWarnings = FALSE)
    files <- sort(list.files(folder))
    files <- files[!dir.exists(file.path(folder, files))]
    for (name in files) {
      writeBin(charToRaw(sdc_sha256(file.path(folder, name))), file.path(folder, "checksums", paste0(name, ".txt")))
    }
    invisible(folder)
  })
}

#' @rdname finalise
#' @export
finalize <- finalise

#' SHA-256 of a file
#'
#' Computed by the C++ core, so that the R and Python packages write identical
#' checksums.
#'
#' @param path a file.
#' @return the digest as 64 lowercase hex digits.
#' @examples
#' path <- tempfile()
#' writeBin(charToRaw("abc"), path)
#' sdc_sha256(path)
#' @export
sdc_sha256 <- function(path) {
  sdc_call({
    if (!file.exists(path)) {
      sdc_abort("io_error", sprintf("cannot open '%s'", path), family = "io")
    }
    bytes <- readBin(path, what = "raw", n = file.size(path))
    sdc_sha256_cpp(bytes)
  })
}

# The results package is the Python package's (bindings/python/sdc/session.py), field for
# field: ACRO's layout, ACRO's names for the checks it shares with sdc, the table CSV in the
# layout pandas writes (index down the side, columns across, floats as Python prints them).
acro_check_names <- c(threshold = "threshold", p_percent = "p-ratio", dominance = "nk-rule",
                      negative_values = "negative", missing_values = "missing")

acro_name <- function(code) ifelse(code %in% names(acro_check_names), acro_check_names[code], code)

# One results.json record; writes the output's CSV into `folder`.
output_record <- function(output, folder) {
  result <- output$result
  name <- paste0(output$uid, "_0.csv")
  if (inherits(result, "sdc_table_result")) {
    write_lines_exact(table_csv(result), file.path(folder, name))
    return(table_record(output, result, name))
  }
  write_lines_exact(dof_csv(result), file.path(folder, name))
  dof_record(output, result, name)
}

table_record <- function(output, result, file) {
  cells <- result$cells
  grid <- table_layout(result)
  reasons <- result$reasons
  # Each code once per cell, by ACRO's name where it has one.
  once <- unique(data.frame(cell = reasons$cell, name = unname(acro_name(reasons$code)), stringsAsFactors = FALSE))
  counts <- list(suppressed = !is.null(result$published_status), negative = 0L, missing = 0L,
                 threshold = 0L, `p-ratio` = 0L, `nk-rule` = 0L)
  flagged <- list(negative = list(), missing = list(), threshold = list(), `p-ratio` = list(), `nk-rule` = list())
  for (i in seq_len(nrow(once))) {
    check <- once$name[i]
    counts[[check]] <- (counts[[check]] %||% 0L) + 1L
    flagged[[check]] <- c(flagged[[check]] %||% list(), list(I(c(grid$row[once$cell[i]], grid$column[once$cell[i]]))))
  }
  status <- result$published_status %||% result$status
  shown <- counts[setdiff(names(counts), "suppressed")]
  shown <- shown[unlist(shown) > 0]
  summary <- if (length(shown)) paste0(status, "; ", paste(sprintf("%s: %d cells", names(shown), unlist(shown)), collapse = "; ")) else status
  texts <- vapply(seq_len(nrow(cells)), function(i) {
    codes <- reasons$code[reasons$cell == i]
    if (length(codes)) paste0(codes, "; ", collapse = "") else "ok"
  }, character(1))
  outcome <- lapply(split(seq_len(nrow(cells)), factor(grid$column_label, levels = unique(grid$column_label))),
                    function(rows) stats::setNames(as.list(texts[rows]), grid$row_label[rows]))
  properties <- list(method = result$method, statistic = result$statistic,
                     dimensions = I(c(result$index, result$columns)),
                     rules = c(as.list(result$rules), source = result$rules_source),
                     sdc_status = result$status, published_status = result$published_status)
  for (field in c("values", "weights", "unit", "holding")) {
    if (!is.null(result[[field]])) properties[[field]] <- result[[field]]
  }
  list(uid = output$uid, status = status, type = "table", properties = properties,
       files = list(list(name = file, sdc = list(summary = counts, cells = flagged))),
       outcome = outcome, command = paste(deparse(result$call), collapse = " "), summary = summary,
       timestamp = output$timestamp, comments = I(output$comments), exception = output$exception)
}

dof_record <- function(output, result, file) {
  failed <- result$reasons$code
  status <- result$status
  list(uid = output$uid, status = status, type = "regression",
       properties = list(method = if (is.null(result$model)) "dof" else tolower(result$model), dof = result$dof,
                         rules = c(as.list(result$rules), source = result$rules_source),
                         reasons = lapply(seq_len(nrow(result$reasons)), function(i) as.list(result$reasons[i, ]))),
       files = list(list(name = file, sdc = list(summary = list(suppressed = FALSE, threshold = as.integer("threshold" %in% failed)),
                                                cells = list(threshold = list())))),
       outcome = list(residual_dof = list(`0` = if (length(failed)) paste0(failed, "; ", collapse = "") else "ok")),
       command = paste(deparse(result$call), collapse = " "),
       summary = if (length(failed)) paste0(status, "; ", paste(result$reasons$message, collapse = "; ")) else status,
       timestamp = output$timestamp, comments = I(output$comments), exception = output$exception)
}

# Row and column of every cell in the table layout (index down, columns across), with the
# flat labels pandas gives them ("a / b" for several variables on an axis).
table_layout <- function(result) {
  cells <- result$cells
  row_label <- do.call(paste, c(unname(cells[result$index]), sep = " / "))
  column_label <- if (length(result$columns)) {
    do.call(paste, c(unname(cells[result$columns]), sep = " / "))
  } else {
    rep(result$values %||% result$statistic, nrow(cells))
  }
  list(row = match(row_label, unique(row_label)) - 1L, column = match(column_label, unique(column_label)) - 1L,
       row_label = row_label, column_label = column_label)
}

# Python's repr() of a float: "178.0", "20.5", "1e-07".
python_float <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("")
    if (v == round(v) && abs(v) < 1e16) return(sprintf("%.1f", v))
    for (digits in 1:17) {
      text <- formatC(v, digits = digits, format = "g")
      if (as.numeric(text) == v) return(trimws(text))
    }
    formatC(v, digits = 17, format = "g")
  }, character(1))
}

csv_field <- function(x) {
  x <- as.character(x)
  needs <- !is.na(x) & grepl("[,\"\r\n]", x)
  x[needs] <- paste0("\"", gsub("\"", "\"\"", x[needs], fixed = TRUE), "\"")
  x[is.na(x)] <- ""
  x
}

# The table to release in pandas' to_csv layout: the suppressed table (failing and suppressed
# cells empty) after suppression, else the table as computed.
table_csv <- function(result) {
  cells <- result$cells
  masked <- cells$suppressed | (!is.null(result$published_status) & cells$status == "fail")
  integers <- result$statistic == "count" && is.null(result$weights) && result$method != "check_table" &&
    is.null(result$published_status)
  values <- if (integers) format(cells$value, scientific = FALSE, trim = TRUE) else python_float(ifelse(masked, NA, cells$value))
  rows_key <- do.call(paste, c(unname(cells[result$index]), sep = "\r"))
  row_order <- unique(rows_key)
  row_labels <- cells[match(row_order, rows_key), result$index, drop = FALSE]
  if (length(result$columns)) {
    columns_key <- do.call(paste, c(unname(cells[result$columns]), sep = "\r"))
    column_order <- unique(columns_key)
    column_labels <- cells[match(column_order, columns_key), result$columns, drop = FALSE]
  } else {
    column_order <- rows_key[1]
    columns_key <- rep(column_order, nrow(cells))
    column_labels <- data.frame(x = result$values %||% result$statistic)
  }
  grid <- matrix("", length(row_order), length(column_order))
  grid[cbind(match(rows_key, row_order), match(columns_key, column_order))] <- values
  r <- length(result$index)
  header <- if (length(result$columns) > 1L) {
    c(vapply(seq_along(result$columns), function(j) paste(csv_field(c(result$columns[j], rep("", r - 1L), column_labels[[j]])), collapse = ","), ""),
      paste(csv_field(c(result$index, rep("", length(column_order)))), collapse = ","))
  } else {
    paste(csv_field(c(result$index, column_labels[[1]])), collapse = ",")
  }
  body <- vapply(seq_along(row_order), function(i) {
    paste(c(csv_field(unlist(row_labels[i, ], use.names = FALSE)), grid[i, ]), collapse = ",")
  }, character(1))
  c(header, body)
}

# A model's coefficients (as the Python package writes a statsmodels fit), or its dof.
dof_csv <- function(result) {
  coefficients <- result$coefficients
  if (!is.null(coefficients) && nrow(coefficients) > 0L) {
    names <- c("coef", "std_err", "t", "p_value")[seq_len(min(4L, ncol(coefficients)))]
    body <- vapply(seq_len(nrow(coefficients)), function(i) {
      paste(c(csv_field(rownames(coefficients)[i]), python_float(coefficients[i, seq_along(names)])), collapse = ",")
    }, character(1))
    return(c(paste(c("", names), collapse = ","), body))
  }
  c(",residual_dof", paste0("0,", python_float(result$dof)))
}

write_lines_exact <- function(lines, path) {
  con <- file(path, open = "wb")
  on.exit(close(con))
  writeBin(charToRaw(enc2utf8(paste0(paste(lines, collapse = "\n"), "\n"))), con)
}

#' @export
print.sdc_session <- function(x, ...) {
  cat(sprintf("sdc session (profile %s): %d output%s recorded\n", x$profile, length(x$outputs),
              if (length(x$outputs) == 1L) "" else "s"))
  for (output in x$outputs) {
    result <- output$result
    status <- result$published_status %||% result$status
    cat(sprintf("  %-12s %-8s %s%s\n", output$uid, status, class(result)[1L],
                if (nzchar(output$exception)) "  (exception requested)" else ""))
  }
  invisible(x)
}
