# SPDX-License-Identifier: MIT
# Times sdcMicro's suda2 and ldiversity on the data written by `bench_suda2 --export DIR` and
# `bench_l_diversity --export DIR` (the same data the C++ benchmarks use).
# Usage: Rscript bench/peers/suda2_sdcmicro.R DIR [REPEATS] [TASKS]   (TASKS: "suda2,ldiv", the
# default, or one of them)
# Prints one line per task, "<task> <median elapsed seconds> <median CPU seconds>", and "#"
# lines with sanity figures (sum of the SUDA scores, records below l = 2) to compare with sdc's.
# CPU time (user + system) is reported too because on a shared machine elapsed time mostly
# measures the other processes. Reading the CSV is not timed.
# The 100k x 12 SUDA2 run takes over a minute per repeat: it is run once.
.libPaths(c("/opt/rlib-oracles", .libPaths()))
suppressPackageStartupMessages({
  library(sdcMicro)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[[1]] else "."
repeats <- if (length(args) >= 2) as.integer(args[[2]]) else 3L
tasks <- if (length(args) >= 3) strsplit(args[[3]], ",")[[1]] else c("suda2", "ldiv")

time_median <- function(expr_fn, times = repeats) {
  t <- vapply(seq_len(times), function(i) {
    gc()
    st <- system.time(expr_fn())
    c(st[["elapsed"]], st[["user.self"]] + st[["sys.self"]])
  }, numeric(2))
  c(median(t[1, ]), median(t[2, ]))
}

read <- function(name) as.data.frame(fread(file.path(dir, name)))

for (set in if ("suda2" %in% tasks) c("suda2_1m_6", "suda2_1m_8", "suda2_100k_12") else c()) {
  data <- read(paste0(set, ".csv"))
  keys <- names(data)
  times <- if (set == "suda2_100k_12") 1L else repeats
  result <- NULL
  seconds <- time_median(function() result <<- suda2(data, variables = keys), times)
  cat(sprintf("%s %.3f %.3f\n", set, seconds[1], seconds[2]))
  cat(sprintf("# sdcMicro %s %s: sum of scores %.10g\n", packageVersion("sdcMicro"), set,
              sum(result$score)))
}

if ("ldiv" %in% tasks) {
  data <- read("ldiv_1m.csv")
  keys <- paste0("v", 1:6)
  result <- NULL
  seconds <- time_median(function() result <<- ldiversity(data, keyVars = keys, ldiv_index = "s"))
  cat(sprintf("ldiversity_1m %.3f %.3f\n", seconds[1], seconds[2]))
  distinct <- result[, "s_Distinct_Ldiversity"]
  cat(sprintf("# sdcMicro ldiv_1m: records with distinct l < 2: %d, minimum %d\n",
              sum(distinct < 2), min(distinct)))
}
