# SPDX-License-Identifier: MIT
# Expectations: sdcTable's published primary suppressions on microdata1 (methods.md 4.2) and
# small tables computed by hand.

test_that("microdata1: the frequency rule n <= 2 flags only (A, female)", {
  m <- read_microdata1()
  r <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                    min_count = 3, nk = NULL, p_percent = NULL, pq = NULL)
  expect_s3_class(r, "sdc_table_result")
  expect_equal(failing_cells(r), "A/female")
  expect_equal(r$status, "fail")
  a_female <- cell(r, "A", "female")
  expect_equal(a_female$n, 2)
  expect_equal(a_female$value, 20)  # 11 + 9
  expect_equal(a_female$top1, 11)
  expect_equal(a_female$top2, 9)
  expect_equal(a_female$reasons, "threshold")
})

test_that("microdata1: (2, 75) dominance, p = 70 and pq = (60, 80) flag (A, female) and (D, male)", {
  m <- read_microdata1()
  base <- list(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
               min_count = 1, nk = NULL, p_percent = NULL, pq = NULL)
  call_with <- function(...) do.call(sdc_crosstab, utils::modifyList(base, list(...)))
  nk <- call_with(nk = "2:75")
  expect_equal(failing_cells(nk), c("A/female", "D/male"))
  expect_equal(cell(nk, "D", "male")$reasons, "dominance")
  expect_equal(cell(nk, "D", "male")$value, 366)
  expect_equal(cell(nk, "D", "male")$top1, 280)
  expect_equal(cell(nk, "D", "male")$top2, 11)
  expect_equal(failing_cells(call_with(nk = c(2, 75))), c("A/female", "D/male"))
  expect_equal(failing_cells(call_with(p_percent = 70)), c("A/female", "D/male"))
  expect_equal(failing_cells(call_with(pq = "60:80")), c("A/female", "D/male"))
  expect_equal(failing_cells(call_with(pq = c(60, 80))), c("A/female", "D/male"))
})

test_that("microdata1: p = 80 also flags (D, Total) (total 518, top two 280 and 18)", {
  m <- read_microdata1()
  r <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                    min_count = 1, nk = NULL, p_percent = 80, pq = NULL)
  expect_setequal(failing_cells(r), c("A/female", "D/male", "D/Total"))
  d_total <- cell(r, "D", "Total")
  expect_true(d_total$margin)
  expect_equal(d_total$value, 518)
  expect_equal(c(d_total$top1, d_total$top2), c(280, 18))
})

test_that("counts with all margins on a 2 x 2 table (by hand)", {
  d <- data.frame(region = c("A", "A", "B", "B", "B"), sex = c("F", "M", "F", "F", "M"))
  r <- sdc_crosstab(d, "region", "sex", min_count = 2, zeros = "fail")
  expect_equal(nrow(r$cells), 9)
  expect_equal(cell(r, "A", "F")$value, 1)
  expect_equal(cell(r, "B", "F")$value, 2)
  expect_equal(cell(r, "B", "Total")$value, 3)
  expect_equal(cell(r, "Total", "F")$value, 3)
  expect_equal(cell(r, "Total", "Total")$value, 5)
  # Cells with 1 record fail the threshold of 2.
  expect_equal(failing_cells(r), c("A/F", "A/M", "B/M"))
  expect_equal(names(r$cells)[1:2], c("region", "sex"))
  # Character columns are factorised; a factor gives the same table.
  d$region <- factor(d$region)
  expect_equal(sdc_crosstab(d, "region", "sex", min_count = 2)$cells$value, r$cells$value)
})

test_that("margins = FALSE drops margins and judges the interior cells", {
  d <- data.frame(g = c("a", "a", "b"), h = c("x", "y", "x"))
  r <- sdc_crosstab(d, "g", "h", min_count = 1, zeros = "ignore", margins = FALSE)
  expect_false(any(r$cells$margin))
  expect_equal(nrow(r$cells), 4)
  expect_equal(r$status, "pass")
})

test_that("weights: thresholds count unweighted records, counts are weighted", {
  d <- data.frame(g = c("a", "a", "b"), w = c(10, 20, 5))
  r <- sdc_crosstab(d, "g", weights = "w", min_count = 2)
  expect_equal(cell(r, "a")$value, 30)
  expect_equal(cell(r, "a")$n, 2)
  expect_equal(cell(r, "a")$weighted_count, 30)
  expect_equal(cell(r, "b")$status, "fail")
})

test_that("holding: contributions summed per holding, the threshold counts holdings", {
  d <- data.frame(g = c("a", "a", "a", "a"), firm = c("h1", "h1", "h2", "h3"), val = c(10, 20, 5, 1))
  r <- sdc_crosstab(d, "g", values = "val", aggfunc = "sum", holding = "firm", profile = "acro",
                    min_count = 3, nk = NULL, p_percent = NULL)
  a <- cell(r, "a")
  expect_equal(a$records, 4)
  expect_equal(a$n, 3)
  expect_equal(a$holdings, 3)
  expect_equal(c(a$top1, a$top2), c(30, 5))
  expect_equal(a$status, "ok")
})

test_that("mean, median and missing spanning values", {
  d <- data.frame(g = c("a", "a", "a", NA), x = c(1, 2, 6, 4))
  r <- sdc_crosstab(d, "g", values = "x", aggfunc = "mean", min_count = 1)
  expect_equal(cell(r, "a")$value, 3)
  expect_equal(cell(r, "(missing)")$value, 4)
  expect_equal(cell(r, "Total")$value, 13 / 4)
  med <- sdc_crosstab(d, "g", values = "x", aggfunc = "median", min_count = 1)
  expect_equal(cell(med, "a")$value, 2)
  # 3 records < 20 for a median, and the median 2 is one record's value.
  expect_equal(cell(med, "a")$reasons, "quantile_count; quantile_unique_value")
})

test_that("integer value columns are converted visibly, result is the same", {
  m <- read_microdata1()
  m_int <- m
  m_int$val <- as.integer(m$val)
  a <- sdc_crosstab(m, "region", values = "val", aggfunc = "sum")
  b <- sdc_crosstab(m_int, "region", values = "val", aggfunc = "sum")
  expect_equal(a$cells$value, b$cells$value)
})

test_that("suppression masks failing cells and flags revealing margins", {
  m <- read_microdata1()
  r <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                    min_count = 3, nk = NULL, p_percent = NULL, pq = NULL, suppress = TRUE)
  expect_equal(r$published_status, "review")
  expect_equal(r$suppression$suppressed_cells, 1)
  expect_equal(r$suppression$revealing_margins, 2)
  expect_true(is.na(cell(r, "A", "female")$published))
  expect_equal(cell(r, "A", "Total")$reasons, "reveals_suppressed")
  expect_equal(cell(r, "A", "Total")$published, 198)
})

test_that("aggregated tables: computed margins and evidence", {
  agg <- data.frame(region = c("A", "B", "C"), n = c(2, 12, 30), total = c(20, 400, 900),
                    top1 = c(11, 350, 100), top2 = c(9, 20, 90))
  r <- sdc_check_table(agg, "region", count = "n", sum = "total", top1 = "top1", top2 = "top2",
                       profile = "acro")
  expect_equal(cell(r, "Total")$n, 44)
  expect_equal(cell(r, "Total")$value, 1320)
  expect_equal(cell(r, "A")$reasons, "threshold; dominance; p_percent")
  # B: 350 + 20 = 92.5% of 400 >= 90%; 400 - 350 - 20 = 30 < 10% of 350.
  expect_equal(cell(r, "B")$reasons, "dominance; p_percent")
  expect_equal(cell(r, "C")$status, "ok")
  counts_only <- sdc_check_table(agg, "region", count = "n", min_count = 10)
  expect_equal(failing_cells(counts_only), "A")
  with_total <- data.frame(region = c("A", "Total"), n = c(2, 12))
  expect_equal(cell(sdc_check_table(with_total, "region", count = "n"), "Total")$n, 12)
})

test_that("residual degrees of freedom of models", {
  fit <- lm(mpg ~ wt, data = mtcars)
  r <- sdc_check_dof(fit)
  expect_s3_class(r, "sdc_dof_result")
  expect_equal(r$dof, 30)
  expect_equal(r$status, "pass")
  expect_equal(sdc_check_dof(fit, min_dof = 31)$status, "fail")
  expect_equal(sdc_check_dof(glm(am ~ wt, data = mtcars, family = binomial))$dof, 30)
  five <- sdc_check_dof(5)
  expect_equal(five$status, "fail")
  expect_match(five$reasons$message, "5 residual degrees of freedom, fewer than 10")
})

test_that("profiles and rule settings come from the core", {
  expect_setequal(sdc_profiles(), c("acro", "essnet", "sdctable"))
  s <- sdc_rule_settings("sdctable")
  expect_equal(s[["min_count"]], "4")
  expect_equal(s[["nk"]], "2:85")
  expect_equal(s[["pq"]], "25:50")
  expect_match(attr(s, "source"), "sdcTable")
  modified <- sdc_rule_settings("acro", min_count = 5, pq = "60:80", dominance_boundary_fails = FALSE)
  expect_equal(modified[["min_count"]], "5")
  expect_equal(modified[["pq"]], "60:80")
  expect_equal(modified[["dominance_boundary_fails"]], "false")
  expect_equal(modified[["profile"]], "acro (modified)")
})

test_that("print and summary show the verdicts", {
  m <- read_microdata1()
  r <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                    min_count = 3, nk = NULL, p_percent = NULL, pq = NULL)
  out <- capture.output(print(r))
  expect_true(any(grepl("status: fail", out)))
  expect_true(any(grepl("20 [F]", out, fixed = TRUE)))
  expect_true(any(grepl("threshold", out)))
  s <- summary(r)
  expect_s3_class(s, "summary.sdc_table_result")
  expect_equal(as.integer(s$cells_by_status[["fail"]]), 1L)
  expect_true(any(grepl("failing cells", capture.output(print(s)))))
  expect_equal(as.data.frame(r), r$cells)
})

test_that("factor input: NA codes form the (missing) category, unused levels stay as zero cells", {
  d <- data.frame(g = factor(c("a", NA, "a"), levels = c("a", "b")))
  r <- sdc_crosstab(d, "g", min_count = 1, zeros = "review")
  expect_equal(r$cells$g, c("a", "b", "(missing)", "Total"))
  expect_equal(r$cells$value, c(2, 0, 1, 3))
  expect_equal(cell(r, "b")$reasons, "zero")
  expect_equal(cell(r, "b")$status, "review")
})
