# SPDX-License-Identifier: MIT
# Times sdcMicro on the data written by `bench_risk --export DIR` (the same data the C++
# benchmark uses). Usage: Rscript bench/peers/risk_sdcmicro.R DIR [REPEATS]
# Prints one line per task: "<task> <median elapsed seconds> <median CPU seconds>" (CPU: user +
# system of the R process; on a shared machine elapsed time also measures the other processes).
# Reading the CSV is not timed.
.libPaths(c("/opt/rlib-oracles", .libPaths()))
suppressPackageStartupMessages({
  library(sdcMicro)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[[1]] else "."
repeats <- if (length(args) >= 2) as.integer(args[[2]]) else 3L
keys <- paste0("v", 1:6)

time_median <- function(expr_fn) {
  times <- vapply(seq_len(repeats), function(i) {
    gc()
    st <- system.time(expr_fn())
    c(st[["elapsed"]], st[["user.self"]] + st[["sys.self"]])
  }, numeric(2))
  c(median(times[1, ]), median(times[2, ]))
}

full <- as.data.frame(fread(file.path(dir, "risk_1m.csv")))
na <- as.data.frame(fread(file.path(dir, "risk_na_100k.csv")))

res <- list()
res$freqcalc_1m <- time_median(function() freqCalc(full, keyVars = keys, w = "w"))
res$measure_risk_1m <- time_median(function() measure_risk(full, keyVars = keys, w = "w"))
res$household_risk_1m <- time_median(function()
  measure_risk(full, keyVars = keys, w = "w", hid = "hid"))
res$wildcard_100k_alpha1 <- time_median(function()
  freqCalc(na, keyVars = keys, w = "w", alpha = 1))
res$wildcard_100k_alpha05 <- time_median(function()
  freqCalc(na, keyVars = keys, w = "w", alpha = 0.5))

# Sanity figures, so the two implementations can be seen to compute the same thing.
m <- measure_risk(full, keyVars = keys, w = "w", hid = "hid")
cat(sprintf("# sdcMicro %s: ER %.10g, household ER %.10g\n", packageVersion("sdcMicro"),
            m$global_risk_ER, m$hier_risk_ER))
f <- freqCalc(na, keyVars = keys, w = "w", alpha = 1)
cat(sprintf("# wildcard 100k alpha 1: sum fk %.10g, sum Fk %.10g\n", sum(f$fk), sum(f$Fk)))
for (name in names(res)) cat(sprintf("%s %.4f %.4f\n", name, res[[name]][1], res[[name]][2]))
