# SPDX-License-Identifier: MIT
# sdc_trajectory_unicity(): a tiny panel worked by hand (the case of the Python tests).

panel <- function() {
  # A: (1, x), (2, y); B: (1, x), (2, z); C: (1, w).
  data.frame(person = c("A", "A", "B", "B", "C"), month = c(1, 2, 1, 2, 1), place = c("x", "y", "x", "z", "w"))
}

test_that("exact unicity by hand", {
  # p = 1: A's points {(1,x)} (shared with B) and {(2,y)} (unique): 1/2; B likewise 1/2; C: 1.
  r <- sdc_trajectory_unicity(panel(), "person", "month", "place", points = 1, mode = "exact")
  expect_s3_class(r, "sdc_trajectory_unicity_result")
  expect_equal(r$unicity, (0.5 + 0.5 + 1) / 3)
  expect_equal(c(r$persons, r$persons_eligible, r$draws, r$unique_draws), c(3, 3, 5, 3))
  expect_equal(r$distinct_points, 4)
  expect_equal(r$mode, "exact")
  # p = 2: A's and B's two points are unique; C has one point and is excluded.
  r <- sdc_trajectory_unicity(panel(), "person", "month", "place", points = 2, mode = "exact")
  expect_equal(c(r$unicity, r$persons_excluded, r$persons_assessed), c(1, 1, 2))
  r <- sdc_trajectory_unicity(panel(), "person", "month", "place", points = 2, mode = "exact",
                              short_trajectories = "all_points")
  expect_equal(c(r$unicity, r$persons_excluded), c(1, 0))
  # Without variables a point is a month of presence: A and B share both months.
  expect_equal(sdc_trajectory_unicity(panel(), "person", "month", points = 2, mode = "exact")$unicity, 0)
  expect_output(print(r), "unicity")
  expect_equal(summary(r)$value[summary(r)$statistic == "unicity"], 1)
})

test_that("factor input and rows with a missing person are skipped", {
  p <- panel()
  p$person <- factor(p$person)
  p <- rbind(p, data.frame(person = NA, month = 2, place = "q"))
  r <- sdc_trajectory_unicity(p, "person", "month", "place", points = 1, mode = "exact")
  expect_equal(c(r$rows, r$rows_skipped), c(6, 1))
  expect_equal(r$unicity, (0.5 + 0.5 + 1) / 3)
})

test_that("sample mode is seeded by the core (set.seed has no effect)", {
  set.seed(1)
  a <- sdc_trajectory_unicity(panel(), "person", "month", "place", points = 1, seed = 7, persons = 0,
                              draws_per_person = 50)
  set.seed(2)
  b <- sdc_trajectory_unicity(panel(), "person", "month", "place", points = 1, seed = 7, persons = 0,
                              draws_per_person = 50)
  expect_identical(a, b)
  expect_equal(c(a$draws, a$seed), c(150, 7))
  expect_equal(a$mode, "sample")
  # C's 50 draws are all unique, A's and B's half in expectation.
  expect_gt(a$unique_draws, 50)
  expect_lt(a$unique_draws, 150)
})

test_that("bad input: classed sdc errors", {
  expect_error(sdc_trajectory_unicity(panel(), "person", "month", points = 0), "at least 1",
               class = "sdc_invalid_input")
  expect_error(sdc_trajectory_unicity(panel(), "person", "month", mode = "all"), class = "sdc_invalid_input")
  e <- expect_error(sdc_trajectory_unicity(panel(), "person", "week"), class = "sdc_invalid_input")
  expect_equal(e$code, "unknown_column")
  expect_error(sdc_trajectory_unicity(panel(), "person", "month", seed = -1), class = "sdc_invalid_input")
  expect_error(sdc_trajectory_unicity(panel(), "person", "month", points = 1.5), class = "sdc_invalid_input")
  expect_error(sdc_trajectory_unicity(panel()[0, ], "person", "month"), class = "sdc_invalid_input")
  expect_error(sdc_trajectory_unicity(panel(), c("person", "month"), "month"), class = "sdc_invalid_input")
})
