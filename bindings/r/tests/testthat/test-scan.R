# SPDX-License-Identifier: MIT
# sdc_scan_combinations(): the unsafe combinations and cells against an independent count with
# base R's table() over every combination of the keys, and hand counts on the Practice Guide
# example.

# Every combination of up to m keys with its cells below the threshold, by base R.
scan_by_table <- function(data, keys, m, thresholds) {
  out <- list()
  for (d in seq_len(min(m, length(keys)))) {
    threshold <- if (length(thresholds) == 1L) thresholds else thresholds[d]
    for (vars in utils::combn(keys, d, simplify = FALSE)) {
      counts <- as.data.frame(table(data[vars], useNA = "ifany"), stringsAsFactors = FALSE)
      counts <- counts[counts$Freq > 0, , drop = FALSE]
      unsafe <- counts[counts$Freq < threshold, , drop = FALSE]
      out[[paste(vars, collapse = " x ")]] <- list(n_cells = nrow(counts), unsafe = nrow(unsafe),
                                                   records = sum(unsafe$Freq))
    }
  }
  out
}

test_that("scan: the Practice Guide example by hand (dimension 1, threshold 3)", {
  guide <- read_practice_guide()
  s <- sdc_scan_combinations(guide, guide_keys, max_dimension = 1, thresholds = 3)
  # Residence: Rural 1; Gender: Male 3 (safe); Education: Primary incomplete, Primary complete,
  # Post-secondary 1 each; Labor: Unemployed 2.
  expect_equal(s$combinations$variables, c("Residence", "Education", "Labor"))
  expect_equal(s$combinations$n_unsafe_cells, c(1, 3, 1))
  expect_equal(s$combinations$records_in_unsafe_cells, c(1, 3, 2))
  expect_equal(s$dimensions$unsafe_combinations, 3)
  expect_equal(s$dimensions$unsafe_cells, 5)
  rural <- s$cells[s$cells$variables == "Residence", ]
  expect_equal(rural$values, "Residence=Rural")
  expect_equal(rural$first_record, 5)
  # Record 3 (Primary incomplete), 5 (Rural; Unemployed), 7 (Primary complete), 8
  # (Post-secondary; Unemployed).
  expect_equal(s$unsafe_combinations_per_record, c(0, 0, 1, 0, 2, 0, 1, 2, 0, 0))
  expect_equal(s$records_affected, 4)
})

test_that("scan: every combination up to dimension 3 matches table() on testdata", {
  testdata <- shared_input("sdcmicro", "testdata.csv")
  keys <- c("urbrur", "roof", "walls", "water", "sex")
  s <- sdc_scan_combinations(testdata, keys, max_dimension = 3, thresholds = c(2, 3, 5),
                             include_safe_combinations = TRUE, max_listed_cells = 1e6)
  expected <- scan_by_table(testdata, keys, 3, c(2, 3, 5))
  expect_equal(nrow(s$combinations), length(expected))
  expect_setequal(s$combinations$variables, names(expected))
  for (i in seq_len(nrow(s$combinations))) {
    e <- expected[[s$combinations$variables[i]]]
    expect_equal(s$combinations$n_cells[i], e$n_cells, info = s$combinations$variables[i])
    expect_equal(s$combinations$n_unsafe_cells[i], e$unsafe, info = s$combinations$variables[i])
    expect_equal(s$combinations$records_in_unsafe_cells[i], e$records, info = s$combinations$variables[i])
  }
  expect_equal(s$dimensions$combinations_scanned, c(5, 10, 10))
  expect_equal(length(s$unsafe_combinations_per_record), nrow(testdata))
})

test_that("scan: missing values as a category or never unsafe", {
  d <- data.frame(a = c("x", "x", "x", NA, "y", "y", "y"), b = c(1, 1, 1, 1, 2, 2, 2))
  as_category <- sdc_scan_combinations(d, c("a", "b"), max_dimension = 2, thresholds = 2)
  # a = NA (1 record) and a=NA x b=1 (1 record) are unsafe cells.
  expect_equal(as_category$dimensions$unsafe_cells, c(1, 1))
  expect_true("a=NA" %in% as_category$cells$values)
  ignored <- sdc_scan_combinations(d, c("a", "b"), max_dimension = 2, thresholds = 2, missing = "ignore")
  expect_equal(ignored$dimensions$unsafe_cells, c(0, 0))
  expect_equal(ignored$records_affected, 0)
})

test_that("scan: bad input is refused with a clear error", {
  guide <- read_practice_guide()
  expect_error(sdc_scan_combinations(guide, "nope"), class = "sdc_invalid_input", regexp = "nope")
  expect_error(sdc_scan_combinations(guide, guide_keys, max_dimension = 0), class = "sdc_invalid_input",
               regexp = "max_dimension")
  expect_error(sdc_scan_combinations(guide, guide_keys, max_dimension = 2, thresholds = c(1, 2, 3)),
               class = "sdc_invalid_input", regexp = "one per dimension")
  expect_error(sdc_scan_combinations(guide, guide_keys, thresholds = 0), class = "sdc_invalid_input",
               regexp = "at least 1")
  expect_error(sdc_scan_combinations(guide, guide_keys, missing = "wildcard"), class = "sdc_invalid_input",
               regexp = "category or ignore")
  expect_error(sdc_scan_combinations(guide, guide_keys, max_combinations = 3), class = "sdc_invalid_input",
               regexp = "max_combinations")
})
