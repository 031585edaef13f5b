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
  session <- sdc_session("sdctable", min_count = 3)
  table <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                        min_count = 3, nk = NULL, p_percent = NULL, pq = NULL, suppress = TRUE)
  uid_table <- sdc_record(session, table, comments = c("Table 1", "sum of val"))
  uid_model <- sdc_record(session, sdc_check_dof(5), exception = "a pilot model with 5 dof")
  sdc_record(session, sdc_risk(read_practice_guide(), guide_keys), name = "risk_review")
  folder <- tempfile("release")
  files <- finalise(session, folder)
  list(session = session, folder = folder, files = files, uids = c(uid_table, uid_model))
}

test_that("finalise writes the tables, results.json, config.json and checksums", {
  p <- make_package()
  expect_equal(p$uids, c("output_0", "output_1"))
  written <- sort(list.files(p$folder, recursive = TRUE))
  expect_true(all(c("results.json", "config.json", "output_0.csv", "output_1.csv", "risk_review.csv",
                    "checksums/output_0.csv.txt", "checksums/results.json.txt") %in% written))
  csv <- readLines(file.path(p$folder, "output_0.csv"))
  expect_equal(csv[1], "region,gender,sum,status")
  expect_true("A,female,,suppressed" %in% csv)
  expect_true("D,male,366,ok" %in% csv)
  expect_true("A,Total,198,review" %in% csv)
  expect_true("Total,Total,1284,ok" %in% csv)
  checksum <- readLines(file.path(p$folder, "checksums", "output_0.csv.txt"))
  expect_equal(checksum, sdc_sha256(file.path(p$folder, "output_0.csv")))
  expect_output(print(p$session), "3 outputs recorded")
})

test_that("results.json follows the ACRO layout", {
  skip_if_not_installed("jsonlite")
  p <- make_package()
  results <- jsonlite::fromJSON(file.path(p$folder, "results.json"), simplifyVector = FALSE)
  expect_match(results$version, "^[0-9]+[.][0-9]+[.][0-9]+$")
  record <- results$results$output_0
  for (field in c("uid", "status", "type", "properties", "files", "outcome", "exception",
                  "comments", "timestamp", "command", "summary")) {
    expect_true(field %in% names(record), info = field)
  }
  expect_equal(record$uid, "output_0")
  expect_equal(record$status, "review")  # published after suppression, margins give A/female back
  expect_equal(record$type, "table")
  expect_equal(record$properties$method, "crosstab")
  expect_equal(unlist(record$properties$index), "region")
  expect_true(record$properties$suppressed)
  expect_equal(unlist(record$comments), c("Table 1", "sum of val"))
  expect_equal(record$files[[1]]$name, "output_0.csv")
  expect_equal(record$files[[1]]$sha256, sdc_sha256(file.path(p$folder, "output_0.csv")))
  # The threshold flags the CSV's row 0 (A, female).
  expect_equal(unlist(record$files[[1]]$sdc$cells$threshold), 0L)
  expect_equal(record$files[[1]]$sdc$summary$suppressed, 1L)
  expect_equal(length(record$outcome), 15L)
  first <- record$outcome[[1]]
  expect_equal(first$coords$region, "A")
  expect_equal(first$outcome, "threshold")
  expect_equal(first$status, "suppressed")
  margin <- record$outcome[[15]]
  expect_null(margin$coords$region)
  model <- results$results$output_1
  expect_equal(model$status, "fail")
  expect_equal(model$type, "regression")
  expect_equal(model$exception, "a pilot model with 5 dof")
  expect_equal(results$results$risk_review$type, "risk")
  config <- jsonlite::fromJSON(file.path(p$folder, "config.json"))
  expect_equal(config$profile, "sdctable")
  expect_equal(config$rules$min_count, "3")
  expect_match(config$rules$source, "sdcTable")
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
