# SPDX-License-Identifier: MIT
# sdc versus sdcMicro and sdcTable from R, in the same run and on the same data:
# * key frequencies and risk on 1M records, 6 keys with cardinalities 2, 20, 10, 6, 5, 10 and
#   sampling weights: sdcMicro freqCalc and measure_risk versus sdc_risk (which computes fk/Fk,
#   individual and global risk, k-anonymity and the attacker models in one call), and freqCalc
#   versus sdc_key_frequencies (fk/Fk alone);
# * k-anonymity by local suppression (k = 2) on n_ls records (default 3,000: sdcMicro's kAnon
#   costs violators x records and takes about a minute there under load) with 6 skewed keys:
#   sdcMicro kAnon versus sdc_local_suppression, elapsed and CPU time, and the suppressions;
# * a 20 x 10 table of sums from 1M records with primary suppression: sdcTable makeProblem +
#   primarySuppression (p% rule) versus sdc_crosstab (all rules of the sdctable profile, or the
#   p% rule alone, with per-cell evidence and reasons).
#
#   Rscript bench/r/bench_r.R [n [n_ls]]   (n records, default 1e6; n_ls, default 3000)
#
# Libraries: $SDC_R_LIB and /opt/rlib-oracles first on the library path when they exist.
# Prints a Markdown table (the "R" section of docs/benchmarks.md). Times are the best of
# `repeats` elapsed times; the peers run fewer times when slow.
for (lib in c(Sys.getenv("SDC_R_LIB"), "/opt/rlib-oracles")) {
  if (nzchar(lib) && dir.exists(lib)) .libPaths(c(lib, .libPaths()))
}
suppressPackageStartupMessages(library(sdc))
have_micro <- suppressWarnings(suppressPackageStartupMessages(requireNamespace("sdcMicro", quietly = TRUE)))
have_table <- suppressWarnings(suppressPackageStartupMessages(requireNamespace("sdcTable", quietly = TRUE)))
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args)) as.numeric(args[1]) else 1e6
n_ls <- if (length(args) > 1L) as.numeric(args[2]) else 3000

best <- function(expr, repeats = 3L) {
  expr <- substitute(expr)
  env <- parent.frame()
  times <- vapply(seq_len(repeats), function(i) {
    gc(FALSE)
    system.time(eval(expr, env))[["elapsed"]]
  }, numeric(1))
  min(times)
}

set.seed(2024)
cardinalities <- c(2, 20, 10, 6, 5, 10)
keys <- paste0("k", seq_along(cardinalities))
micro <- as.data.frame(lapply(cardinalities, function(k) sample.int(k, n, replace = TRUE)))
names(micro) <- keys
micro$w <- stats::runif(n, 50, 150)
# sdc reads factor codes in place; sdcMicro takes the integer codes.
micro_factors <- micro
for (key in keys) micro_factors[[key]] <- factor(micro[[key]])

rows <- list()
row <- function(task, peer, peer_time, ours, our_time) {
  rows[[length(rows) + 1L]] <<- data.frame(task = task, peer = peer, peer_s = peer_time, sdc = ours,
                                           sdc_s = our_time, ratio = peer_time / our_time)
  cat(sprintf("%-55s %-28s %8.3f s | %-40s %8.3f s | %6.1fx\n", task, peer, peer_time, ours, our_time,
              peer_time / our_time))
}

our_risk <- best(sdc_risk(micro_factors, keys, weights = "w"))
our_risk_wild <- best(sdc_risk(micro_factors, keys, weights = "w", missing = "wildcard"))
if (have_micro) {
  peer <- best(sdcMicro::freqCalc(micro, keyVars = keys, w = "w"), repeats = 2L)
  row(sprintf("fk/Fk, %g records, 6 keys", n), "sdcMicro freqCalc", peer, "sdc_risk (fk, Fk, risk, k-anon)", our_risk)
  peer <- best(sdcMicro::measure_risk(micro, keyVars = keys, w = "w"), repeats = 2L)
  row(sprintf("fk/Fk + individual + global risk, %g records", n), "sdcMicro measure_risk", peer,
      "sdc_risk(missing = \"wildcard\")", our_risk_wild)
  peer <- best(sdcMicro::freqCalc(micro, keyVars = keys, w = "w"), repeats = 2L)
  row(sprintf("fk/Fk alone, %g records, 6 keys, wildcard", n), "sdcMicro freqCalc", peer,
      "sdc_key_frequencies(missing = \"wildcard\")",
      best(sdc_key_frequencies(micro_factors, keys, weights = "w", missing = "wildcard")))
} else {
  cat("sdcMicro not installed: sdc alone\n")
  cat(sprintf("sdc_risk: %.3f s; wildcard: %.3f s\n", our_risk, our_risk_wild))
}
# Factorising the integer keys is the visible conversion a caller with integer codes pays once.
conversion <- best(for (key in keys) factor(micro[[key]]), repeats = 2L)
cat(sprintf("factor() of the 6 integer key columns (once per data set): %.3f s\n", conversion))

# A 20 x 10 table of sums from n records.
tab <- data.frame(a = factor(sprintf("a%02d", sample.int(20, n, replace = TRUE))),
                  b = factor(sprintf("b%02d", sample.int(10, n, replace = TRUE))),
                  val = stats::rexp(n, 1 / 1000))
ours_p <- best(sdc_crosstab(tab, "a", "b", values = "val", aggfunc = "sum", profile = "sdctable",
                            min_count = 1, nk = NULL, pq = NULL, p_percent = 80, suppress = TRUE))
ours_all <- best(sdc_crosstab(tab, "a", "b", values = "val", aggfunc = "sum", profile = "sdctable",
                              suppress = TRUE))
if (have_table) {
  dims <- list(a = sdcHierarchies::hier_create(root = "Total", nodes = levels(tab$a)),
               b = sdcHierarchies::hier_create(root = "Total", nodes = levels(tab$b)))
  plain <- data.frame(a = as.character(tab$a), b = as.character(tab$b), val = tab$val)
  peer <- best({
    problem <- sdcTable::makeProblem(data = plain, dimList = dims, numVarInd = "val")
    sdcTable::primarySuppression(problem, type = "p", p = 80, numVarName = "val")
  }, repeats = 2L)
  row(sprintf("20x10 table of sums from %g records, p%% rule", n), "sdcTable makeProblem+primarySuppression",
      peer, "sdc_crosstab(p_percent = 80, suppress)", ours_p)
  problem <- sdcTable::makeProblem(data = plain, dimList = dims, numVarInd = "val")
  peer <- best(sdcTable::primarySuppression(problem, type = "p", p = 80, numVarName = "val"), repeats = 2L)
  row("  same, primarySuppression alone (table already built)", "sdcTable primarySuppression", peer,
      "sdc_crosstab (build + check + suppress)", ours_p)
} else {
  cat("sdcTable not installed: sdc alone\n")
}
cat(sprintf("sdc_crosstab with every sdctable rule (threshold, nk, p, pq): %.3f s\n", ours_all))

# k-anonymity by local suppression (k = 2): keys skewed (probability of category j ~ 1/j), so that
# most records violate 2-anonymity, as in bench/bench_local_suppression.cpp.
ls_data <- as.data.frame(lapply(cardinalities, function(k) sample.int(k, n_ls, replace = TRUE, prob = 1 / seq_len(k))))
names(ls_data) <- keys
ls_factors <- ls_data
for (key in keys) ls_factors[[key]] <- factor(ls_data[[key]])
cpu <- function(expr) {
  t <- system.time(expr)
  c(elapsed = t[["elapsed"]], cpu = t[["user.self"]] + t[["sys.self"]])
}
ours_ls <- sdc_local_suppression(ls_factors, keys, k = 2)
our_ls <- cpu(for (i in 1:20) sdc_local_suppression(ls_factors, keys, k = 2)) / 20
cat(sprintf("local suppression, %g records, k = 2: %d violators; sdc %d values suppressed, %.4f s elapsed, %.4f s CPU (mean of 20)\n",
            n_ls, as.integer(ours_ls$records_below_k_before), as.integer(ours_ls$total_suppressions),
            our_ls[["elapsed"]], our_ls[["cpu"]]))
if (have_micro) {
  peer_ls <- cpu(ka <- sdcMicro::kAnon(ls_data, keyVars = keys, k = 2))
  cat(sprintf("  sdcMicro kAnon: %d values suppressed, %.1f s elapsed, %.1f s CPU (one run); ratio %.0fx elapsed, %.0fx CPU\n",
              as.integer(sum(is.na(ka$xAnon[keys]))), peer_ls[["elapsed"]], peer_ls[["cpu"]],
              peer_ls[["elapsed"]] / our_ls[["elapsed"]], peer_ls[["cpu"]] / max(our_ls[["cpu"]], 1e-3)))
  row(sprintf("local suppression to 2-anonymity, %g records, 6 keys", n_ls), "sdcMicro kAnon (one run)",
      peer_ls[["elapsed"]], "sdc_local_suppression (mean of 20)", our_ls[["elapsed"]])
}

results <- do.call(rbind, rows)
if (!is.null(results)) {
  cat("\n| task | peer | peer (s) | sdc | sdc (s) | peer / sdc |\n|---|---|---|---|---|---|\n")
  cat(sprintf("| %s | %s | %.3f | %s | %.3f | %.1fx |\n", results$task, results$peer, results$peer_s,
              results$sdc, results$sdc_s, results$ratio), sep = "")
}
cat(sprintf("\n%s; R %s; sdc %s%s%s\n", format(Sys.time(), "%Y-%m-%d"), getRversion(), packageVersion("sdc"),
            if (have_micro) paste0("; sdcMicro ", packageVersion("sdcMicro")) else "",
            if (have_table) paste0("; sdcTable ", packageVersion("sdcTable")) else ""))
