# SPDX-License-Identifier: MIT
#
# Secondary suppression side by side: CRAN sdcTable's protectTable() (GAUSS, SIMPLEHEURISTIC)
# and the `sdc protect` / `sdc audit` CLI, on the same count tables, in the same run.
#
#   Rscript bench/peers/protect_sdctable.R [max_cells] [time_limit_seconds] [max_sdctable_cells] [max_audit_cells]
#
# For each shape (about 100, 1,000, 10,000, 100,000 and 1,000,000 cells with margins, in 2, 3
# and 4 dimensions) the inner counts are Poisson(6) (set.seed per shape), written to a CSV of
# inner cells read by both tools; primary cells are the counts 1 and 2 (sdcTable freq rule
# maxN = 2; sdc --min-count 3 --zeros ignore). sdcTable runs under an elapsed-time limit
# (setTimeLimit, default 300 s): a run stopped by it is reported as "> limit", and a method that
# hit the limit is not run on larger shapes of the same dimension; above max_sdctable_cells
# (default 1.1e5) sdcTable is not run at all. Up to max_audit_cells (default 1.1e4) both
# patterns (ours and each sdcTable one) are audited by `sdc audit` (LP intervals, bounds x >= 0):
# the column "audit" counts primary cells disclosed exactly / suppressed cells disclosed exactly.
# Timings are elapsed seconds of one run each; the CLI's include reading the CSV and building
# the table. The sdc binary is $SDC_CLI (default build-protect/src/sdc).
# sdcTable is GPL and used here only as a black box; none of its code is in sdc.

oracle_lib <- Sys.getenv("SDC_ORACLE_LIB", "/opt/rlib-oracles")
.libPaths(c(oracle_lib, .libPaths()))
suppressPackageStartupMessages(library(sdcTable))
args <- commandArgs(trailingOnly = TRUE)
max_cells <- if (length(args) >= 1) as.numeric(args[1]) else 1.1e5
time_limit <- if (length(args) >= 2) as.numeric(args[2]) else 300
max_sdctable_cells <- if (length(args) >= 3) as.numeric(args[3]) else 1.1e5
max_audit_cells <- if (length(args) >= 4) as.numeric(args[4]) else 1.1e4
sdc_cli <- Sys.getenv("SDC_CLI", file.path("build-protect", "src", "sdc"))
work <- file.path(tempdir(), "protect_bench")
dir.create(work, showWarnings = FALSE)

shapes <- list(c(10, 9), c(31, 31), c(99, 100), c(315, 316), c(999, 1000),
               c(4, 4, 5), c(9, 9, 9), c(21, 21, 21), c(46, 46, 46), c(99, 100, 100),
               c(3, 3, 3, 3), c(5, 5, 5, 5), c(9, 9, 9, 9), c(17, 17, 17, 17), c(31, 31, 31, 31))

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

slow <- list()
rows <- list()
for (ks in shapes) {
  n_cells <- prod(ks + 1)
  if (n_cells > max_cells) next
  dim_key <- as.character(length(ks))
  set.seed(1000 + n_cells)
  g <- inner_table(ks)
  csv <- file.path(work, sprintf("table_%s.csv", paste(ks, collapse = "x")))
  write.csv(g, csv, row.names = FALSE, quote = FALSE)
  shape <- paste(ks, collapse = " x ")
  vars <- names(g)[seq_along(ks)]

  # sdc CLI: protect (Gauss, frequency costs, singleton coalition), then audit of that pattern.
  pattern <- file.path(work, "pattern.csv")
  json <- file.path(work, "protect.json")
  common <- c("--table", csv, "--count", "n", "--rows", vars[1],
              if (length(vars) > 1) c("--cols", paste(vars[-1], collapse = ",")),
              "--min-count", "3", "--zeros", "ignore", "--nk", "none", "--p-percent", "none",
              "--class-disclosure", "ignore")
  t_protect <- elapsed(run_cli(c("protect", common, "--csv", pattern, "--json", json)))
  count_of <- function(key) as.numeric(jsonlite::fromJSON(json)$counts[[key]])
  sdc_primary <- count_of("primary")
  sdc_secondary <- count_of("secondary")
  t_audit <- NA  # the LP audit of 10^6 cells is not what is timed here
  if (n_cells <= 1.1e5) {
    t_audit <- elapsed(run_cli(c("audit", common, "--pattern", pattern, "--protection", "none",
                                 "--json", file.path(work, "audit.json"))))
  }
  sdc_audit <- "-"
  if (n_cells <= max_audit_cells) {
    sdc_audit <- audit_verdict(file.path(work, "audit.json"))
  }
  t_plain <- elapsed(run_cli(c("protect", common, "--singletons", "none", "--json", json)))
  rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = "sdc protect --singletons none",
                                         primary = count_of("primary"), secondary = count_of("secondary"),
                                         seconds = t_plain, audit = "-")
  rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = "sdc protect (CLI)",
                                         primary = sdc_primary, secondary = sdc_secondary,
                                         seconds = t_protect, audit = sdc_audit)
  rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = "sdc audit (CLI)",
                                         primary = sdc_primary, secondary = NA, seconds = t_audit, audit = "-")

  if (n_cells > max_sdctable_cells) {
    for (method in c("GAUSS", "SIMPLEHEURISTIC")) {
      rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = paste("sdcTable", method),
                                             primary = NA, secondary = NA, seconds = NA, audit = "-")
    }
    message(sprintf("done %s (sdc only)", shape))
    next
  }
  dims <- lapply(vars, function(v) hier_create(root = "Total", nodes = sort(unique(g[[v]]))))
  names(dims) <- vars
  prob <- makeProblem(data = g, dimList = dims, freqVarInd = "n")
  ps <- primarySuppression(prob, type = "freq", maxN = 2)
  for (method in c("GAUSS", "SIMPLEHEURISTIC")) {
    key <- paste(method, dim_key)
    if (isTRUE(slow[[key]])) {
      rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = paste("sdcTable", method),
                                             primary = NA, secondary = NA, seconds = NA, audit = "-")
      next
    }
    t0 <- proc.time()[["elapsed"]]
    res <- tryCatch({
      setTimeLimit(elapsed = time_limit, transient = TRUE)
      pr <- protectTable(ps, method = method, verbose = FALSE)
      setTimeLimit(elapsed = Inf)
      t <- proc.time()[["elapsed"]] - t0
      fd <- as.data.frame(getInfo(pr, type = "finalData"))
      list(t = t, u = sum(fd$sdcStatus == "u"), x = sum(fd$sdcStatus == "x"), fd = fd)
    }, error = function(e) {
      setTimeLimit(elapsed = Inf)
      list(t = proc.time()[["elapsed"]] - t0, u = NA, x = NA, error = conditionMessage(e))
    })
    stopped <- !is.null(res$error) && grepl("time limit", res$error)
    if (stopped || res$t > time_limit) slow[[key]] <- TRUE
    if (!is.null(res$error)) message(sprintf("%s on %s: %s", method, shape, res$error))
    verdict <- "-"
    if (is.null(res$error) && n_cells <= max_audit_cells) {
      fd <- res$fd
      status <- ifelse(fd$sdcStatus == "u", "primary", ifelse(fd$sdcStatus == "x", "secondary", "published"))
      verdict <- audit_pattern(common, data.frame(fd[vars], status = status))
    }
    rows[[length(rows) + 1]] <- data.frame(shape = shape, cells = n_cells, tool = paste("sdcTable", method),
                                           primary = res$u, secondary = res$x,
                                           seconds = if (stopped) -time_limit else res$t, audit = verdict)
  }
  message(sprintf("done %s", shape))
}
out <- do.call(rbind, rows)
cat(sprintf("| %s | %d | %s | %s | %s | %s | %s |\n", out$shape, out$cells, out$tool,
            ifelse(is.na(out$primary), "-", out$primary), ifelse(is.na(out$secondary), "-", out$secondary),
            ifelse(is.na(out$seconds), "not run",
                   ifelse(out$seconds < 0, sprintf("> %.0f (stopped)", -out$seconds), sprintf("%.2f", out$seconds))),
            out$audit), sep = "")
