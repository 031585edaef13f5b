# SPDX-License-Identifier: MIT
# Expectations: the published values of the SDC Practice Guide's 10-record example
# (methods.md 4.1) and small cases computed by hand.

test_that("Practice Guide: fk, Fk, individual risk, expected re-identifications", {
  g <- read_practice_guide()
  r <- sdc_risk(g, guide_keys, weights = "W", k = c(2, 3))
  expect_s3_class(r, "sdc_risk_result")
  expect_equal(r$records$fk, c(2, 2, 1, 2, 1, 2, 1, 1, 2, 2))
  expect_equal(r$records$Fk, c(360, 360, 215, 152, 186, 152, 180, 215, 262, 262))
  expect_equal(r$records$risk, c(0.0054245, 0.0054245, 0.0250964, 0.0125634, 0.0282473,
                                 0.0125634, 0.0290109, 0.0250964, 0.0074038, 0.0074038),
               tolerance = 1e-5)
  expect_equal(r$expected_reidentifications, 0.1582346, tolerance = 1e-6)
  expect_equal(r$global_risk, 0.01582346, tolerance = 1e-6)
  expect_equal(r$k_anonymity$k, c(2, 3))
  expect_equal(r$k_anonymity$records, c(4, 10))
  expect_equal(r$n, 10)
  expect_equal(r$n_combinations, 7)
  expect_equal(r$sample_uniques, 4)
  expect_equal(sum(r$class_sizes$records), 10)
})

test_that("Practice Guide: without weights the risk is 1/fk and ER the number of keys", {
  g <- read_practice_guide()
  r <- sdc_risk(g, guide_keys)
  expect_equal(r$records$risk, 1 / r$records$fk)
  expect_equal(r$records$Fk, r$records$fk)
  expect_equal(r$expected_reidentifications, 7)
  # Prosecutor: success rate = classes / n, highest risk = 1 / min fk.
  prosecutor <- r$attacker_models[r$attacker_models$model == "prosecutor", ]
  expect_equal(prosecutor$success_rate, 0.7)
  expect_equal(prosecutor$highest_risk, 1)
})

test_that("Practice Guide: distinct l-diversity of Health", {
  g <- read_practice_guide()
  l <- sdc_l_diversity(g, guide_keys, "Health")
  expect_s3_class(l, "sdc_l_diversity_result")
  expect_equal(l$records$l_distinct_Health, c(1, 1, 1, 2, 1, 2, 1, 1, 2, 2))
  all_distinct <- l$summary[l$summary$variable == "(all)" & l$summary$measure == "distinct", ]
  expect_equal(all_distinct$minimum, 1)
  r <- sdc_risk(g, guide_keys, weights = "W", sensitive = "Health")
  expect_equal(r$records$l_distinct_Health, c(1, 1, 1, 2, 1, 2, 1, 1, 2, 2))
  with_suda <- sdc_risk(g, guide_keys, suda = TRUE)
  expect_equal(with_suda$records$suda_score, c(0, 0, 6, 0, 12, 0, 6, 10, 0, 0))
  # Entropy l of a class with one yes and one no: exp(log 2) = 2.
  expect_equal(l$records$l_entropy_Health[4], 2)
})

test_that("Practice Guide: SUDA scores with Elliot and IHSN weights", {
  g <- read_practice_guide()
  s <- sdc_suda(g, guide_keys)
  expect_s3_class(s, "sdc_suda_result")
  expect_equal(s$records$score, c(0, 0, 6, 0, 12, 0, 6, 10, 0, 0))
  expect_equal(sdc_suda(g, guide_keys, weighting = "ihsn")$records$score,
               c(0, 0, 1.75, 0, 3.25, 0, 1.75, 2.75, 0, 0))
  expect_equal(s$total_score, 34)
  expect_equal(nrow(s$record_contribution), 10)
  expect_equal(colnames(s$record_contribution), guide_keys)
  # A limit on the MSU size of 1 finds only the single-variable MSUs, each weighted
  # (4 - 1)! = 6: Primary incomplete (record 3), Rural (5), Primary complete (7), Post-secondary (8).
  one <- sdc_suda(g, guide_keys, max_msu_size = 1)
  expect_equal(one$records$score, c(0, 0, 6, 0, 6, 0, 6, 6, 0, 0))
})

test_that("missing values as wildcards: the Practice Guide's table 4.2", {
  d <- data.frame(sex = c("Male", "Male", "Male"),
                  education = c("SecComplete", "SecIncomplete", NA),
                  labor = c("Employed", "Employed", "Employed"))
  expect_equal(sdc_risk(d, c("sex", "education", "labor"), missing = "wildcard",
                        allow_constant_keys = TRUE)$records$fk, c(2, 2, 3))
  # As a category, each key is unique; never matching, too.
  expect_equal(sdc_risk(d, c("sex", "education", "labor"), allow_constant_keys = TRUE)$records$fk,
               c(1, 1, 1))
  expect_equal(sdc_risk(d, c("sex", "education", "labor"), missing = "never",
                        allow_constant_keys = TRUE)$records$fk, c(1, 1, 1))
  # alpha scales contributions from keys with missing values.
  half <- sdc_risk(d, c("sex", "education", "labor"), missing = "wildcard", alpha = 0.5,
                   allow_constant_keys = TRUE)
  expect_equal(half$records$fk, c(1.5, 1.5, 3))
})

test_that("household risk 1 - prod(1 - r) over members (by hand)", {
  d <- data.frame(x = c("a", "b", "b", "c", "c", "c"), hh = c(1, 1, 2, 2, 3, 3))
  r <- sdc_risk(d, "x", household = "hh")
  expect_equal(r$records$risk, c(1, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3))
  expect_equal(r$records$household_risk, c(1, 1, 2 / 3, 2 / 3, 5 / 9, 5 / 9))
  expect_equal(r$household_summary$n_households, 3)
})

test_that("global threshold and t-closeness", {
  g <- read_practice_guide()
  r <- sdc_risk(g, guide_keys, weights = "W", max_global_risk = 0.01)
  expect_true(r$global_threshold$attainable)
  expect_lt(r$global_threshold$capped_expected_reidentifications, 0.1)
  t <- sdc_t_closeness(g, c("Residence", "Gender"), "Health", distance = "equal")
  expect_s3_class(t, "sdc_t_closeness_result")
  # Overall 7 yes / 3 no. Classes: Urban-Female (6: 4 yes), Urban-Male (3: 2 yes), Rural-Female
  # (1 yes): distances |4/6 - 7/10| = 1/30, |2/3 - 7/10| = 1/30, |1 - 7/10| = 3/10.
  expect_equal(t$max_distance, 0.3)
  expect_equal(t$distance[5], 0.3)
  expect_equal(t$distance[1], 1 / 30)
})

test_that("the R defaults are the core's defaults", {
  defaults <- sdc_defaults()
  expect_equal(formals(sdc_risk)$missing, defaults$missing)
  expect_equal(formals(sdc_risk)$alpha, defaults$alpha)
  g <- read_practice_guide()
  r <- sdc_risk(g, guide_keys)
  expect_equal(r$k_anonymity$k, defaults$k)
  expect_equal(r$method, defaults$method)
})

test_that("print and summary of risk results", {
  g <- read_practice_guide()
  r <- sdc_risk(g, guide_keys, weights = "W", sensitive = "Health")
  out <- capture.output(print(r))
  expect_true(any(grepl("expected re-identifications 0.158235", out)))
  expect_true(any(grepl("l-diversity", out)))
  expect_s3_class(summary(r), "summary.sdc_risk_result")
  expect_true(any(grepl("k-anonymity", capture.output(print(summary(r))))))
  expect_true(any(grepl("SUDA2", capture.output(print(sdc_suda(g, guide_keys))))))
})

test_that("an sdcMicroObj gives its keys, weights and semantics", {
  skip_if_not_installed("sdcMicro")
  g <- read_practice_guide()
  obj <- suppressMessages(sdcMicro::createSdcObj(g, keyVars = guide_keys, weightVar = "W"))
  r <- sdc_risk(obj)
  expect_equal(r$keys, guide_keys)
  expect_equal(r$weights, "W")
  expect_equal(r$missing, "wildcard")
  expect_equal(r$records$fk, c(2, 2, 1, 2, 1, 2, 1, 1, 2, 2))
  expect_equal(r$records$risk, obj@risk$individual[, "risk"], tolerance = 1e-7)
})
