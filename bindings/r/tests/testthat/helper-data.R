# SPDX-License-Identifier: MIT
# Data shipped with the package (inst/extdata), and the repository when the tests run inside
# it (golden files, the command-line tool).

extdata <- function(...) {
  path <- system.file("extdata", ..., package = "sdc")
  if (!nzchar(path)) stop("missing extdata file: ", file.path(...))
  path
}

read_microdata1 <- function() read.csv(extdata("microdata1.csv"), stringsAsFactors = TRUE)

read_practice_guide <- function() read.csv(extdata("practice_guide.csv"), stringsAsFactors = TRUE)

guide_keys <- c("Residence", "Gender", "Education", "Labor")

# The sdc repository root: $SDC_REPO_ROOT, or a parent of the working directory holding
# include/sdc; NULL when the tests run outside the repository (e.g. from a tarball).
repo_root <- function() {
  root <- Sys.getenv("SDC_REPO_ROOT")
  if (nzchar(root) && file.exists(file.path(root, "include", "sdc"))) return(normalizePath(root))
  dir <- normalizePath(getwd())
  repeat {
    if (file.exists(file.path(dir, "include", "sdc", "core", "error.hpp"))) return(dir)
    parent <- dirname(dir)
    if (parent == dir) return(NULL)
    dir <- parent
  }
}

# Cells of a table result as "label/label" -> row, for lookups by coordinates.
cell <- function(result, ...) {
  coords <- c(...)
  cells <- result$cells
  spanning <- c(result$index, result$columns)
  match <- Reduce(`&`, Map(function(v, value) cells[[v]] == value, spanning, coords))
  row <- cells[match, , drop = FALSE]
  stopifnot(nrow(row) == 1L)
  row
}

failing_cells <- function(result) {
  cells <- result$cells[result$cells$status == "fail", , drop = FALSE]
  sort(do.call(paste, c(unname(cells[c(result$index, result$columns)]), sep = "/")))
}

# Golden files (tests/data inside the repository, else the installed copy) and shared inputs
# (../shared/data, only inside the repository); used by test-golden.R, test-protect.R and
# test-scan.R.
golden_dir <- function() {
  root <- repo_root()
  if (!is.null(root) && file.exists(file.path(root, "tests", "data", "sdcmicro"))) {
    return(file.path(root, "tests", "data"))
  }
  installed <- system.file("extdata", "golden", package = "sdc")
  if (nzchar(installed)) installed else NULL
}

golden <- function(name, columns) {
  dir <- golden_dir()
  path <- if (is.null(dir)) "" else file.path(dir, "sdcmicro", name)
  if (!file.exists(path)) skip(paste("golden file", name, "not available"))
  data <- utils::read.csv(path, comment.char = "#", stringsAsFactors = FALSE, na.strings = "NA")
  missing <- setdiff(columns, names(data))
  if (length(missing)) skip(paste("golden file", name, "lacks", paste(missing, collapse = ", ")))
  data
}

shared_input <- function(...) {
  root <- repo_root()
  path <- if (is.null(root)) "" else file.path(root, "..", "shared", "data", ...)
  if (!file.exists(path)) skip(paste("shared input", file.path(...), "not available"))
  utils::read.csv(path, stringsAsFactors = FALSE)
}

# Turnover of firms by sector (hierarchy AB = A + B, CD = C + D) and region, worked by hand in
# tests/cpp/test_protect_step.cpp: with the rule (1, 80) only (A, N) = 18 + 1 + 1 fails (90%),
# its level 100/80 * 18 - 20 = 2.5.
firm_turnover <- function() {
  data.frame(sector = rep(c("A", "A", "B", "B", "C", "C", "D", "D"), c(3, 2, 2, 2, 2, 2, 2, 2)),
             region = rep(c("N", "S", "N", "S", "N", "S", "N", "S"), c(3, 2, 2, 2, 2, 2, 2, 2)),
             turnover = c(18, 1, 1, 5, 5, 5, 5, 0.5, 0.5, rep(10, 8)))
}

# The built Python package named by SDC_PYTHONPATH (scripts/ci/r.sh sets it from SDC_CLI's build
# tree), or a skip: for the R-Python comparisons.
python_sdc <- function() {
  python_path <- Sys.getenv("SDC_PYTHONPATH")
  if (!nzchar(python_path) || !dir.exists(file.path(python_path, "sdc"))) {
    skip("SDC_PYTHONPATH is not set to a built Python package: no R-Python comparison")
  }
  skip_if_not_installed("jsonlite")
  python <- Sys.getenv("SDC_PYTHON", "/usr/bin/python3")
  import <- suppressWarnings(system2(python, c("-c", shQuote("import sdc, pandas")),
                                     env = paste0("PYTHONPATH=", python_path), stdout = TRUE, stderr = TRUE))
  if (!is.null(attr(import, "status"))) {
    skip(paste("the Python package at SDC_PYTHONPATH cannot be imported:", utils::tail(import, 1)))
  }
  list(python = python, path = python_path)
}

# Runs Python `code` (which fills the dict `out`) and returns `out` read back from JSON (NaN as
# NA, infinity as Inf).
run_python <- function(py, code) {
  script <- tempfile(fileext = ".py")
  json <- tempfile(fileext = ".json")
  writeLines(c(
    "import json, math, numpy as np, pandas as pd, sdc",
    "out = {}",
    code,
    "def clean(x):",
    "    if isinstance(x, dict): return {str(k): clean(v) for k, v in x.items()}",
    "    if isinstance(x, (list, tuple, np.ndarray)): return [clean(v) for v in list(x)]",
    "    if isinstance(x, np.generic): x = x.item()",
    "    if isinstance(x, float) and math.isnan(x): return None",
    "    if isinstance(x, float) and math.isinf(x): return 'Inf' if x > 0 else '-Inf'",
    "    return x",
    sprintf("json.dump(clean(out), open(%s, 'w'))", shQuote(json))), script)
  output <- suppressWarnings(system2(py$python, script, env = paste0("PYTHONPATH=", py$path), stdout = TRUE,
                                     stderr = TRUE))
  expect_null(attr(output, "status"), label = paste(output, collapse = "\n"))
  jsonlite::fromJSON(json, simplifyVector = TRUE)
}
