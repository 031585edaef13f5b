# SPDX-License-Identifier: MIT
#
# Secondary suppression side by side: CRAN sdcTable's protectTable() (GAUSS, SIMPLEHEURISTIC)
# and the `sdc protect` / `sdc audit` CLI, on the same count tables.
#
#   Rscript bench/peers/protect_sdctable.R [max_cells] [time_limit_seconds] [max_sdctable_cells] [max_audit_cells]
#                                          [sdc_time_limit_seconds] [max_plain_cells]
#   SDC_BENCH_TOOLS=sdc|sdctable|both (default both)   SDC_CLI=path/to/sdc
#   SDC_BENCH_SHAPES=99x100,21x21x21 (only these shapes)   SDC_BENCH_METHODS=GAUSS (only these sdcTable methods)
#   SDC_BENCH_COST=1: the secondary column also gives the cost, the sum of the counts of the secondary cells
#
# For each shape (about 100, 1,000, 10,000, 100,000 and 1,000,000 cells with margins, in 2, 3
# and 4 dimensions) the inner counts are Poisson(6) (set.seed per shape), written to a CSV of
# inner cells read by both tools; primary cells are the counts 1 and 2 (sdcTable freq rule
# maxN = 2; sdc --min-count 3 --zeros ignore). Each row is printed (markdown) as soon as it is
# measured. sdcTable (makeProblem, primarySuppression, then protectTable per method) runs under an
# elapsed-time limit (default 120 s per call; set-up by setTimeLimit, protectTable in a forked R
# process killed at the limit, since its C code ignores R's limit): a call stopped by it is
# reported as "> limit (stopped; CPU s)" with the CPU seconds it had used, and a method stopped on a shape is not run on the larger shapes
# of the same dimension (reported "> limit (not run: stopped at <shape>)"). The CLI runs under
# its own limit (default 900 s, `timeout`), and the `--singletons none` row (like for like with
# sdcTable, which does not handle singletons) only up to max_plain_cells (default 1.1e4). The
# machine's `uptime` (load average) is printed before and after. Seconds of sdcTable are those of
# protectTable() alone (makeProblem and primarySuppression are not counted, which favours
# sdcTable); seconds of the CLI include reading the CSV, building and checking the table and
# writing the protected table as CSV. The counts of `sdc protect` are read from that CSV's status
# column (the JSON of 10^6 cells is not written). Up to max_audit_cells (default 1.1e4) both
# patterns (ours and each sdcTable one) are audited by `sdc audit` (LP intervals, bounds x >= 0):
# the column "audit" counts primary cells disclosed exactly / suppressed cells disclosed exactly.
# sdcTable is GPL and used here only as a black box; none of its code is in sdc.

oracle_lib <- Sys.getenv("SDC_ORACLE_LIB", "/opt/rlib-oracles")
.libPaths(c(oracle_lib, .libPaths()))
args <- commandArgs(trailingOnly = TRUE)
max_cells <- if (length(args) >= 1) as.numeric(args[1]) else 1.1e5
time_limit <- if (length(args) >= 2) as.numeric(args[2]) else 120
max_sdctable_cells <- if (length(args) >= 3) as.numeric(args[3]) else 1.1e6
max_audit_cells <- if (length(args) >= 4) as.numeric(args[4]) else 1.1e4
sdc_limit <- if (length(args) >= 5) as.numeric(args[5]) else 900
max_plain_cells <- if (length(args) >= 6) as.numeric(args[6]) else 1.1e4
sdc_cli <- Sys.getenv("SDC_CLI", file.path("build-protect", "src", "sdc"))
tools <- Sys.getenv("SDC_BENCH_TOOLS", "both")
run_sdc <- tools %in% c("sdc", "both")
run_sdctable <- tools %in% c("sdctable", "both")
if (run_sdctable) suppressPackageStartupMessages(library(sdcTable))
work <- file.path(tempdir(), "protect_bench")
dir.create(work, showWarnings = FALSE)

shapes <- list(c(10, 9), c(31, 31), c(99, 100), c(315, 316), c(999, 1000),
               c(4, 4, 5), c(9, 9, 9), c(21, 21, 21), c(46, 46, 46), c(99, 100, 100),
               c(3, 3, 3, 3), c(5, 5, 5, 5), c(9, 9, 9, 9), c(17, 17, 17, 17), c(31, 31, 31, 31))

shape_filter <- Sys.getenv("SDC_BENCH_SHAPES", "")
if (nzchar(shape_filter)) {
  wanted <- strsplit(shape_filter, ",", fixed = TRUE)[[1]]
  shapes <- Filter(function(ks) paste(ks, collapse = "x") %in% wanted, shapes)
}
method_filter <- Sys.getenv("SDC_BENCH_METHODS", "GAUSS,SIMPLEHEURISTIC")
inner_table <- function(ks) {
  g <- expand.grid(lapply(seq_along(ks), function(d) sprintf("%s%03d", letters[d], seq_len(ks[d]))),
                   stringsAsFactors = FALSE)
  names(g) <- paste0("v", seq_along(ks))
  g$n <- rpois(nrow(g), 6)
  g
}

elapsed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - t0
}

run_cli <- function(args) {
  out <- system2(sdc_cli, args, stdout = FALSE, stderr = FALSE)
  if (!(out %in% c(0, 1, 3))) stop("sdc failed: ", paste(args, collapse = " "))
  out
}
# `sdc protect` under the CLI limit: elapsed seconds, or NA when it was stopped.
run_cli_limited <- function(args) {
  t0 <- proc.time()[["elapsed"]]
  out <- system2("timeout", c("-s", "KILL", sdc_limit, sdc_cli, args), stdout = FALSE, stderr = FALSE)
  t <- proc.time()[["elapsed"]] - t0
  if (out %in% c(124, 137)) return(NA_real_)
  if (!(out %in% c(0, 1, 3))) stop("sdc failed: ", paste(args, collapse = " "))
  t
}
# CPU seconds (user + system) a process has used, from /proc (NA where unreadable): a stopped
# sdcTable run reports them beside its elapsed time, so a busy machine shows.
cpu_seconds <- function(pid) {
  stat <- tryCatch(suppressWarnings(readLines(sprintf("/proc/%d/stat", pid), warn = FALSE)), error = function(e) "")
  fields <- strsplit(sub("^.*\\) ", "", stat), " ", fixed = TRUE)[[1]]
  if (length(fields) < 13) return(NA_real_)
  ticks <- suppressWarnings(as.numeric(system("getconf CLK_TCK", intern = TRUE)))
  (as.numeric(fields[12]) + as.numeric(fields[13])) / ticks
}
# protectTable in a forked process, killed after time_limit seconds (then list(stopped = TRUE,
# cpu = its CPU seconds)).
protect_forked <- function(ps, method) {
  job <- parallel::mcparallel({
    tryCatch({
      t0 <- proc.time()[["elapsed"]]
      pr <- protectTable(ps, method = method, verbose = FALSE)
      t <- proc.time()[["elapsed"]] - t0
      fd <- as.data.frame(getInfo(pr, type = "finalData"))
      list(t = t, u = sum(fd$sdcStatus == "u"), x = sum(fd$sdcStatus == "x"), fd = fd)
    }, error = function(e) list(t = NA_real_, u = NA, x = NA, error = conditionMessage(e)))
  }, silent = TRUE)
  t0 <- proc.time()[["elapsed"]]
  res <- parallel::mccollect(job, wait = FALSE, timeout = time_limit)
  if (is.null(res)) {
    cpu <- cpu_seconds(job$pid)
    tools::pskill(job$pid, tools::SIGKILL)
    parallel::mccollect(job, wait = TRUE)
    return(list(stopped = TRUE, cpu = cpu))
  }
  res <- res[[1]]
  if (inherits(res, "try-error")) res <- list(t = NA_real_, u = NA, x = NA, error = as.character(res))
  if (!is.null(res$error)) res$t <- proc.time()[["elapsed"]] - t0
  res
}

# Audits a pattern (data frame: spanning variables + status) with `sdc audit`; "primary exact /
# all exact" from its JSON.
audit_pattern <- function(common, pattern_df) {
  path <- file.path(work, "pattern_audit.csv")
  write.csv(pattern_df, path, row.names = FALSE, quote = FALSE)
  json <- file.path(work, "audit_pattern.json")
  run_cli(c("audit", common, "--pattern", path, "--protection", "none", "--json", json))
  audit_verdict(json)
}
audit_verdict <- function(json) {
  counts <- jsonlite::fromJSON(json)$counts
  sprintf("%d / %d", as.integer(counts$primary_exact), as.integer(counts$exact))
}

# One markdown row, printed at once.
emit <- function(shape, cells, tool, primary, secondary, seconds, audit = "-") {
  cat(sprintf("| %s | %d | %s | %s | %s | %s | %s |\n", shape, as.integer(cells), tool,
              ifelse(is.na(primary), "-", primary), ifelse(is.na(secondary), "-", secondary), seconds, audit))
  flush(stdout())
}
fmt_seconds <- function(t) sprintf("%.2f", t)
with_cost <- Sys.getenv("SDC_BENCH_COST", "") == "1"
# The count of every cell of a pattern (rows of spanning variables, "Total" for a margin), from
# the inner table g: the sum of the inner counts the cell covers.
cell_counts <- function(pattern, g, vars) {
  vapply(seq_len(nrow(pattern)), function(i) {
    keep <- rep(TRUE, nrow(g))
    for (v in vars) if (pattern[[v]][i] != "Total") keep <- keep & g[[v]] == pattern[[v]][i]
    sum(g$n[keep])
  }, numeric(1))
}
# "secondary" or, with SDC_BENCH_COST=1, "secondary (cost c)".
with_cost_of <- function(secondary, cost) {
  if (!with_cost || is.na(secondary)) return(secondary)
  sprintf("%s (cost %s)", secondary, format(cost, big.mark = ","))
}
# Counts of statuses in a pattern CSV written by `sdc protect --csv` (only the status column is
# read, and the spanning variables for the cost).
status_counts <- function(path, g = NULL, vars = NULL) {
  if (with_cost && !is.null(g)) {
    pattern <- data.table::fread(path, select = c(vars, "status"), colClasses = "character", showProgress = FALSE)
    secondary <- pattern[pattern$status == "secondary", ]
    return(list(primary = sum(pattern$status == "primary"),
                secondary = with_cost_of(nrow(secondary), sum(cell_counts(secondary, g, vars)))))
  }
  st <- data.table::fread(path, select = "status", showProgress = FALSE)$status
  list(primary = sum(st == "primary"), secondary = sum(st == "secondary"))
}

cat("uptime before:", system("uptime", intern = TRUE), "\n\n")
cat("| shape | cells | tool | primary | secondary | seconds | audit |\n|---|---|---|---|---|---|---|\n")
slow <- list()
for (ks in shapes) {
  n_cells <- prod(ks + 1)
  if (n_cells > max_cells) next
  dim_key <- as.character(length(ks))
  set.seed(1000 + n_cells)
  g <- inner_table(ks)
  csv <- file.path(work, sprintf("table_%s.csv", paste(ks, collapse = "x")))
  data.table::fwrite(g, csv)
  shape <- paste(ks, collapse = " x ")
  vars <- names(g)[seq_along(ks)]
  common <- c("--table", csv, "--count", "n", "--rows", vars[1],
              if (length(vars) > 1) c("--cols", paste(vars[-1], collapse = ",")),
              "--min-count", "3", "--zeros", "ignore", "--nk", "none", "--p-percent", "none",
              "--class-disclosure", "ignore")

  if (run_sdc) {
    # sdc CLI: protect (Gauss, frequency costs, singleton coalition), then audit of that pattern.
    pattern <- file.path(work, "pattern.csv")
    unlink(pattern)
    t_protect <- run_cli_limited(c("protect", common, "--csv", pattern))
    if (is.na(t_protect)) {
      emit(shape, n_cells, "sdc protect (CLI)", NA, NA, sprintf("> %.0f (stopped)", sdc_limit))
    } else {
      ours <- status_counts(pattern, g, vars)
      sdc_audit <- "-"
      if (n_cells <= max_audit_cells) {
        run_cli(c("audit", common, "--pattern", pattern, "--protection", "none", "--json", file.path(work, "audit.json")))
        sdc_audit <- audit_verdict(file.path(work, "audit.json"))
      }
      emit(shape, n_cells, "sdc protect (CLI)", ours$primary, ours$secondary, fmt_seconds(t_protect), sdc_audit)
    }
    if (n_cells <= max_plain_cells) {
      plain <- file.path(work, "pattern_plain.csv")
      t_plain <- run_cli_limited(c("protect", common, "--singletons", "none", "--csv", plain))
      if (is.na(t_plain)) {
        emit(shape, n_cells, "sdc protect --singletons none", NA, NA, sprintf("> %.0f (stopped)", sdc_limit))
      } else {
        plain_counts <- status_counts(plain, g, vars)
        emit(shape, n_cells, "sdc protect --singletons none", plain_counts$primary, plain_counts$secondary,
             fmt_seconds(t_plain))
      }
    }
  }
  if (!run_sdctable) next

  methods <- intersect(c("GAUSS", "SIMPLEHEURISTIC"), strsplit(method_filter, ",", fixed = TRUE)[[1]])
  pending <- methods[!vapply(paste(methods, dim_key), function(k) !is.null(slow[[k]]), logical(1))]
  for (method in setdiff(methods, pending)) {
    emit(shape, n_cells, paste("sdcTable", method), NA, NA,
         sprintf("> %.0f (not run: over the limit at %s)", time_limit, slow[[paste(method, dim_key)]]))
  }
  if (length(pending) == 0) next
  if (n_cells > max_sdctable_cells) {
    for (method in pending) emit(shape, n_cells, paste("sdcTable", method), NA, NA, "not run")
    next
  }
  # Problem set-up under the same limit.
  ps <- tryCatch({
    setTimeLimit(elapsed = time_limit, transient = TRUE)
    dims <- lapply(vars, function(v) hier_create(root = "Total", nodes = sort(unique(g[[v]]))))
    names(dims) <- vars
    prob <- makeProblem(data = g, dimList = dims, freqVarInd = "n")
    out <- primarySuppression(prob, type = "freq", maxN = 2)
    setTimeLimit(elapsed = Inf)
    out
  }, error = function(e) {
    setTimeLimit(elapsed = Inf)
    conditionMessage(e)
  })
  if (is.character(ps)) {
    for (method in pending) {
      slow[[paste(method, dim_key)]] <- shape
      emit(shape, n_cells, paste("sdcTable", method), NA, NA, sprintf("> %.0f (set-up stopped)", time_limit))
    }
    next
  }
  for (method in pending) {
    key <- paste(method, dim_key)
    res <- protect_forked(ps, method)
    stopped <- isTRUE(res$stopped)
    if (stopped) res <- list(t = time_limit, u = NA, x = NA, error = "time limit", cpu = res$cpu)
    if (stopped || res$t > time_limit) slow[[key]] <- shape
    verdict <- "-"
    if (is.null(res$error) && n_cells <= max_audit_cells) {
      fd <- res$fd
      status <- ifelse(fd$sdcStatus == "u", "primary", ifelse(fd$sdcStatus == "x", "secondary", "published"))
      verdict <- audit_pattern(common, data.frame(fd[vars], status = status))
    }
    seconds <- if (stopped) sprintf("> %.0f (stopped; CPU %.0f s)", time_limit, res$cpu) else
      if (!is.null(res$error)) sprintf("failed after %.2f: %s", res$t, gsub("[|\n]", " ", res$error)) else fmt_seconds(res$t)
    secondary <- res$x
    if (with_cost && is.null(res$error)) secondary <- with_cost_of(res$x, sum(res$fd$Freq[res$fd$sdcStatus == "x"]))
    emit(shape, n_cells, paste("sdcTable", method), res$u, secondary, seconds, verdict)
  }
}
cat("\nuptime after:", system("uptime", intern = TRUE), "\n")
