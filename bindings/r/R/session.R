# SPDX-License-Identifier: MIT
# Sessions and results packages (ACRO / SACRO-Viewer layout, docs/r.md "Results package").

#' A session of outputs for release
#'
#' A researcher records each output to release with [sdc_record()] (with
#' comments, and an exception request for an output that fails), then
#' [finalise()] writes the results package an output checker reviews: the
#' ACRO / SACRO-Viewer layout, with `results.json` (one record per output:
#' uid, status, type, properties, files, per-cell outcome, exception, comments,
#' timestamp), one CSV per table, `config.json` (the rules) and SHA-256
#' checksums.
#'
#' @param profile the rule profile recorded in `config.json` (each output keeps
#'   the rules it was checked with).
#' @param ... rule settings over the profile, by the core's names.
#' @return an object of class `sdc_session` (an environment: recording
#'   modifies it in place).
#' @examples
#' microdata1 <- read.csv(system.file("extdata", "microdata1.csv", package = "sdc"),
#'                        stringsAsFactors = TRUE)
#' session <- sdc_session("sdctable")
#' result <- sdc_crosstab(microdata1, "region", "gender", values = "val",
#'                        aggfunc = "sum", profile = "sdctable", suppress = TRUE)
#' sdc_record(session, result, comments = "Table 2 of the paper")
#' folder <- file.path(tempdir(), "release")
#' finalise(session, folder)
#' list.files(folder, recursive = TRUE)
#' @export
sdc_session <- function(profile = "acro", ...) {
  sdc_call({
    settings <- sdc_rule_settings(profile, ...)
    session <- new.env(parent = emptyenv())
    session$profile <- profile
    session$rules <- settings
    session$outputs <- list()
    session$created <- timestamp_now()
    class(session) <- "sdc_session"
    session
  })
}

#' Record an output in a session
#'
#' @param session an [sdc_session()].
#' @param result the output: an `sdc_table_result` ([sdc_crosstab()],
#'   [sdc_check_table()]), an `sdc_dof_result` ([sdc_check_dof()]), or a risk
#'   result ([sdc_risk()], [sdc_suda()], [sdc_l_diversity()],
#'   [sdc_t_closeness()]).
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
    known <- c("sdc_table_result", "sdc_dof_result", "sdc_risk_result", "sdc_suda_result",
               "sdc_l_diversity_result", "sdc_t_closeness_result")
    if (!inherits(result, known)) {
      sdc_abort("invalid_argument", sprintf("cannot record an object of class '%s'; expected one of %s",
                                            class(result)[1L], paste(known, collapse = ", ")))
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
                                   timestamp = timestamp_now())
    invisible(uid)
  })
}

#' Write the results package of a session
#'
#' @param session an [sdc_session()].
#' @param folder the folder to write; it must not exist or be empty.
#' @return the paths of the files written, invisibly.
#' @export
finalise <- function(session, folder) {
  sdc_call({
    if (!inherits(session, "sdc_session")) {
      sdc_abort("invalid_argument", "session must be an sdc_session()")
    }
    if (dir.exists(folder) && length(list.files(folder, all.files = TRUE, no.. = TRUE)) > 0L) {
      sdc_abort("io_error", sprintf("the folder '%s' exists and is not empty", folder), family = "io")
    }
    if (!dir.exists(folder) && !dir.create(folder, recursive = TRUE)) {
      sdc_abort("io_error", sprintf("cannot create the folder '%s'", folder), family = "io")
    }
    dir.create(file.path(folder, "checksums"), showWarnings = FALSE)
    written <- character()
    results <- list()
    for (output in session$outputs) {
      record <- output_record(output, folder)
      written <- c(written, vapply(record$files, function(f) f$name, character(1)))
      results[[output$uid]] <- record
    }
    package <- list(version = sdc_version_cpp(), generator = "sdc (R package)",
                    created = session$created, finalised = timestamp_now(), results = results)
    write_json_file(package, file.path(folder, "results.json"))
    config <- list(sdc_version = sdc_version_cpp(), profile = session$profile,
                   rules = c(as.list(session$rules), source = attr(session$rules, "source")))
    write_json_file(config, file.path(folder, "config.json"))
    written <- c(written, "results.json", "config.json")
    for (name in written) {
      writeLines(sdc_sha256(file.path(folder, name)), file.path(folder, "checksums", paste0(name, ".txt")))
    }
    invisible(file.path(folder, c(written, file.path("checksums", paste0(written, ".txt")))))
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

timestamp_now <- function() format(Sys.time(), "%Y-%m-%dT%H:%M:%S%z")

# One results.json record; writes the output's files into `folder`.
output_record <- function(output, folder) {
  result <- output$result
  uid <- output$uid
  if (inherits(result, "sdc_table_result")) {
    files <- list(write_table_file(result, folder, paste0(uid, ".csv")))
    status <- result$published_status %||% result$status
    outcome <- table_outcome(result)
    properties <- list(method = result$method, statistic = result$statistic,
                       percentile = result$percentile, index = I(result$index),
                       columns = I(as.character(result$columns)), values = result$values,
                       weights = result$weights, unit = result$unit, holding = result$holding,
                       margins = result$margins, suppressed = !is.null(result$published_status),
                       profile = result$rules[["profile"]], rules = as.list(result$rules))
    summary <- table_summary_text(result, status)
    type <- result$type
  } else if (inherits(result, "sdc_dof_result")) {
    frame <- data.frame(dof = result$dof, min_dof = result$min_dof, status = result$status)
    files <- list(write_frame_file(frame, folder, paste0(uid, ".csv")))
    status <- result$status
    outcome <- list(list(cell = 0L, coords = structure(list(), names = character()),
                         status = if (status == "pass") "ok" else "fail",
                         outcome = if (status == "pass") "ok" else "dof"))
    properties <- list(method = "check_dof", model = result$model, dof = result$dof,
                       min_dof = result$min_dof, profile = result$rules[["profile"]])
    summary <- paste0(status, if (nrow(result$reasons)) paste0("; ", result$reasons$message[1]) else "")
    type <- "regression"
  } else {
    frame <- risk_frame(result)
    files <- list(write_frame_file(frame, folder, paste0(uid, ".csv")))
    status <- "review"
    outcome <- list()
    properties <- list(method = result$type, keys = I(result$keys))
    summary <- "review; a risk assessment is for the reviewer of a data request, not a release"
    type <- "risk"
  }
  list(uid = uid, status = status, type = type, properties = properties, files = files,
       outcome = outcome, command = paste(deparse(result$call), collapse = " "),
       summary = summary, exception = output$exception, comments = I(output$comments),
       timestamp = output$timestamp)
}

# The published table: as the command line's --csv (suppressed values left empty).
write_table_file <- function(result, folder, name) {
  cells <- result$cells
  spanning <- c(result$index, result$columns)
  frame <- cells[spanning]
  frame[[result$statistic]] <- ifelse(cells$suppressed, NA, cells$value)
  frame$status <- ifelse(cells$suppressed, "suppressed", cells$status)
  file <- write_frame_file(frame, folder, name)
  # Where each check flags cells: rows of the CSV (0-based), by reason code.
  reasons <- result$reasons
  flagged <- lapply(split(reasons$cell - 1L, factor(reasons$code, levels = unique(reasons$code))),
                    function(rows) I(as.integer(unique(rows))))
  counts <- lapply(flagged, length)
  file$sdc <- list(
    summary = c(list(cells = nrow(cells), fail = sum(cells$status == "fail"),
                     review = sum(cells$status == "review"), suppressed = sum(cells$suppressed)),
                counts),
    cells = if (length(flagged)) flagged else structure(list(), names = character())
  )
  file
}

write_frame_file <- function(frame, folder, name) {
  quote <- function(x) {
    x <- as.character(x)
    needs <- !is.na(x) & grepl("[,\"\r\n]", x)
    x[needs] <- paste0("\"", gsub("\"", "\"\"", x[needs], fixed = TRUE), "\"")
    x[is.na(x)] <- ""
    x
  }
  text <- function(column) {
    if (is.numeric(column)) {
      out <- ifelse(is.na(column), "", as.character(column))
      return(out)
    }
    quote(column)
  }
  lines <- c(paste(quote(names(frame)), collapse = ","),
             do.call(paste, c(lapply(frame, text), sep = ",")))
  path <- file.path(folder, name)
  writeLines(enc2utf8(lines), path, useBytes = TRUE)
  list(name = name, sha256 = sdc_sha256(path))
}

table_outcome <- function(result) {
  cells <- result$cells
  spanning <- c(result$index, result$columns)
  lapply(seq_len(nrow(cells)), function(i) {
    coords <- lapply(spanning, function(v) if (cells$margin[i] && cells[[v]][i] == result$total_label) NULL else cells[[v]][i])
    names(coords) <- spanning
    coords <- lapply(coords, function(v) v %||% NA_character_)
    list(cell = i - 1L, coords = coords,
         status = if (cells$suppressed[i]) "suppressed" else cells$status[i],
         outcome = if (cells$reasons[i] == "") "ok" else cells$reasons[i])
  })
}

table_summary_text <- function(result, status) {
  codes <- table(result$reasons$code)
  if (length(codes) == 0L) return(status)
  paste0(status, "; ", paste(sprintf("%s: %d cell%s", names(codes), as.integer(codes),
                                     ifelse(codes == 1, "", "s")), collapse = "; "))
}

risk_frame <- function(result) {
  if (inherits(result, "sdc_risk_result")) return(result$k_anonymity)
  if (inherits(result, "sdc_suda_result")) return(result$attribute_contribution)
  if (inherits(result, "sdc_l_diversity_result")) return(result$summary)
  data.frame(variable = result$variable, max_distance = result$max_distance)
}

#' @export
print.sdc_session <- function(x, ...) {
  cat(sprintf("sdc session (profile %s): %d output%s recorded\n", x$profile, length(x$outputs),
              if (length(x$outputs) == 1L) "" else "s"))
  for (output in x$outputs) {
    result <- output$result
    status <- if (inherits(result, "sdc_table_result")) result$published_status %||% result$status else result$status %||% "review"
    cat(sprintf("  %-12s %-8s %s%s\n", output$uid, status, class(result)[1L],
                if (nzchar(output$exception)) "  (exception requested)" else ""))
  }
  invisible(x)
}
