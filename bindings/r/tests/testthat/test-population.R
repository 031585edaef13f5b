# SPDX-License-Identifier: MIT
# sdc_population_uniqueness(): hand-worked Zayatz estimates (the cases of
# tests/cpp/test_population_uniqueness.cpp, worked through the R interface from microdata).

test_that("Zayatz by hand: spectrum s1 = 2, s2 = 1, N = 10", {
  # Keys a, b, c, c: two classes of size 1, one of size 2; n = 4, N = 10.
  # P(f=1 | F=1) = 4/10; P(f=1 | F=2) = 2 C(8,3) / C(10,4) = 112/210.
  # uniques = s1^2 / (2 * 0.4 + 112/210) = 4 / (4/3) = 3.
  d <- data.frame(key = c("a", "b", "c", "c"))
  p <- sdc_population_uniqueness(d, "key", population_size = 10, model = "zayatz")
  expect_s3_class(p, "sdc_population_result")
  expect_equal(p$sample_size, 4)
  expect_equal(p$sample_classes, 3)
  expect_equal(p$sample_uniques, 2)
  expect_equal(p$sampling_fraction, 0.4)
  expect_equal(p$model, "zayatz")
  expect_equal(p$model_used, "zayatz")
  expect_equal(p$uniques, 3, tolerance = 1e-12)
  expect_equal(p$share, 0.3, tolerance = 1e-12)
  expect_equal(p$zayatz$uniques, 3, tolerance = 1e-12)
  expect_equal(p$estimates$model, c("zayatz", "pitman", "snb"))
  # The same N as a sampling fraction, and as the sum of weights (2.5 per record).
  expect_equal(sdc_population_uniqueness(d, "key", sampling_fraction = 0.4, model = "zayatz")$uniques, 3,
               tolerance = 1e-12)
  d$w <- 2.5
  by_weights <- sdc_population_uniqueness(d, "key", weights = "w", model = "zayatz")
  expect_equal(by_weights$population_size, 10)
  expect_equal(by_weights$uniques, 3, tolerance = 1e-12)
  expect_output(print(p), "estimated population uniques")
  expect_equal(summary(p), p$estimates)
})

test_that("census (sampling fraction 1): Zayatz, SNB and Dankar give the sample uniques", {
  # Class sizes 1 x5, 2 x3, 3, 5 x2: n = 24, 5 sample uniques.
  sizes <- c(rep(1, 5), rep(2, 3), 3, 5, 5)
  d <- data.frame(key = rep(paste0("k", seq_along(sizes)), sizes))
  p <- sdc_population_uniqueness(d, "key", sampling_fraction = 1)
  expect_equal(p$population_size, 24)
  expect_equal(p$model, "dankar")
  expect_equal(p$zayatz$uniques, 5, tolerance = 1e-12)
  expect_equal(p$snb$uniques, 5, tolerance = 1e-8)
  expect_true(p$converged)
  expect_equal(p$uniques, 5, tolerance = 1e-8)
})

test_that("no sample uniques: every estimate is 0, with a note", {
  d <- data.frame(key = rep(c("a", "b", "c"), each = 2))
  p <- sdc_population_uniqueness(d, "key", sampling_fraction = 0.01)
  expect_equal(c(p$zayatz$uniques, p$pitman$uniques, p$snb$uniques, p$uniques), c(0, 0, 0, 0))
  expect_true(length(p$notes) > 0)
})

test_that("an sdcMicroObj gives its keys and weight (N = sum of the weights)", {
  skip_if_not_installed("sdcMicro")
  g <- read_practice_guide()
  obj <- suppressMessages(sdcMicro::createSdcObj(g, keyVars = guide_keys, weightVar = "W"))
  p <- sdc_population_uniqueness(obj)
  expect_equal(p$keys, guide_keys)
  expect_equal(p$population_size, sum(g$W))
  # fk = 2 2 1 2 1 2 1 1 2 2: 4 sample uniques in 7 classes.
  expect_equal(c(p$sample_size, p$sample_classes, p$sample_uniques), c(10, 7, 4))
})

test_that("bad input: classed sdc errors", {
  d <- data.frame(key = c("a", "b", "c", "c"), w = c(1, 2, NaN, 1))
  e <- expect_error(sdc_population_uniqueness(d, "key"), "population_size or sampling_fraction",
                    class = "sdc_invalid_input")
  expect_equal(e$code, "invalid_argument")
  expect_error(sdc_population_uniqueness(d, "nope", population_size = 10), class = "sdc_invalid_input")
  expect_error(sdc_population_uniqueness(d, "key", weights = "w"), class = "sdc_invalid_input")
  expect_error(sdc_population_uniqueness(d, "key", population_size = NaN), class = "sdc_invalid_input")
  expect_error(sdc_population_uniqueness(d, "key", population_size = 2), class = "sdc_invalid_input")
  expect_error(sdc_population_uniqueness(d, "key", population_size = 10, model = "argus"),
               class = "sdc_invalid_input")
  expect_error(sdc_population_uniqueness(d[0, ], "key", population_size = 10), class = "sdc_invalid_input")
})
