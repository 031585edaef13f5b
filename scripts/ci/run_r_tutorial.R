# SPDX-License-Identifier: MIT
# Runs every ```r block of a Markdown file, in order, in one R session (so later blocks see
# earlier objects), from the repository root. Fails on the first error.
# Usage: Rscript scripts/ci/run_r_tutorial.R docs/r-tutorial.md   (SDC_R_LIB: where sdc is)
args <- commandArgs(trailingOnly = TRUE)
lib <- Sys.getenv("SDC_R_LIB")
if (nzchar(lib)) .libPaths(c(lib, .libPaths()))
lines <- readLines(args[1], warn = FALSE)
starts <- grep("^```r\\s*$", lines)
ends <- grep("^```\\s*$", lines)
if (length(starts) == 0L) stop("no ```r blocks in ", args[1])
env <- new.env(parent = globalenv())
for (i in seq_along(starts)) {
  end <- ends[ends > starts[i]][1]
  code <- lines[(starts[i] + 1L):(end - 1L)]
  cat(sprintf("-- block %d (lines %d-%d)\n", i, starts[i], end))
  exprs <- parse(text = code, keep.source = FALSE)
  for (e in exprs) eval(e, env)
}
cat(sprintf("tutorial: %d passed, 0 failed\n", length(starts)))
