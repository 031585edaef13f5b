# SPDX-License-Identifier: MIT
# sdc_local_suppression(): a hand-worked case, sdcMicro's kAnon on testdata (golden summary of
# tests/data/generate_golden.R), the end state recomputed by brute force, and sdcMicroObj input.

# fk of every record with missing values matching anything, by brute force over the distinct
# keys (independent of the core).
wildcard_fk <- function(data, keys) {
  codes <- as.matrix(data.frame(lapply(data[keys], function(x) as.integer(factor(x)))))
  pattern <- apply(codes, 1L, paste, collapse = "|")
  distinct <- !duplicated(pattern)
  u <- codes[distinct, , drop = FALSE]
  count <- as.vector(table(factor(pattern, levels = pattern[distinct])))
  fk_u <- vapply(seq_len(nrow(u)), function(i) {
    match <- rep(TRUE, nrow(u))
    for (j in seq_len(ncol(u))) match <- match & (is.na(u[, j]) | is.na(u[i, j]) | u[, j] == u[i, j])
    sum(count[match])
  }, numeric(1))
  fk_u[match(pattern, pattern[distinct])]
}

test_that("hand-worked: one suppression makes a unique record 2-anonymous", {
  # Keys (a, b): (1, x) x2, (2, y) x2, (1, y). (1, y) is unique; suppressing its a gives (NA, y),
  # which matches both (2, y); suppressing its b gives (1, NA), matching both (1, x). One value
  # suppressed either way; a has as many categories as b (2), and of equally important
  # variables the one listed later goes first: b.
  d <- data.frame(a = c(1, 1, 2, 2, 1), b = c("x", "x", "y", "y", "y"), other = 1:5)
  r <- sdc_local_suppression(d, c("a", "b"), k = 2)
  expect_s3_class(r, "sdc_local_suppression_result")
  expect_equal(r$total_suppressions, 1)
  expect_equal(r$records_suppressed, 1)
  expect_equal(r$records_below_k_before, 1)
  expect_equal(r$records_below_k_after, 0)
  expect_equal(r$cells$record, 5)
  expect_equal(r$cells$variable, "b")
  expect_equal(r$data$b, c("x", "x", "y", "y", NA))
  expect_equal(r$data$a, d$a)
  expect_equal(r$data$other, d$other)
  expect_equal(d$b[5], "y")  # the input is untouched
  # importance: a is now the least important (suppressed first).
  r2 <- sdc_local_suppression(d, c("a", "b"), k = 2, importance = c(2, 1))
  expect_equal(r2$cells$variable, "a")
  expect_true(is.na(r2$data$a[5]))
  expect_output(print(r), "1 values suppressed")
  expect_equal(summary(r)$suppressions, c(0, 1))
})

test_that("factors keep their levels", {
  d <- data.frame(a = factor(c("p", "p", "q", "q", "p"), levels = c("q", "p")), b = c("x", "x", "y", "y", "y"))
  r <- sdc_local_suppression(d, c("a", "b"), k = 2, importance = c(2, 1))
  expect_equal(levels(r$data$a), c("q", "p"))
  expect_equal(as.character(r$data$a), c("p", "p", "q", "q", NA))
})

test_that("golden: testdata k = 3 against sdcMicro's kAnon, end state by brute force", {
  s <- golden("testdata_summary.csv", c("name", "value"))
  s <- stats::setNames(as.numeric(s$value), s$name)
  d <- shared_input("sdcmicro", "testdata.csv")
  keys <- c("urbrur", "roof", "walls", "water", "electcon", "relat", "sex")
  r <- sdc_local_suppression(d, keys, k = 3)
  expect_equal(r$records_below_k_before, s[["records_fk_lt_3"]])  # 281, as sdcMicro
  expect_equal(r$records_below_k_after, 0)
  expect_equal(r$total_suppressions, nrow(r$cells))
  expect_equal(r$total_suppressions, sum(r$suppressions))
  # sdcMicro's kAnon needs 293 suppressions on these data; the core needs no more.
  expect_lte(r$total_suppressions, s[["kanon3_total_suppressions"]])
  expect_gte(min(wildcard_fk(r$data, keys)), 3)
  # Exactly the listed values became missing.
  changed <- which(is.na(as.matrix(r$data[keys])) & !is.na(as.matrix(d[keys])), arr.ind = TRUE)
  expect_equal(sort(paste(changed[, "row"], keys[changed[, "col"]])), sort(paste(r$cells$record, r$cells$variable)))
})

test_that("an sdcMicroObj gives its key variables", {
  skip_if_not_installed("sdcMicro")
  g <- read_practice_guide()
  obj <- suppressMessages(sdcMicro::createSdcObj(g, keyVars = guide_keys, weightVar = "W"))
  r <- sdc_local_suppression(obj, k = 2)
  expect_equal(r$keys, guide_keys)
  expect_equal(r$records_below_k_before, 4)  # fk = 2 2 1 2 1 2 1 1 2 2
  expect_gte(min(wildcard_fk(r$data, guide_keys)), 2)
  # sdcMicro's kAnon on the same object reaches 2-anonymity too; compare the effort.
  ka <- suppressMessages(sdcMicro::kAnon(obj, k = 2))
  expect_lte(r$total_suppressions, sum(is.na(ka@manipKeyVars)))
})

test_that("bad input: classed sdc errors", {
  d <- data.frame(a = c(1, 1, 2), b = c("x", "y", "y"))
  expect_error(sdc_local_suppression(d, c("a", "b"), k = 0), "k must be at least 1", class = "sdc_invalid_input")
  e <- expect_error(sdc_local_suppression(d, c("a", "t")), class = "sdc_invalid_input")
  expect_equal(e$code, "unknown_column")
  expect_error(sdc_local_suppression(d, c("a", "b"), importance = c(1, 2, 3)), class = "sdc_invalid_input")
  expect_error(sdc_local_suppression(d, c("a", "b"), importance = c(1, NA)), class = "sdc_invalid_input")
  expect_error(sdc_local_suppression(d, c("a", "b"), k = 2.5), class = "sdc_invalid_input")
  expect_error(sdc_local_suppression(d[0, ], c("a", "b")), class = "sdc_invalid_input")
  expect_error(sdc_local_suppression(d, character()), class = "sdc_invalid_input")
})
