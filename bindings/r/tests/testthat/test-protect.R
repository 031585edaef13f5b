# SPDX-License-Identifier: MIT
# sdc_protect() and sdc_audit(): a 2x2 table worked out by hand, the audit against sdcTable's
# attack() on sdcTable's own patterns (golden files of tests/data/sdctable_protect, written by
# tests/data/generate_golden_protect.R), and bad input.

# A 2x2 count table with margins: A/m = 2 fails min_count = 3.
#            m    f   Total
#   A        2   10      12
#   B       20   30      50
#   Total   22   40      62
hand_table <- function(...) {
  agg <- data.frame(row = c("A", "A", "B", "B"), col = c("m", "f", "m", "f"), n = c(2, 10, 20, 30))
  sdc_check_table(agg, "row", "col", count = "n", profile = "sdctable", min_count = 3, ...)
}

test_that("protect: the 2x2 table by hand", {
  t <- hand_table()
  p <- sdc_protect(t)
  # Candidates are published by decreasing cost (frequency): Total 62, B 50, Total/f 40 are
  # published; B/f 30 would give A/f = 40 - 30 and then A/m = (62 - 50) - A/f: secondary;
  # Total/m 21 = 62 - 40 is known anyway; B/m = 50 - B/f and A/f = 40 - B/f would each give B/f:
  # secondary. The inner rectangle is suppressed, every margin published.
  status <- stats::setNames(p$cells$status, paste(p$cells$row, p$cells$col, sep = "/"))
  expect_equal(unname(status[c("A/m", "A/f", "B/m", "B/f")]), c("primary", "secondary", "secondary", "secondary"))
  expect_true(all(status[grepl("Total", names(status))] == "published"))
  expect_equal(p$counts$primary, 1)
  expect_equal(p$counts$secondary, 3)
  expect_equal(p$status, "pass")
  expect_equal(p$options$cost, "frequency")
  expect_true(all(is.na(p$cells$published[p$cells$status != "published"])))
  # The audit: with B/f = t, A/f = 40 - t, B/m = 50 - t, A/m = t - 28, all >= 0, so t in [28, 40].
  a <- sdc_audit(p)
  where <- paste(a$cells$row, a$cells$col, sep = "/")
  expect_equal(a$cells$lower[match(c("A/m", "A/f", "B/m", "B/f"), where)], c(0, 0, 10, 28))
  expect_equal(a$cells$upper[match(c("A/m", "A/f", "B/m", "B/f"), where)], c(12, 12, 22, 40))
  expect_false(any(a$cells$exact))
  expect_equal(a$status, "pass")
  expect_equal(a$bounds, "nonnegative")
})

test_that("audit: primary suppression alone is undone by the margins", {
  t <- hand_table(suppress = TRUE)
  a <- sdc_audit(t, pattern = t$cells$suppressed)
  expect_equal(nrow(a$cells), 1)
  expect_equal(c(a$cells$lower, a$cells$upper), c(2, 2))
  expect_true(a$cells$exact)
  expect_equal(a$cells$status, "primary")
  expect_equal(a$status, "fail")
  expect_equal(a$counts$primary_exact, 1)
  # Without a pattern, the table is protected first (as `sdc audit` without --pattern).
  expect_equal(sdc_audit(t)$status, "pass")
})

test_that("protect: forced cells", {
  t <- hand_table()
  rows <- paste(t$cells$row, t$cells$col, sep = "/")
  # Publishing B/f is forced: the rectangle is no longer possible; the margins of A and m go.
  p <- sdc_protect(t, must_publish = which(rows == "B/f"))
  expect_equal(p$cells$status[rows == "B/f"], "published")
  expect_equal(p$status, "pass")
  expect_equal(sdc_audit(p)$counts$primary_exact, 0)
  # Suppressing Total/Total is forced: it is a secondary suppression on top of the pattern.
  q <- sdc_protect(t, must_suppress = rows == "Total/Total")
  expect_equal(q$cells$status[rows == "Total/Total"], "secondary")
  # Forcing the publication of every other cell leaves the primary cell derivable: fail.
  r <- sdc_protect(t, must_publish = rows != "A/m")
  expect_equal(r$status, "fail")
  expect_equal(nrow(r$unprotected), 1)
  expect_equal(r$unprotected$row, "A")
})

golden_protect <- function(name) {
  dir <- golden_dir()
  path <- if (is.null(dir)) "" else file.path(dir, "sdctable_protect", name)
  if (!file.exists(path)) skip(paste("golden file", name, "not available"))
  utils::read.csv(path, comment.char = "#", stringsAsFactors = FALSE, colClasses = "character")
}

test_that("golden: the audit reproduces sdcTable's attack() on its own patterns (microdata1)", {
  microdata1 <- read_microdata1()
  for (method in c("GAUSS", "SIMPLEHEURISTIC")) {
    g <- golden_protect(sprintf("microdata1_freq_maxN3_%s.csv", method))
    t <- sdc_crosstab(microdata1, "region", "gender", profile = "sdctable", min_count = 4)
    row <- match(paste(t$cells$region, t$cells$gender), paste(g$region, g$gender))
    expect_false(anyNA(row))
    expect_equal(t$cells$value, as.numeric(g$freq[row]), info = method)
    status <- unname(c(u = "primary", x = "secondary", s = "published", z = "published")[g$sdcStatus[row]])
    # sdcTable's maxN = 3 fails counts up to 3: our min_count = 4; the primary cells agree.
    expect_equal(status == "primary", t$cells$status == "fail", info = method)
    a <- sdc_audit(t, pattern = unname(status), protection = "none")
    expect_equal(a$cells$lower, as.numeric(g$low[row[a$cells$cell]]), tolerance = 1e-9, info = method)
    expect_equal(a$cells$upper, as.numeric(g$up[row[a$cells$cell]]), tolerance = 1e-9, info = method)
    # Our own pattern needs no more suppressions than sdcTable's and leaves no primary cell exact.
    p <- sdc_protect(t, singletons = "none")
    expect_lte(sum(p$cells$status != "published"), sum(status != "published"))
    expect_equal(sdc_audit(p)$counts$primary_exact, 0)
  }
})

test_that("golden: attack() on the 3-D testdata table (roof x water x sex)", {
  testdata <- shared_input("sdcmicro", "testdata.csv")
  g <- golden_protect("testdata_roof_water_sex_freq_maxN3_GAUSS.csv")
  t <- sdc_crosstab(testdata, c("roof", "water"), "sex", profile = "sdctable", min_count = 3)
  row <- match(paste(t$cells$roof, t$cells$water, t$cells$sex), paste(g$roof, g$water, g$sex))
  expect_false(anyNA(row))
  expect_equal(t$cells$value, as.numeric(g$freq[row]))
  status <- unname(c(u = "primary", x = "secondary", s = "published", z = "published")[g$sdcStatus[row]])
  a <- sdc_audit(t, pattern = unname(status), protection = "none")
  expect_equal(a$cells$lower, as.numeric(g$low[row[a$cells$cell]]), tolerance = 1e-9)
  expect_equal(a$cells$upper, as.numeric(g$up[row[a$cells$cell]]), tolerance = 1e-9)
  p <- sdc_protect(t)
  expect_equal(p$status, "pass")
  audit <- sdc_audit(p)
  expect_equal(audit$counts$primary_exact, 0)
  expect_equal(audit$counts$primary_unprotected, 0)
})

test_that("protect and audit: bad input is refused with a clear error", {
  t <- hand_table()
  expect_error(sdc_protect(t$cells), class = "sdc_invalid_input", regexp = "table result")
  expect_error(sdc_protect(t, cost = "cheap"), class = "sdc_invalid_input", regexp = "cheap")
  expect_error(sdc_protect(t, singletons = "all"), class = "sdc_invalid_input", regexp = "coalition")
  expect_error(sdc_protect(t, must_publish = c(TRUE, FALSE)), class = "sdc_invalid_input",
               regexp = "one TRUE/FALSE per cell")
  expect_error(sdc_protect(t, must_suppress = 100), class = "sdc_invalid_input", regexp = "not a row")
  expect_error(sdc_audit(t, pattern = rep("hidden", nrow(t$cells))), class = "sdc_invalid_input",
               regexp = "unknown status 'hidden'")
  expect_error(sdc_audit(t, protection = "sliding"), class = "sdc_invalid_input", regexp = "rules or none")
  microdata1 <- read_microdata1()
  no_margins <- sdc_crosstab(microdata1, "region", "gender", margins = FALSE)
  expect_error(sdc_protect(no_margins), class = "sdc_invalid_input", regexp = "margins = TRUE")
  means <- sdc_crosstab(microdata1, "region", "gender", values = "val", aggfunc = "mean")
  expect_error(sdc_protect(means), class = "sdc_invalid_input", regexp = "additive")
  # A result restored from disk no longer holds the core table.
  path <- tempfile(fileext = ".rds")
  saveRDS(t, path)
  expect_error(sdc_protect(readRDS(path)), class = "sdc_invalid_input", regexp = "saved and restored")
  unlink(path)
})

# Microdata of the hierarchical example: regions A (2 records), B (10), C (20), D (30);
# provinces P1 = A + B (12) and P2 = C + D (50); Total 62.
hierarchy_data <- function() {
  data.frame(region = rep(c("A", "B", "C", "D"), c(2, 10, 20, 30)),
             sex = rep(c("f", "m"), 31))
}
regions <- data.frame(region = c("A", "B", "C", "D"), province = c("P1", "P1", "P2", "P2"), total = "*")

test_that("protect: a hierarchical table by hand (subtotals of a hierarchy)", {
  p <- sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                   profile = "sdctable", min_count = 3)
  expect_s3_class(p, "sdc_system_protection")
  status <- stats::setNames(p$cells$status, p$cells$region)
  # By decreasing count: Total, P2, D published; C = P2 - D and P1 = Total - P2 are known
  # anyway; B would give A = P1 - B: secondary. Total, P1, P2, C and D are published.
  expect_equal(unname(status[c("A", "B")]), c("primary", "secondary"))
  expect_true(all(status[c("C", "D", "P1", "P2", "Total")] == "published"))
  expect_equal(p$counts$primary, 1)
  expect_equal(p$counts$secondary, 1)
  expect_equal(p$status, "pass")
  expect_equal(p$cells$levels[p$cells$region == "P1"], "province")
  # A + B = 12 with both >= 0: both in [0, 12].
  a <- sdc_audit(p)
  expect_equal(a$cells$lower, c(0, 0))
  expect_equal(a$cells$upper, c(12, 12))
  expect_equal(a$status, "pass")
})

test_that("protect: linked tables sharing a margin, checked by the audit", {
  d <- hierarchy_data()
  p <- sdc_protect(d, tables = list(c("region"), c("region", "sex")), profile = "sdctable", min_count = 3)
  # The region margin of table 2 is table 1: one cell of the system, shown by both outputs.
  shared <- p$cells[p$cells$region == "A" & (is.na(p$cells$sex) | p$cells$sex == "Total"), ]
  expect_equal(nrow(shared), 2)
  expect_equal(length(unique(shared$cell)), 1)
  expect_equal(unique(shared$status), "primary")
  a <- sdc_audit(p, protection = "none")
  expect_equal(a$counts$primary_exact, 0)
  expect_equal(p$status, "pass")
  # Bad input.
  expect_error(sdc_protect(d, tables = list(c("nope"))), class = "sdc_invalid_input", regexp = "nope")
  expect_error(sdc_protect(d, index = "region", hierarchies = list(sex = regions)), class = "sdc_invalid_input",
               regexp = "sex")
  expect_error(sdc_protect(d, index = "region", hierarchies = list(region = regions[-1, ])), class = "sdc_invalid_input",
               regexp = "A")
  expect_error(sdc_protect(d, tables = list("region"), must_suppress = 0), class = "sdc_invalid_input",
               regexp = "must_suppress")
})

test_that("protect: zeros = (a table rule) is not taken for zeros_known", {
  # (A, m) is an empty cell. R would match `zeros` to zeros_known (a prefix of it): the rule must
  # reach the table, so that a zero cell fails under "fail" and not under "ignore".
  d <- data.frame(region = rep(c("A", "B", "C"), c(4, 10, 20)), sex = c(rep("f", 4), rep(c("f", "m"), 15)))
  status_of_empty <- function(p) {
    p$cells$status[p$cells$region == "A" & !is.na(p$cells$sex) & p$cells$sex == "m"]
  }
  fail <- sdc_protect(d, tables = list(c("region", "sex")), profile = "sdctable", min_count = 3, zeros = "fail")
  ignore <- sdc_protect(d, tables = list(c("region", "sex")), profile = "sdctable", min_count = 3, zeros = "ignore")
  expect_equal(unique(status_of_empty(fail)), "primary")
  expect_false("primary" %in% status_of_empty(ignore))
  # Given in full, zeros_known is the Gauss option and zeros the rule.
  both <- sdc_protect(d, tables = list(c("region", "sex")), profile = "sdctable", min_count = 3, zeros = "fail",
                      zeros_known = TRUE)
  expect_equal(both$cells$status, fail$cells$status)
})

test_that("protect: forced cells of a hierarchical table by hand", {
  base <- sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                      profile = "sdctable", min_count = 3)
  cell_of <- function(p, label) p$cells$cell[match(label, p$cells$region)]
  # D forced suppressed (a pattern to start from). By decreasing count: Total 62, P2 50 and C 20
  # are published (C gives D = P2 - C, a secondary cell, which may be derivable), P1 = Total - P2
  # is known anyway, B would give A = P1 - B: secondary. Without the forced cell D is published.
  p <- sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                   profile = "sdctable", min_count = 3, must_suppress = cell_of(base, "D"))
  status <- stats::setNames(p$cells$status, p$cells$region)
  expect_equal(unname(status[c("A", "B", "D")]), c("primary", "secondary", "secondary"))
  expect_true(all(status[c("C", "P1", "P2", "Total")] == "published"))
  expect_equal(p$counts$secondary, 2)
  expect_equal(unname(stats::setNames(base$cells$status, base$cells$region)["D"]), "published")
  # D = P2 - C = 30 exactly (a secondary cell); A + B = 12: both in [0, 12].
  a <- sdc_audit(p, protection = "none")
  kind <- stats::setNames(a$cells$kind, a$cells$description)
  expect_equal(sort(a$cells$lower), c(0, 0, 30))
  expect_equal(sort(a$cells$upper), c(12, 12, 30))
  expect_equal(a$status, "pass")
  # The same pattern as flags.
  flags <- logical(nrow(base$system_cells))
  flags[cell_of(base, "D")] <- TRUE
  q <- sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                   profile = "sdctable", min_count = 3, must_suppress = flags)
  expect_equal(q$cells$status, p$cells$status)
  # Infeasible forcing is refused, naming the cells: A fails the rules; C both ways.
  expect_error(sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                           profile = "sdctable", min_count = 3, must_publish = cell_of(base, "A")),
               class = "sdc_invalid_input", regexp = "region=A")
  expect_error(sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions),
                           profile = "sdctable", min_count = 3, must_publish = cell_of(base, "C"),
                           must_suppress = cell_of(base, "C")),
               class = "sdc_invalid_input", regexp = "both published and suppressed.*region=C")
})

# The 2x2 table of tests/cpp/test_optimal_suppression.cpp: A/f = 1 fails min_count = 2.
#            m    f   Total
#   A        4    1       5
#   B        6    9      15
#   Total   10   10      20
optimal_table <- function() {
  agg <- data.frame(row = c("A", "A", "B", "B"), col = c("m", "f", "m", "f"), n = c(4, 1, 6, 9))
  sdc_check_table(agg, "row", "col", count = "n", profile = "sdctable", min_count = 2)
}

test_that("protect: the optimal method on a 2x2 table by hand", {
  t <- optimal_table()
  p <- sdc_protect(t, method = "optimal", cost = "value")
  # The four rectangles through A/f cost 4 + 6 + 9 = 19 (inner cells), 5 + 9 + 15 = 29 (A total,
  # B/f, B total), 4 + 10 + 10 = 24 (A/m and the column totals) and 5 + 10 + 20 = 35: the inner
  # one is cheapest.
  status <- stats::setNames(p$cells$status, paste(p$cells$row, p$cells$col, sep = "/"))
  expect_equal(unname(status[c("A/f", "A/m", "B/m", "B/f")]), c("primary", "secondary", "secondary", "secondary"))
  expect_true(all(status[grepl("Total", names(status))] == "published"))
  expect_equal(p$method, "optimal")
  expect_equal(p$options$objective, 19)
  expect_true(p$options$proven_optimal)
  expect_true(p$options$solution_found)
  expect_equal(p$options$cost, "value")
  expect_equal(p$status, "pass")
  expect_equal(names(p$options), c("cost", "time_limit_seconds", "proven_optimal", "solution_found", "objective",
                                   "bound", "started_from_gauss", "nodes"))
  # Counts: cost auto is frequency, here the same numbers.
  expect_equal(sdc_protect(t, method = "optimal")$options$objective, 19)
  # The defaults are the core's.
  defaults <- sdc:::sdc_optimal_defaults_cpp()
  expect_equal(formals(sdc_protect)$time_limit_seconds, defaults$time_limit_seconds)
  expect_equal(formals(sdc_protect)$max_cells, defaults$max_cells)
  expect_equal(formals(sdc_protect)$start_from_gauss, defaults$start_from_gauss)
  # Forcing B/m published rules out the inner rectangle; of the other three the one through the
  # column totals is cheapest: A/m, Total/m, Total/f = 4 + 10 + 10 = 24.
  rows <- paste(t$cells$row, t$cells$col, sep = "/")
  f <- sdc_protect(t, method = "optimal", cost = "value", must_publish = which(rows == "B/m"))
  expect_equal(f$options$objective, 24)
  expect_equal(f$cells$status[rows %in% c("A/m", "Total/m", "Total/f")], rep("secondary", 3))
  # The audit of the optimal pattern: A/f = t, A/m = 5 - t, B/f = 10 - t, B/m = 15 - (10 - t) = 5 + t,
  # all >= 0: t in [0, 5].
  a <- sdc_audit(p)
  expect_equal(a$pattern, "optimal (cost value)")
  expect_equal(a$cells$lower[a$cells$status == "primary"], 0)
  expect_equal(a$cells$upper[a$cells$status == "primary"], 5)
  # Bad input.
  expect_error(sdc_protect(t, method = "best"), class = "sdc_invalid_input", regexp = "gauss or optimal")
  expect_error(sdc_protect(t, method = "optimal", max_cells = 3), class = "sdc_invalid_input", regexp = "9")
  expect_error(sdc_protect(hierarchy_data(), index = "region", hierarchies = list(region = regions), method = "optimal"),
               class = "sdc_invalid_input", regexp = "flat tables")
})

test_that("protect: the optimal method gives Python's and the CLI's report", {
  skip_if_not_installed("jsonlite")
  m <- read_microdata1()
  t <- sdc_crosstab(m, "region", "gender", profile = "sdctable", min_count = 3)
  mine <- jsonlite::fromJSON(sdc_to_json(sdc_protect(t, method = "optimal")), simplifyVector = FALSE)
  expect_equal(mine$method, "optimal")
  compared <- 0L
  sdc_cli <- Sys.getenv("SDC_CLI")
  if (nzchar(sdc_cli) && file.exists(sdc_cli)) {
    json <- tempfile(fileext = ".json")
    system2(sdc_cli, c("protect", "--data", extdata("microdata1.csv"), "--rows", "region", "--cols", "gender",
                       "--profile", "sdctable", "--min-count", "3", "--method", "optimal", "--json", json),
            stdout = FALSE, stderr = FALSE)
    expect_equal(mine, jsonlite::fromJSON(json, simplifyVector = FALSE))
    compared <- compared + 1L
  }
  python_path <- Sys.getenv("SDC_PYTHONPATH")
  if (nzchar(python_path) && dir.exists(file.path(python_path, "sdc"))) {
    python <- Sys.getenv("SDC_PYTHON", "/usr/bin/python3")
    json <- tempfile(fileext = ".json")
    script <- tempfile(fileext = ".py")
    writeLines(c(
      "import pandas as pd, sdc",
      sprintf("m = pd.read_csv(%s)", shQuote(extdata("microdata1.csv"))),
      "t = sdc.crosstab(m, 'region', 'gender', profile='sdctable', min_count=3)",
      sprintf("open(%s, 'w').write(sdc.protect(t, method='optimal').to_json())", shQuote(json))), script)
    output <- suppressWarnings(system2(python, script, env = paste0("PYTHONPATH=", python_path), stdout = TRUE,
                                       stderr = TRUE))
    expect_null(attr(output, "status"), label = paste(output, collapse = "\n"))
    expect_equal(mine, jsonlite::fromJSON(json, simplifyVector = FALSE))
    compared <- compared + 1L
  }
  if (compared == 0L) skip("neither SDC_CLI nor SDC_PYTHONPATH is set: no cross-binding comparison")
})

test_that("protect: a sum table whose Gauss pattern leaves a primary cell too narrow is repaired", {
  # Worked by hand (as tests/cli/test_cli_protect.py): (D, male) = 366 fails (2, 75) and needs
  # 100/75 * 291 - 366 = 22 below its value. Gauss suppresses the rectangle A/D x female/male:
  # (A, female) = 20 can rise by at most its own 20, so (D, male) reaches 346 only. The repair
  # LP moves (D, male) down by 22 at least cost: 20 through the rectangle (free), the last 2
  # through row C (female 106 + male 118 = 224 per unit, cheaper than row B's 204 + 140 or any
  # margin). So C female and C male are added; (D, male) then lies in [366 - 20 - 106, 518].
  m <- read_microdata1()
  sums <- tapply(m$val, list(m$region, m$gender), sum)
  expect_equal(c(sums["D", "male"], sums["A", "female"], sums["C", "female"], sums["C", "male"]),
               c(366, 20, 106, 118))
  t <- sdc_crosstab(m, "region", "gender", values = "val", aggfunc = "sum", min_count = 1, nk = "2:75",
                    p_percent = NULL, zeros = "ignore")
  report <- sdc_protect(t, intervals = "report")
  expect_equal(report$intervals$too_narrow_before, 1)
  expect_equal(report$intervals$added_secondary, 0)
  expect_equal(report$intervals$too_narrow$region, "D")
  expect_equal(report$intervals$too_narrow$gender, "male")
  expect_equal(report$counts$secondary, 2)
  expect_equal(report$status, "pass")
  p <- sdc_protect(t)
  expect_equal(p$intervals[c("mode", "levels", "too_narrow_before", "added_secondary", "rounds", "too_narrow_after")],
               list(mode = "repair", levels = "rules", too_narrow_before = 1, added_secondary = 2, rounds = 1,
                    too_narrow_after = 0))
  expect_equal(nrow(p$intervals$too_narrow), 0L)
  status <- stats::setNames(p$cells$status, paste(p$cells$region, p$cells$gender))
  expect_equal(unname(status[c("C female", "C male")]), c("secondary", "secondary"))
  expect_equal(p$counts$secondary, 4)
  a <- sdc_audit(p)
  expect_equal(a$counts$primary_unprotected, 0)
  at <- which(a$cells$region == "D" & a$cells$gender == "male")
  expect_equal(c(a$cells$lower[at], a$cells$upper[at]), c(240, 518), tolerance = 1e-6)
  expect_null(sdc_protect(t, intervals = "off")$intervals)
  expect_null(sdc_protect(t, method = "optimal")$intervals)
  expect_error(sdc_protect(t, intervals = "fix"), "intervals must be repair, report or off")
})

test_that("protect: a hierarchy whose Gauss pattern leaves a primary cell too narrow is repaired", {
  # The hand-worked system of tests/cpp/test_protect_step.cpp: Gauss suppresses the rectangle
  # (A, B) x (N, S), where (A, N) = 20 can fall only by (B, S) = 1 (2.5 required). The cheapest
  # repair suppresses (A, Total) = 30 and (B, Total) = 11 (moving (A, N) down by 2.5 costs
  # 30 * 1.5 + 11 * 1.5); (A, N) + (B, N) = (AB, N) = 30 stays published: (A, N) in [0, 30].
  args <- list(firm_turnover(), index = "sector", columns = "region", values = "turnover", aggfunc = "sum",
               hierarchies = list(sector = data.frame(sector = c("A", "B", "C", "D"),
                                                      group = c("AB", "AB", "CD", "CD"), total = "*")),
               min_count = 1, nk = "1:80", p_percent = NULL, zeros_known = TRUE, zeros = "ignore",
               class_disclosure = "ignore")
  report <- do.call(sdc_protect, c(args, intervals = "report"))
  expect_equal(report$intervals$too_narrow$description, "'table' (sector=A, region=N)")
  p <- do.call(sdc_protect, args)
  expect_equal(p$intervals$added_secondary, 2)
  expect_equal(p$intervals$too_narrow_after, 0)
  suppressed <- p$cells[p$cells$status != "published", ]
  expect_setequal(paste(suppressed$sector, suppressed$region),
                  c("A N", "A S", "B N", "B S", "A Total", "B Total"))
  a <- sdc_audit(p)
  at <- which(a$cells$description == a$cells$description[a$cells$kind == "primary"])
  expect_equal(c(a$cells$lower[at], a$cells$upper[at]), c(0, 30), tolerance = 1e-6)
  expect_equal(a$counts$primary_unprotected, 0)
})
