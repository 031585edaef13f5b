# SPDX-License-Identifier: MIT
# Results packages: results.json (ACRO layout), one CSV per table, config.json, SHA-256.

test_that("SHA-256 of files: FIPS 180-2 vectors 'abc' and the empty string", {
  abc <- tempfile()
  writeBin(charToRaw("abc"), abc)
  expect_equal(sdc_sha256(abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  empty <- tempfile()
  file.create(empty)
  expect_equal(sdc_sha256(empty), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
})

make_package <- function() {
  m <- read_microdata1()
  session <- sdc_session("sdctable", suppress = TRUE, min_count = 3)
  table <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                        min_count = 3, nk = NULL, p_percent = NULL, pq = NULL, suppress = TRUE)
  uid_table <- sdc_record(session, table, comments = c("Table 1", "sum of val"))
  uid_model <- sdc_record(session, sdc_check_dof(5), exception = "a pilot model with 5 dof")
  uid_lm <- sdc_record(session, sdc_check_dof(lm(val ~ gender, data = m)), name = "model_2")
  folder <- tempfile("release")
  finalise(session, folder)
  list(session = session, folder = folder, uids = c(uid_table, uid_model, uid_lm))
}

test_that("finalise writes the outputs, results.json, config.json and checksums", {
  p <- make_package()
  expect_equal(p$uids, c("output_0", "output_1", "model_2"))
  written <- sort(list.files(p$folder, recursive = TRUE))
  expect_setequal(written, c("results.json", "config.json", "output_0_0.csv", "output_1_0.csv", "model_2_0.csv",
                             paste0("checksums/", c("results.json", "config.json", "output_0_0.csv",
                                                    "output_1_0.csv", "model_2_0.csv"), ".txt")))
  # The table as pandas writes it: index down, columns across, the suppressed cell empty.
  csv <- readLines(file.path(p$folder, "output_0_0.csv"))
  expect_equal(csv, c("region,female,male,Total", "A,,178.0,198.0", "B,204.0,140.0,344.0",
                      "C,106.0,118.0,224.0", "D,152.0,366.0,518.0", "Total,482.0,802.0,1284.0"))
  expect_equal(readLines(file.path(p$folder, "output_1_0.csv")), c(",residual_dof", "0,5.0"))
  coefficients <- readLines(file.path(p$folder, "model_2_0.csv"))
  expect_equal(coefficients[1], ",coef,std_err,t,p_value")
  expect_match(coefficients[2], "^\\(Intercept\\),")
  # Checksums: the hex digest alone, no newline (as the Python package writes them).
  checksum <- readChar(file.path(p$folder, "checksums", "output_0_0.csv.txt"), 100)
  expect_equal(checksum, sdc_sha256(file.path(p$folder, "output_0_0.csv")))
  expect_output(print(p$session), "3 outputs recorded")
})

test_that("results.json follows the layout of the Python package (ACRO's)", {
  skip_if_not_installed("jsonlite")
  p <- make_package()
  results <- jsonlite::fromJSON(file.path(p$folder, "results.json"), simplifyVector = FALSE)
  expect_equal(names(results), c("version", "results"))
  expect_match(results$version, "^[0-9]+[.][0-9]+[.][0-9]+$")
  record <- results$results$output_0
  expect_equal(names(record), c("uid", "status", "type", "properties", "files", "outcome", "command",
                                "summary", "timestamp", "comments", "exception"))
  expect_equal(record$uid, "output_0")
  expect_equal(record$status, "review")  # published after suppression; the margins give A/female back
  expect_equal(record$type, "table")
  expect_equal(record$properties$method, "crosstab")
  expect_equal(unlist(record$properties$dimensions), c("region", "gender"))
  expect_equal(record$properties$sdc_status, "fail")
  expect_equal(record$properties$published_status, "review")
  expect_equal(record$properties$values, "val")
  expect_equal(record$properties$rules$min_count, "3")
  expect_equal(unlist(record$comments), c("Table 1", "sum of val"))
  file <- record$files[[1]]
  expect_equal(file$name, "output_0_0.csv")
  expect_true(file$sdc$summary$suppressed)
  expect_equal(file$sdc$summary$threshold, 1L)
  expect_equal(file$sdc$summary$reveals_suppressed, 2L)
  expect_equal(file$sdc$summary[["nk-rule"]], 0L)
  # ACRO's [row, column] of (A, female) in the table.
  expect_equal(unlist(file$sdc$cells$threshold[[1]]), c(0L, 0L))
  expect_length(file$sdc$cells[["p-ratio"]], 0L)
  expect_equal(record$outcome$female$A, "threshold; ")
  expect_equal(record$outcome$male$B, "ok")
  expect_equal(record$outcome$Total$A, "reveals_suppressed; ")
  expect_equal(record$summary, "review; threshold: 1 cells; reveals_suppressed: 2 cells")
  model <- results$results$output_1
  expect_equal(model$status, "fail")
  expect_equal(model$type, "regression")
  expect_equal(model$properties$method, "dof")
  expect_equal(model$outcome$residual_dof[["0"]], "threshold; ")
  expect_equal(model$files[[1]]$sdc$summary$threshold, 1L)
  expect_equal(model$exception, "a pilot model with 5 dof")
  expect_match(model$summary, "^fail; the model has 5 residual degrees of freedom")
  expect_equal(results$results$model_2$properties$method, "lm")
  config <- jsonlite::fromJSON(file.path(p$folder, "config.json"))
  expect_equal(config$profile, "sdctable")
  expect_true(config$suppress)
  expect_equal(config$rules$min_count, "3")
  expect_match(config$rules$source, "sdcTable")
  expect_equal(config$outputs$output_0$min_count, "3")
})

test_that("the JSON writer escapes text and keeps arrays", {
  skip_if_not_installed("jsonlite")
  x <- list(a = "quote \" and \\ and\nnewline", b = I(1L), c = c(1.5, NA), d = NULL, e = TRUE,
            f = list(), g = structure(list(), names = character()))
  back <- jsonlite::fromJSON(sdc:::to_json(x), simplifyVector = FALSE)
  expect_equal(back$a, x$a)
  expect_equal(back$b, list(1L))
  expect_equal(back$c, list(1.5, NULL))
  expect_null(back$d)
  expect_true(back$e)
})
