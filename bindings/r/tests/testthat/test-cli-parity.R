# SPDX-License-Identifier: MIT
# The same data through the R package and through the command-line tool (the same core, reached
# through another binding) must give identical results. Set SDC_CLI to the `sdc` executable
# (scripts/ci/r.sh does when the CLI is built); skipped otherwise. The Python package will be
# compared the same way once it writes the same JSON report.

cli <- function() {
  path <- Sys.getenv("SDC_CLI")
  if (!nzchar(path) || !file.exists(path)) skip("SDC_CLI is not set to the sdc executable: no cross-binding comparison")
  path
}

# Runs `sdc_cli` with the arguments and `--json FILE`; the report as nested lists.
cli_json <- function(sdc_cli, ...) {
  json <- tempfile(fileext = ".json")
  system2(sdc_cli, c(..., "--json", json), stdout = FALSE, stderr = FALSE)
  jsonlite::fromJSON(json, simplifyVector = FALSE)
}

test_that("crosstab: R and the CLI give identical cells, statuses and reasons", {
  sdc_cli <- cli()
  skip_if_not_installed("jsonlite")
  m <- read_microdata1()
  json <- tempfile(fileext = ".json")
  system2(sdc_cli, c("table", "--data", extdata("microdata1.csv"), "--rows", "region", "--cols", "gender",
                     "--value", "val", "--stat", "sum", "--profile", "sdctable", "--p-percent", "80",
                     "--nk", "2:75", "--suppress", "--json", json), stdout = FALSE, stderr = FALSE)
  expect_true(file.exists(json))
  report <- jsonlite::fromJSON(json, simplifyVector = FALSE)
  r <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                    p_percent = 80, nk = "2:75", suppress = TRUE)
  expect_equal(report$status, r$status)
  expect_equal(report$published_status, r$published_status)
  expect_equal(unlist(report$rules[names(r$rules)]), r$rules)
  expect_equal(length(report$cells), nrow(r$cells))
  for (c in report$cells) {
    region <- c$coords$region %||% "Total"
    gender <- c$coords$gender %||% "Total"
    mine <- cell(r, region, gender)
    expect_equal(c$status, mine$status, info = paste(region, gender))
    expect_equal(c$suppressed, mine$suppressed, info = paste(region, gender))
    expect_equal(paste(vapply(c$reasons, function(x) x$code, ""), collapse = "; "), mine$reasons)
    if (!c$suppressed) {
      expect_equal(c$value, mine$value)
      expect_equal(c$n, mine$n)
    }
  }
})

test_that("risk: R and the CLI give identical fk, Fk and risks", {
  sdc_cli <- cli()
  skip_if_not_installed("jsonlite")
  per_record <- tempfile(fileext = ".csv")
  json <- tempfile(fileext = ".json")
  system2(sdc_cli, c("risk", "--data", extdata("practice_guide.csv"), "--keys", paste(guide_keys, collapse = ","),
                     "--weights", "W", "--per-record", per_record, "--json", json),
          stdout = FALSE, stderr = FALSE)
  theirs <- read.csv(per_record)
  report <- jsonlite::fromJSON(json)
  r <- sdc_risk(read_practice_guide(), guide_keys, weights = "W")
  expect_equal(r$records$fk, theirs$fk)
  expect_equal(r$records$Fk, theirs$Fk)
  expect_equal(r$records$risk, theirs$risk, tolerance = 1e-15)
  expect_equal(r$expected_reidentifications, report$expected_reidentifications, tolerance = 1e-15)
  expect_equal(r$k_anonymity$records, vapply(as.character(r$k_anonymity$k), USE.NAMES = FALSE,
                                             function(k) report$k_anonymity[[k]]$records, numeric(1)))
})

test_that("results package: R and Python write the same files and records", {
  py <- python_sdc()
  python <- py$python
  python_path <- py$path
  py_folder <- tempfile("py_release")
  script <- tempfile(fileext = ".py")
  writeLines(c(
    "import sys, pandas as pd, sdc",
    sprintf("m = pd.read_csv(%s)", shQuote(extdata("microdata1.csv"))),
    "s = sdc.Session(profile='sdctable', suppress=True, min_count=3)",
    "s.crosstab(m, 'region', 'gender', values='val', aggfunc='sum', nk=None, p_percent=None, pq=None, comment='Table 1')",
    "s.check_dof(5)",
    sprintf("s.finalise(%s)", shQuote(py_folder))), script)
  output <- suppressWarnings(system2(python, script, env = paste0("PYTHONPATH=", python_path), stdout = TRUE,
                                     stderr = TRUE))
  expect_null(attr(output, "status"), label = paste(output, collapse = "\n"))
  m <- read_microdata1()
  session <- sdc_session("sdctable", suppress = TRUE, min_count = 3)
  sdc_record(session, sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable",
                                   min_count = 3, nk = NULL, p_percent = NULL, pq = NULL, suppress = TRUE),
             comments = "Table 1")
  sdc_record(session, sdc_check_dof(5, profile = "sdctable", min_count = 3))
  r_folder <- tempfile("r_release")
  finalise(session, r_folder)
  expect_equal(sort(list.files(r_folder, recursive = TRUE)), sort(list.files(py_folder, recursive = TRUE)))
  for (csv in c("output_0_0.csv", "output_1_0.csv")) {
    expect_equal(readLines(file.path(r_folder, csv)), readLines(file.path(py_folder, csv)), info = csv)
  }
  strip <- function(results) {
    for (uid in names(results$results)) results$results[[uid]][c("command", "timestamp")] <- NULL
    results
  }
  ours <- strip(jsonlite::fromJSON(file.path(r_folder, "results.json"), simplifyVector = FALSE))
  theirs <- strip(jsonlite::fromJSON(file.path(py_folder, "results.json"), simplifyVector = FALSE))
  expect_equal(ours, theirs)
  expect_equal(jsonlite::fromJSON(file.path(r_folder, "config.json")),
               jsonlite::fromJSON(file.path(py_folder, "config.json")))
})

test_that("protect and audit: R and the CLI give the same pattern and intervals", {
  sdc_cli <- cli()
  skip_if_not_installed("jsonlite")
  m <- read_microdata1()
  args <- c("--data", extdata("microdata1.csv"), "--rows", "region", "--cols", "gender", "--value", "val",
            "--stat", "sum", "--profile", "sdctable", "--p-percent", "80")
  protect_json <- tempfile(fileext = ".json")
  audit_json <- tempfile(fileext = ".json")
  # Both repair the protection intervals by default (sdc::protect_table_with_intervals).
  system2(sdc_cli, c("protect", args, "--json", protect_json), stdout = FALSE, stderr = FALSE)
  system2(sdc_cli, c("audit", args, "--json", audit_json), stdout = FALSE, stderr = FALSE)
  expect_true(file.exists(protect_json) && file.exists(audit_json))
  protect_report <- jsonlite::fromJSON(protect_json, simplifyVector = FALSE)
  audit_report <- jsonlite::fromJSON(audit_json, simplifyVector = FALSE)
  t <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", profile = "sdctable", p_percent = 80)
  p <- sdc_protect(t)
  expect_equal(p$status, protect_report$status)
  expect_equal(p$options, protect_report$options)
  expect_equal(p$counts, protect_report$counts)
  key <- paste(p$cells$region, p$cells$gender)
  for (c in protect_report$cells) {
    at <- match(paste(c$coords$region %||% "Total", c$coords$gender %||% "Total"), key)
    expect_equal(p$cells$status[at], c$status, info = key[at])
    expect_equal(p$cells$verdict[at], c$verdict, info = key[at])
  }
  a <- sdc_audit(t)
  expect_equal(a$status, audit_report$status)
  expect_equal(a$counts, audit_report$counts)
  where <- paste(a$cells$region, a$cells$gender)
  for (c in audit_report$cells) {
    at <- match(paste(c$coords$region %||% "Total", c$coords$gender %||% "Total"), where)
    expect_equal(a$cells$lower[at], c$lower %||% -Inf, info = where[at])
    expect_equal(a$cells$upper[at], c$upper %||% Inf, info = where[at])
    expect_equal(a$cells$exact[at], c$exact, info = where[at])
    expect_equal(a$cells$protected[at], c$protected, info = where[at])
  }
  # The whole documents, field for field.
  expect_equal(jsonlite::fromJSON(sdc_to_json(p), simplifyVector = FALSE), protect_report)
  expect_equal(jsonlite::fromJSON(sdc_to_json(a), simplifyVector = FALSE), audit_report)
})

test_that("protect: R and the CLI give the same interval report and repair (tables and hierarchies)", {
  sdc_cli <- cli()
  skip_if_not_installed("jsonlite")
  run <- function(...) cli_json(sdc_cli, ...)
  args <- c("--data", extdata("microdata1.csv"), "--rows", "region", "--cols", "gender", "--value", "val",
            "--stat", "sum", "--min-count", "1", "--nk", "2:75", "--p-percent", "none", "--zeros", "ignore")
  t <- sdc_crosstab(read_microdata1(), "region", "gender", values = "val", aggfunc = "sum", min_count = 1,
                    nk = "2:75", p_percent = NULL, zeros = "ignore")
  for (mode in c("repair", "report", "off")) {
    expect_equal(jsonlite::fromJSON(sdc_to_json(sdc_protect(t, intervals = mode)), simplifyVector = FALSE),
                 run("protect", args, "--intervals", mode), info = mode)
  }
  # A hierarchy (the hand-worked firms of test-protect.R): the intervals object of the system report.
  firms <- firm_turnover()
  data <- tempfile(fileext = ".csv")
  write.csv(firms, data, row.names = FALSE)
  hierarchy <- tempfile(fileext = ".csv")
  writeLines(c("A;AB;*", "B;AB;*", "C;CD;*", "D;CD;*"), hierarchy)
  theirs <- run("protect", "--data", data, "--rows", "sector", "--cols", "region", "--hierarchy",
                paste0("sector=", hierarchy), "--stat", "sum", "--value", "turnover", "--min-count", "1", "--nk",
                "1:80", "--p-percent", "none", "--zeros", "ignore", "--class-disclosure", "ignore")
  p <- sdc_protect(firms, index = "sector", columns = "region", values = "turnover", aggfunc = "sum",
                   hierarchies = list(sector = hierarchy), min_count = 1, nk = "1:80", p_percent = NULL,
                   zeros_known = TRUE, zeros = "ignore", class_disclosure = "ignore")
  expect_equal(theirs$intervals$added_secondary, p$intervals$added_secondary)
  expect_equal(theirs$intervals$too_narrow_before, p$intervals$too_narrow_before)
  expect_equal(theirs$counts$secondary, p$counts$secondary)
})

test_that("cell systems: sdc_to_json() of a protection and its audit equals the CLI's JSON", {
  sdc_cli <- cli()
  skip_if_not_installed("jsonlite")
  run <- function(...) cli_json(sdc_cli, ...)
  mine <- function(x) jsonlite::fromJSON(sdc_to_json(x), simplifyVector = FALSE)
  # Sums with a hierarchy (interval repair applies) and counts with linked tables and a filter.
  firms <- firm_turnover()
  data <- tempfile(fileext = ".csv")
  write.csv(firms, data, row.names = FALSE)
  hierarchy <- tempfile(fileext = ".csv")
  writeLines(c("A;AB;*", "B;AB;*", "C;CD;*", "D;CD;*"), hierarchy)
  args <- c("--data", data, "--rows", "sector", "--cols", "region", "--hierarchy", paste0("sector=", hierarchy),
            "--stat", "sum", "--value", "turnover", "--min-count", "1", "--nk", "1:80", "--p-percent", "none",
            "--zeros", "ignore", "--class-disclosure", "ignore")
  p <- sdc_protect(firms, index = "sector", columns = "region", values = "turnover", aggfunc = "sum",
                   hierarchies = list(sector = hierarchy), min_count = 1, nk = "1:80", p_percent = NULL,
                   zeros_known = TRUE, zeros = "ignore", class_disclosure = "ignore")
  expect_equal(mine(p), run("protect", args))
  expect_equal(mine(sdc_audit(p)), run("audit", args))
  m <- read_microdata1()
  project <- tempfile(fileext = ".json")
  writeLines('{"outputs": [{"name": "by region", "variables": ["region"]}, {"name": "without A", "variables": ["gender"], "filter": {"variable": "region", "not_equal": "A"}}]}', project)
  args <- c("--data", extdata("microdata1.csv"), "--project", project, "--min-count", "3", "--nk", "none",
            "--p-percent", "none", "--zeros", "ignore")
  p <- sdc_protect(m, tables = list(list(name = "by region", variables = "region"),
                                    list(name = "without A", variables = "gender",
                                         filter = list(variable = "region", value = "A", equal = FALSE))),
                   min_count = 3, nk = NULL, p_percent = NULL, zeros_known = TRUE, zeros = "ignore")
  theirs <- run("protect", args)
  expect_true(theirs$counts$hidden_primary > 0)
  expect_equal(mine(p), theirs)
  expect_equal(mine(sdc_audit(p)), run("audit", args))
})
