# SPDX-License-Identifier: MIT
# Factor and double columns reach the core without being duplicated: tracemem() reports every
# duplication R makes of a traced vector, and the compiled code reads INTEGER()/REAL() in place.

test_that("factor keys, double values and weights are not duplicated on the way to the core", {
  skip_if_not(capabilities("profmem"), "R built without memory profiling")
  d <- data.frame(g = factor(sample(c("a", "b", "c"), 1000, replace = TRUE)),
                  h = factor(sample(c("x", "y"), 1000, replace = TRUE)),
                  v = runif(1000), w = runif(1000, 1, 5))
  traced <- c(tracemem(d$g), tracemem(d$h), tracemem(d$v), tracemem(d$w))
  on.exit(for (column in c("g", "h", "v", "w")) untracemem(d[[column]]), add = TRUE)
  copies <- capture.output({
    sdc_crosstab(d, "g", "h", values = "v", aggfunc = "sum", weights = "w")
    sdc_risk(d, c("g", "h"), weights = "w")
    sdc_suda(d, c("g", "h"))
  })
  expect_false(any(grepl("tracemem[", copies, fixed = TRUE)), info = paste(copies, collapse = "\n"))
  expect_length(traced, 4)
})
