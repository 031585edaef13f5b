# SPDX-License-Identifier: MIT
# sdc errors arrive as classed conditions with the stable id, from the core or the R checks.

expect_sdc_error <- function(expr, class, code) {
  e <- tryCatch(expr, error = function(e) e)
  expect_s3_class(e, class)
  expect_s3_class(e, "sdc_error")
  expect_s3_class(e, "error")
  expect_equal(e$code, code)
  expect_match(conditionMessage(e), paste0("^\\[sdc\\.[a-z_]+\\.", code, "\\] "))
  invisible(e)
}

test_that("R-side checks: unknown column, bad rule setting names", {
  m <- read_microdata1()
  e <- expect_sdc_error(sdc_crosstab(m, "nope"), "sdc_invalid_input", "unknown_column")
  expect_equal(e$id, "sdc.invalid_input.unknown_column")
  expect_match(conditionMessage(e), "'nope'")
  expect_sdc_error(sdc_crosstab(m, "region", min_cont = 3), "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_crosstab(m, "region", values = "gender", aggfunc = "sum"),
                   "sdc_invalid_input", "type_mismatch")
})

test_that("core errors are re-signalled with their class and code", {
  m <- read_microdata1()
  # Unknown statistic, profile and bad rule values are rejected by the core.
  expect_sdc_error(sdc_crosstab(m, "region", aggfunc = "bogus"), "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_crosstab(m, "region", profile = "nope"), "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_crosstab(m, "region", min_count = "x"), "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_crosstab(m, "region", values = NULL, aggfunc = "sum"),
                   "sdc_invalid_input", "invalid_argument")
  d <- data.frame(x = c("a", "b"), w = c(1, -1))
  expect_sdc_error(sdc_risk(d, "x", weights = "w"), "sdc_invalid_input", "negative_value")
  d$w <- c(1, NA)
  expect_sdc_error(sdc_risk(d, "x", weights = "w"), "sdc_invalid_input", "missing_value")
  expect_sdc_error(sdc_risk(data.frame(x = c("a", "a")), "x"), "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_risk(read_practice_guide(), guide_keys, alpha = 2, missing = "wildcard"),
                   "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_l_diversity(read_practice_guide(), guide_keys, "Health", missing = "wildcard"),
                   "sdc_invalid_input", "invalid_argument")
  expect_sdc_error(sdc_check_table(data.frame(g = "a", n = -1), "g", count = "n"),
                   "sdc_invalid_input", "negative_value")
})

test_that("conditions can be caught by class and name the calling function", {
  m <- read_microdata1()
  caught <- tryCatch(sdc_crosstab(m, "nope"), sdc_invalid_input = function(e) "invalid input")
  expect_equal(caught, "invalid input")
  caught <- tryCatch(sdc_crosstab(m, "region", aggfunc = "bogus"), sdc_error = function(e) conditionCall(e))
  expect_equal(as.character(caught[[1]]), "sdc_crosstab")
})

test_that("I/O failures are sdc_io_failure", {
  folder <- tempfile("release")
  dir.create(folder)
  writeLines("x", file.path(folder, "existing.txt"))
  expect_sdc_error(finalise(sdc_session(), folder), "sdc_io_failure", "io_error")
  expect_sdc_error(sdc_sha256(file.path(folder, "missing")), "sdc_io_failure", "io_error")
})

test_that("the session checks what it records", {
  expect_sdc_error(sdc_record(sdc_session(), list()), "sdc_invalid_input", "type_mismatch")
  expect_sdc_error(sdc_record(sdc_session(), sdc_risk(read_practice_guide(), guide_keys)),
                   "sdc_invalid_input", "type_mismatch")
  session <- sdc_session()
  r <- sdc_check_dof(20)
  sdc_record(session, r, name = "model")
  expect_sdc_error(sdc_record(session, r, name = "model"), "sdc_invalid_input", "invalid_argument")
})

test_that("the compiled code refuses columns it would have to copy", {
  # Integer codes that are not a factor, and integers where doubles are needed, are refused at
  # the boundary (the R functions convert them visibly before the call).
  # Called directly, the C++ exception arrives as Rcpp's condition; sdc_call() translates it.
  raw <- tryCatch(sdc:::sdc_risk_cpp(list(1:3), "x", NULL, "", NULL, "", "category", 1,
                                     NULL, NULL, NULL, NULL, NULL, NULL), error = function(e) e)
  expect_false(inherits(raw, "sdc_error"))
  expect_match(conditionMessage(raw), "^\\[sdc\\.invalid_input\\.type_mismatch\\]")
  e <- expect_sdc_error(sdc:::sdc_call(sdc:::sdc_risk_cpp(list(1:3), "x", NULL, "", NULL, "", "category", 1,
                                                         NULL, NULL, NULL, NULL, NULL, NULL)),
                        "sdc_invalid_input", "type_mismatch")
  expect_match(conditionMessage(e), "must be a factor")
  expect_sdc_error(sdc:::sdc_call(sdc:::sdc_risk_cpp(list(factor(c("a", "b"))), "x", 1:2, "w", NULL, "",
                                                     "category", 1, NULL, NULL, NULL, NULL, NULL, NULL)),
                   "sdc_invalid_input", "type_mismatch")
})
