# SPDX-License-Identifier: MIT
# Golden files shared by the three test suites (tests/data, generated from sdcMicro/sdcTable:
# see tests/data/README.md). They are copied into inst/extdata/golden by tools/vendor-core.sh;
# inside the repository they are read from tests/data directly. Skipped when neither exists.

golden_dir <- function() {
  installed <- system.file("extdata", "golden", package = "sdc")
  if (nzchar(installed)) return(installed)
  root <- repo_root()
  if (!is.null(root) && dir.exists(file.path(root, "tests", "data"))) return(file.path(root, "tests", "data"))
  NULL
}

golden_files <- function(pattern) {
  dir <- golden_dir()
  if (is.null(dir)) return(character())
  list.files(dir, pattern = pattern, recursive = TRUE, full.names = TRUE)
}

# Golden CSV files may start with "#" comment lines ("generated - do not edit").
read_golden <- function(path) utils::read.csv(path, comment.char = "#", stringsAsFactors = FALSE)

test_that("golden files: freqCalc fk/Fk and individual risk (sdcMicro)", {
  files <- golden_files("^(fk|freq|risk).*\\.csv$")
  if (length(files) == 0L) skip("no fk/risk golden files in tests/data yet")
  for (path in files) {
    golden <- read_golden(path)
    needed <- c("fk", "Fk")
    if (!all(needed %in% names(golden))) next
    meta_path <- sub("\\.csv$", ".json", path)
    if (!file.exists(meta_path) || !requireNamespace("jsonlite", quietly = TRUE)) next
    meta <- jsonlite::fromJSON(meta_path)
    if (is.null(meta$data) || !file.exists(file.path(dirname(path), meta$data))) next
    data <- utils::read.csv(file.path(dirname(path), meta$data), stringsAsFactors = FALSE)
    r <- sdc_risk(data, meta$keys, weights = meta$weights, missing = meta$missing %||% "wildcard",
                  allow_constant_keys = TRUE)
    expect_equal(r$records$fk, golden$fk, info = basename(path))
    expect_equal(r$records$Fk, golden$Fk, info = basename(path))
  }
})
