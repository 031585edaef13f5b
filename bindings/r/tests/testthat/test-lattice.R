# SPDX-License-Identifier: MIT
# sdc_lattice_search(): a tiny data set worked by hand (the case of the Python tests), and every
# node of a small lattice recomputed by brute force with base R (ave over the kept keys).

tiny <- function() data.frame(id = 1:5, a = c(1, 1, 2, 3, 4), s = c("F", "F", "F", "M", "M"))

tiny_bands <- function() {
  data.frame(value = c("1", "2", "3", "4"), band = c("1-2", "1-2", "3-4", "3-4"), all = c("*", "*", "*", "*"))
}

test_that("tiny lattice by hand", {
  res <- sdc_lattice_search(tiny(), c("a", "s"), hierarchies = list(a = tiny_bands()), target = list(k = 2))
  # Keys (a, s): (1,F) x2, (2,F), (3,M), (4,M). Minimal 2-anonymous nodes: (1, 0) [classes
  # (1-2,F) x3, (3-4,M) x2]. (0, 1) (s dropped) leaves a's classes 1 x2, 2, 3, 4: fails;
  # (2, 0) and (1, 1) pass but lie above (1, 0). So (1, 0) is the only minimal node.
  expect_s3_class(res, "sdc_lattice_result")
  expect_true(res$attainable)
  expect_equal(res$minimal$levels, "1,0")
  expect_equal(unname(res$levels[1, ]), c(1, 0))
  expect_equal(res$minimal$a, "band")
  expect_equal(res$minimal$s, "original")
  expect_equal(res$minimal$classes, 2)
  expect_equal(res$minimal$records_suppressed, 0)
  expect_equal(res$minimal$discernibility, 3^2 + 2^2)
  expect_equal(res$n_nodes, 3 * 2)
  expect_equal(res$level_names$a, c("value", "band", "all"))
  expect_equal(res$level_names$s, c("original", "*"))
  # With up to 3 of the 5 records suppressible, the original values (3 at risk) are enough.
  allowed <- sdc_lattice_search(tiny(), c("a", "s"), hierarchies = list(a = tiny_bands()),
                                target = list(k = 2, max_suppressed_share = 0.6))
  expect_true("0,0" %in% allowed$minimal$levels)
  expect_equal(allowed$minimal$records_suppressed[allowed$minimal$levels == "0,0"], 3)
  # A single number is k; without a target nothing constrains: the original values are minimal.
  expect_equal(sdc_lattice_search(tiny(), c("a", "s"), hierarchies = list(a = tiny_bands()), target = 2)$minimal$levels,
               "1,0")
  expect_equal(sdc_lattice_search(tiny(), c("a", "s"))$minimal$levels, "0,0")
  expect_output(print(res), "1 minimal generalisations")
  expect_equal(summary(res), res$minimal)
})

test_that("a hierarchy file in the ARX format", {
  path <- tempfile(fileext = ".csv")
  writeLines(c("1;1-2;*", "2;1-2;*", "3;3-4;*", "4;3-4;*"), path)
  res <- sdc_lattice_search(tiny(), c("a", "s"), hierarchies = list(a = path), target = list(k = 2))
  expect_equal(res$minimal$levels, "1,0")
  expect_equal(res$minimal$a, "level 1")
})

# The minimal 2-anonymous nodes of the Practice Guide's keys without hierarchies, by brute force:
# a node keeps the keys at level 0 and drops those at level 1; it is 2-anonymous when no record's
# combination of the kept keys is unique (the Guide has no missing values).
guide_minimal_nodes <- function(g) {
  nodes <- as.matrix(expand.grid(rep(list(0:1), length(guide_keys))))
  ok <- apply(nodes, 1L, function(levels) {
    kept <- guide_keys[levels == 0]
    if (length(kept) == 0L) return(TRUE)
    fk <- stats::ave(rep(1, nrow(g)), g[kept], FUN = length)
    all(fk >= 2)
  })
  minimal <- nodes[ok, , drop = FALSE]
  below <- function(a, b) all(a <= b) && any(a < b)
  is_minimal <- apply(minimal, 1L, function(m) !any(apply(minimal, 1L, below, b = m)))
  sort(apply(minimal[is_minimal, , drop = FALSE], 1L, paste, collapse = ","))
}

test_that("every node of the Practice Guide lattice (keys kept or dropped) recomputed by brute force", {
  g <- read_practice_guide()
  res <- sdc_lattice_search(g, guide_keys, target = list(k = 2))
  expect_equal(sort(res$minimal$levels), guide_minimal_nodes(g))
  expect_equal(res$n_nodes, 16)
})

test_that("an sdcMicroObj gives its keys and weight", {
  skip_if_not_installed("sdcMicro")
  g <- read_practice_guide()
  obj <- suppressMessages(sdcMicro::createSdcObj(g, keyVars = guide_keys, weightVar = "W"))
  res <- sdc_lattice_search(obj, target = list(k = 2))
  expect_equal(res$variables, guide_keys)
  expect_equal(sort(res$minimal$levels), guide_minimal_nodes(g))
})

test_that("bad input: classed sdc errors", {
  e <- expect_error(sdc_lattice_search(tiny(), c("a", "nope")), class = "sdc_invalid_input")
  expect_equal(e$code, "unknown_column")
  e <- expect_error(sdc_lattice_search(tiny(), "a", hierarchies = list(s = tiny_bands())), class = "sdc_invalid_input")
  expect_equal(e$code, "unknown_column")
  expect_error(sdc_lattice_search(tiny(), "a", target = list(l = 2)), "unknown target field",
               class = "sdc_invalid_input")
  expect_error(sdc_lattice_search(tiny(), "a", target = list(k = 0)), "k must be at least 1",
               class = "sdc_invalid_input")
  # The core's target parser (sdc::set_target_field) names the field and the known ones.
  expect_error(sdc_lattice_search(tiny(), "a", target = list(l = 2)),
               "known: k, max_individual_risk, max_expected_reidentifications, max_suppressed_share",
               class = "sdc_invalid_input")
  expect_error(sdc_lattice_search(tiny(), "a", target = list(k = 2.5)), "k must be a whole number",
               class = "sdc_invalid_input")
  # A value of the data missing from its hierarchy.
  d <- tiny()
  d$a[5] <- 5
  expect_error(sdc_lattice_search(d, c("a", "s"), hierarchies = list(a = tiny_bands())), "'5'",
               class = "sdc_invalid_input")
  expect_error(sdc_lattice_search(tiny(), c("a", "s"), max_levels = 1), class = "sdc_invalid_input")
  expect_error(sdc_lattice_search(tiny(), c("a", "s"), max_nodes = 2), class = "sdc_invalid_input")
  expect_error(sdc_lattice_search(tiny(), "a", hierarchies = list(a = tempfile())), class = "sdc_io_failure")
  expect_error(sdc_lattice_search(tiny()[0, ], "a"), class = "sdc_invalid_input")
})

test_that("large whole-number keys match a hierarchy file as exact text (100000, not 1e+05)", {
  # factor(100000) alone has the level "1e+05", which is not the "100000" of the file: the
  # search would fail on an unknown category. Keys (income): 100000 x2, 250000 x2, 300000.
  d <- data.frame(income = c(100000, 100000, 250000, 250000, 300000))
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  writeLines(c("100000;low;*", "250000;high;*", "300000;high;*"), path)
  res <- sdc_lattice_search(d, "income", hierarchies = list(income = path), target = list(k = 2))
  # Level 0: classes 2, 2, 1 (300000 alone): not 2-anonymous. Level 1: low x2, high x3: the
  # single minimal node.
  expect_equal(res$minimal$levels, "1")
  expect_equal(res$minimal$classes, 2)
  expect_equal(res$minimal$discernibility, 2^2 + 3^2)
  # The levels stay in numeric order and whole numbers have no exponent or ".0".
  expect_equal(levels(sdc:::as_category(c(250000, 1e6, 100000, 2.5))), c("2.5", "100000", "250000", "1000000"))
})
