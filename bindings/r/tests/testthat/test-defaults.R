# SPDX-License-Identifier: MIT
# sdc_defaults() lists the core's defaults of every function with NULL (or core-backed)
# arguments, and they are the Python package's: compared with _core.*_defaults() when
# SDC_PYTHONPATH points at the built Python package (skipped otherwise).

test_that("sdc_defaults() has one list per newer function, consistent with sdc_protect()", {
  d <- sdc_defaults()
  for (f in c("key_frequencies", "k_anonymity", "population_uniqueness", "trajectory_unicity", "lattice_search",
              "local_suppression", "protect")) {
    expect_true(is.list(d[[f]]) && length(d[[f]]) > 0L, label = f)
  }
  expect_null(d$by_function)
  # The risk functions' top-level entries are the frequency and k-anonymity ones.
  expect_equal(d$key_frequencies$missing, d$missing)
  expect_equal(d$key_frequencies$alpha, d$alpha)
  expect_equal(d$k_anonymity$k, d$k)
  # sdc_protect() writes its defaults in its signature: they must be the core's.
  f <- formals(sdc_protect)
  for (name in c("singletons", "zeros_known", "time_limit_seconds", "max_cells", "start_from_gauss")) {
    expect_equal(f[[name]], d$protect[[name]], label = name)
  }
  expect_identical(d$protect$method, "gauss")
  # The core's default interval mode (protect.hpp) is the first of sdc_protect()'s choices.
  expect_identical(d$protect$intervals, "repair")
  expect_identical(eval(f$intervals)[[1L]], d$protect$intervals)
})

test_that("the defaults are those of the Python package", {
  py <- run_python(python_sdc(), c(
    "from sdc import _core",
    "out = {'key_frequencies': _core.frequency_defaults(), 'k_anonymity': _core.k_anonymity_defaults(),",
    "       'population_uniqueness': _core.population_defaults(),",
    "       'trajectory_unicity': _core.trajectory_unicity_defaults(), 'lattice_search': _core.lattice_defaults(),",
    "       'local_suppression': _core.local_suppression_defaults(),",
    "       'protect': {**_core.protection_defaults(), **_core.optimal_defaults()}}"))
  d <- sdc_defaults()
  for (f in names(py)) {
    # Keys of R's list that Python also has (protect: Python lists the audit's and a cost that
    # sdc_protect() replaces by "auto"), and every Python key but those of the protect list.
    shared <- intersect(names(py[[f]]), names(d[[f]]))
    if (f != "protect") expect_setequal(shared, names(py[[f]]))
    for (key in shared) expect_equal(d[[f]][[key]], py[[f]][[key]], label = paste0(f, "$", key))
  }
})
