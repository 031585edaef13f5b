# SPDX-License-Identifier: MIT
# Times sdcMicro's kAnon (local suppression to k-anonymity) on the data written by
# `bench_local_suppression --export DIR` (the same data the C++ benchmark uses).
# Usage: Rscript bench/peers/kanon_sdcmicro.R DIR [REPEATS]
# Prints "kanon_20k <median elapsed seconds> <median CPU seconds>" and "#" lines with sanity figures (records below k before,
# suppressions per variable, records below k after) to compare with sdc's. Reading the CSV is not
# timed. One run takes minutes: the default is a single repeat. CPU time (user + system) is
# reported too because on a shared machine elapsed time mostly measures the other processes.
.libPaths(c("/opt/rlib-oracles", .libPaths()))
suppressPackageStartupMessages({
  library(sdcMicro)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[[1]] else "."
repeats <- if (length(args) >= 2) as.integer(args[[2]]) else 1L
k <- 2

data <- as.data.frame(fread(file.path(dir, "kanon_20k.csv")))
for (v in names(data)) data[[v]] <- factor(data[[v]])
keys <- names(data)

below_k <- function(df) {
  f <- freqCalc(df, keyVars = keys)
  sum(f$fk < k)
}

result <- NULL
times <- vapply(seq_len(repeats), function(i) {
  gc()
  st <- system.time(result <<- kAnon(data, keyVars = keys, k = k))
  c(st[["elapsed"]], st[["user.self"]] + st[["sys.self"]])
}, numeric(2))
cat(sprintf("kanon_20k %.3f %.3f\n", median(times[1, ]), median(times[2, ])))
supps <- unlist(result$supps)
cat(sprintf("# sdcMicro %s: k %d, records below k before %d, suppressions %d (%s), records below k after %d\n",
            packageVersion("sdcMicro"), k, below_k(data), sum(supps),
            paste(names(supps), supps, collapse = ", "), below_k(result$xAnon)))
