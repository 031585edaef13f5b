# SPDX-License-Identifier: MIT
# The risk functions mirrored from the Python package give identical results in R and Python on
# the same data: key frequencies, k-anonymity, population uniqueness, trajectory unicity (the
# core's seeded engine), lattice search and local suppression. Run when SDC_PYTHONPATH points at
# the built Python package (scripts/ci/r.sh sets it from SDC_CLI's build tree); skipped
# otherwise, as the results-package comparison of test-cli-parity.R.

na <- function(x) if (is.null(x)) NA_real_ else if (identical(x, "Inf")) Inf else x

# The inputs beyond the Practice Guide: a panel of four persons over three months (places repeat
# so that some draws are shared), and a hierarchy of the Guide's Education (its 5 values banded
# into two, then dropped).
parity_panel <- function() {
  data.frame(person = rep(c("A", "B", "C", "D"), each = 3), month = rep(1:3, 4),
             place = c("x", "y", "z", "x", "y", "w", "x", "v", "z", "u", "y", "z"))
}
parity_hierarchy <- function() {
  data.frame(value = c("Primary incomplete", "Primary complete", "Secondary incomplete", "Secondary complete",
                       "Post-secondary"),
             band = c("Primary", "Primary", "Secondary or more", "Secondary or more", "Secondary or more"),
             all = "*")
}

# Every Python result of this file, computed in one Python process (its start-up dominates).
parity <- new.env()
python_results <- function() {
  if (!is.null(parity$results)) return(parity$results)
  py <- python_sdc()
  parity$panel <- tempfile(fileext = ".csv")
  utils::write.csv(parity_panel(), parity$panel, row.names = FALSE)
  parity$hierarchy <- tempfile(fileext = ".csv")
  utils::write.table(parity_hierarchy(), parity$hierarchy, sep = ";", row.names = FALSE, col.names = FALSE,
                     quote = FALSE)
  parity$results <- run_python(py, c(
    sprintf("g = pd.read_csv(%s)", shQuote(extdata("practice_guide.csv"))),
    sprintf("keys = [%s]", paste(shQuote(guide_keys), collapse = ", ")),
    "ls = sdc.local_suppression(g, keys, k=3)",
    "out['local'] = ls.summary",
    "out['cells'] = {'record': [int(r) + 1 for r in ls.cells['record']], 'variable': list(ls.cells['variable'])}",
    sprintf("res = sdc.lattice_search(g, keys, hierarchies={'Education': %s}, target={'k': 2, 'max_suppressed_share': 0.2}, weights='W')",
            shQuote(parity$hierarchy)),
    "m = res.minimal.copy(); m['levels'] = [','.join(map(str, t)) for t in m['levels']]",
    "out['minimal'] = m.to_dict('list'); out['lattice'] = res.summary",
    "g.loc[2, 'Labor'] = None",
    "f = sdc.key_frequencies(g, keys, weights='W', missing='wildcard', alpha=0.5)",
    "out['fk'] = f['fk'].tolist(); out['Fk'] = f['Fk'].tolist()",
    "out['kanon'] = sdc.k_anonymity(g, keys, k=[2, 3, 5], missing='never')",
    "out['population'] = sdc.population_uniqueness(g, keys, weights='W')",
    "out['zayatz'] = sdc.population_uniqueness(g, keys, sampling_fraction=0.05, model='zayatz')",
    sprintf("p = pd.read_csv(%s)", shQuote(parity$panel)),
    "out['sample'] = sdc.trajectory_unicity(p, 'person', 'month', 'place', points=2, seed=12345, persons=0, draws_per_person=40)",
    "out['exact'] = sdc.trajectory_unicity(p, 'person', 'month', 'place', points=2, mode='exact')"))
  parity$results
}

test_that("key frequencies, k-anonymity, population uniqueness: R = Python", {
  theirs <- python_results()
  g <- read_practice_guide()
  g$Labor[3] <- NA
  f <- sdc_key_frequencies(g, guide_keys, weights = "W", missing = "wildcard", alpha = 0.5)
  expect_identical(f$fk, theirs$fk)
  expect_identical(f$Fk, theirs$Fk)
  kanon <- sdc_k_anonymity(g, guide_keys, k = c(2, 3, 5), missing = "never")
  for (field in c("n_records", "n_combinations", "sample_uniques", "unique_combinations")) {
    expect_equal(kanon[[field]], theirs$kanon[[field]], info = field)
  }
  expect_equal(kanon$levels, as.data.frame(theirs$kanon$levels), ignore_attr = TRUE)
  expect_equal(kanon$class_sizes, as.data.frame(theirs$kanon$class_sizes)[c("size", "classes", "records")],
               ignore_attr = TRUE)
  for (case in list(list(r = sdc_population_uniqueness(g, guide_keys, weights = "W"), py = theirs$population),
                    list(r = sdc_population_uniqueness(g, guide_keys, sampling_fraction = 0.05, model = "zayatz"),
                         py = theirs$zayatz))) {
    r <- case$r
    p <- case$py
    for (field in c("sample_size", "sample_classes", "sample_uniques", "population_size", "sampling_fraction",
                    "model", "model_used", "converged", "uniques", "share", "notes")) {
      expect_equal(r[[field]], if (field == "notes" && length(p[[field]]) == 0L) character() else p[[field]],
                   tolerance = 0, info = field)
    }
    for (model in c("zayatz", "pitman", "snb")) {
      for (field in c("valid", "uniques", "share", "message")) {
        expect_equal(r[[model]][[field]], na(p[[model]][[field]]), tolerance = 0, info = paste(model, field))
      }
    }
    for (field in names(r$pitman_fit)) expect_equal(r$pitman_fit[[field]], na(p$pitman_fit[[field]]), tolerance = 0, info = field)
    for (field in names(r$snb_fit)) expect_equal(r$snb_fit[[field]], na(p$snb_fit[[field]]), tolerance = 0, info = field)
  }
})

test_that("trajectory unicity: the same seed gives the same draws in R and Python", {
  theirs <- python_results()
  panel <- utils::read.csv(parity$panel)
  for (mode in c("sample", "exact")) {
    r <- if (mode == "sample") {
      sdc_trajectory_unicity(panel, "person", "month", "place", points = 2, seed = 12345, persons = 0,
                             draws_per_person = 40)
    } else {
      sdc_trajectory_unicity(panel, "person", "month", "place", points = 2, mode = "exact")
    }
    p <- theirs[[mode]]
    for (field in names(p)) expect_equal(r[[field]], na(p[[field]]), tolerance = 0, info = paste(mode, field))
  }
})

test_that("lattice search and local suppression: R = Python", {
  theirs <- python_results()
  g <- read_practice_guide()
  res <- sdc_lattice_search(g, guide_keys, hierarchies = list(Education = parity$hierarchy),
                            target = list(k = 2, max_suppressed_share = 0.2), weights = "W")
  expect_gt(nrow(res$minimal), 0)
  for (field in names(theirs$minimal)) {
    expect_equal(res$minimal[[field]], theirs$minimal[[field]], tolerance = 0, info = field)
  }
  for (field in c("n_records", "n_nodes", "nodes_evaluated", "nodes_satisfying", "target_description")) {
    expect_equal(res[[field]], theirs$lattice[[field]], info = field)
  }
  ls <- sdc_local_suppression(g, guide_keys, k = 3)
  for (field in c("k", "total_suppressions", "records_suppressed", "records_below_k_before",
                  "records_below_k_after", "suppression_order")) {
    expect_equal(ls[[field]], theirs$local[[field]], info = field)
  }
  expect_equal(as.list(ls$suppressions), theirs$local$suppressions)
  expect_equal(ls$cells$record, theirs$cells$record)
  expect_equal(ls$cells$variable, theirs$cells$variable)
})
