# SPDX-License-Identifier: MIT
# Cross-validation of the R package sdc against sdcMicro and sdcTable, side by side on their own
# datasets (shared/data/sdcmicro, shared/data/sdctable): freqCalc, indivRisk/measure_risk
# (individual, global, household risk), suda2, ldiversity, sdcTable's primarySuppression on
# microdata1, and sdcTable's attack() on the secondary suppression pattern of sdc_protect()
# (microdata1 and the 3-D testdata table): its intervals must be sdc_audit()'s and no primary
# cell may be exact. sdcMicro and sdcTable are used as oracles only (their outputs), never as
# code.
#
#   Rscript scripts/cross_validate.R
#
# Libraries: $SDC_R_LIB (where sdc is installed, e.g. build/r-package/sdc.Rcheck) and
# /opt/rlib-oracles (sdcMicro, sdcTable) are put first on the library path when they exist.
# Exits 1 if a comparison differs beyond tolerance in a way not listed as deliberate (below).
for (lib in c(Sys.getenv("SDC_R_LIB"), "/opt/rlib-oracles")) {
  if (nzchar(lib) && dir.exists(lib)) .libPaths(c(lib, .libPaths()))
}
suppressPackageStartupMessages(library(sdc))
have <- function(package) {
  ok <- suppressWarnings(suppressPackageStartupMessages(requireNamespace(package, quietly = TRUE)))
  if (ok) suppressPackageStartupMessages(library(package, character.only = TRUE))
  else cat(sprintf("skipped: %s is not installed (install it from CRAN to compare)\n", package))
  ok
}
have_micro <- have("sdcMicro")
have_table <- have("sdcTable")

script_dir <- local({
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else getwd()
})
repo <- normalizePath(file.path(script_dir, ".."))
shared <- Sys.getenv("SDC_SHARED_DATA_DIR", file.path(repo, "..", "shared", "data"))
read_shared <- function(...) utils::read.csv(file.path(shared, ...), stringsAsFactors = FALSE)

report <- data.frame(check = character(), dataset = character(), result = character(),
                     detail = character(), stringsAsFactors = FALSE)
add <- function(check, dataset, result, detail) {
  report[nrow(report) + 1L, ] <<- list(check, dataset, result, detail)
  cat(sprintf("%-7s %-38s %-22s %s\n", result, check, dataset, detail))
}

# Compares numeric vectors; "same" within tol, else "DIFF" (or "known" if documented).
compare <- function(check, dataset, ours, theirs, tol = 1e-10, known = NULL) {
  tryCatch({
    ours <- as.numeric(ours)
    theirs <- as.numeric(theirs)
    if (length(ours) != length(theirs)) {
      add(check, dataset, "DIFF", sprintf("lengths %d vs %d", length(ours), length(theirs)))
      return(invisible(FALSE))
    }
    gap <- abs(ours - theirs)
    gap[is.na(ours) & is.na(theirs)] <- 0
    gap[xor(is.na(ours), is.na(theirs))] <- Inf
    bad <- which(gap > tol * pmax(1, abs(theirs), na.rm = TRUE))
    if (length(bad) == 0L) {
      add(check, dataset, "same", sprintf("%d values, max |diff| %.3g", length(ours), max(c(0, gap))))
      return(invisible(TRUE))
    }
    detail <- sprintf("%d of %d differ (first: record %d, sdc %.10g vs %.10g)", length(bad), length(ours),
                      bad[1], ours[bad[1]], theirs[bad[1]])
    add(check, dataset, if (is.null(known)) "DIFF" else "known", if (is.null(known)) detail else paste0(detail, "; ", known))
    invisible(FALSE)
  }, error = function(e) add(check, dataset, "ERROR", conditionMessage(e)))
}

attempt <- function(check, dataset, expr) {
  tryCatch(expr, error = function(e) {
    add(check, dataset, "ERROR", conditionMessage(e))
    NULL
  })
}

with_na <- function(data, keys, share, seed) {
  set.seed(seed)
  for (key in keys) data[[key]][stats::runif(nrow(data)) < share] <- NA
  data
}

# ---- sdcMicro: freqCalc, indivRisk, measure_risk --------------------------------------------
micro_cases <- list(
  list(name = "testdata", data = read_shared("sdcmicro", "testdata.csv"),
       keys = c("urbrur", "roof", "walls", "water", "electcon", "relat", "sex"),
       weights = "sampling_weight", hid = "ori_hid"),
  list(name = "free1", data = read_shared("sdcmicro", "free1.csv"),
       keys = c("REGION", "SEX", "AGE"), weights = "WEIGHT", hid = NULL),
  list(name = "francdat", data = read_shared("sdcmicro", "francdat.csv"),
       keys = c("Key1", "Key2", "Key3", "Key4"), weights = "w", hid = NULL)
)
micro_cases[[4]] <- micro_cases[[1]]
micro_cases[[4]]$name <- "testdata, 2% NA per key"
micro_cases[[4]]$data <- with_na(micro_cases[[1]]$data, micro_cases[[1]]$keys, 0.02, 1)

for (case in if (have_micro) micro_cases else list()) {
  d <- case$data
  for (alpha in c(1, 0.5)) {
    label <- sprintf("%s, alpha %g", case$name, alpha)
    theirs <- attempt("freqCalc", label, freqCalc(d, keyVars = case$keys, w = case$weights, alpha = alpha))
    if (is.null(theirs)) next
    ours <- sdc_risk(d, case$keys, weights = case$weights, missing = "wildcard", alpha = alpha,
                     allow_constant_keys = TRUE)
    compare("freqCalc fk", label, ours$records$fk, theirs$fk)
    compare("freqCalc Fk", label, ours$records$Fk, theirs$Fk)
    rk <- attempt("indivRisk", label, indivRisk(theirs)$rk)
    if (!is.null(rk)) {
      compatible <- sdc_risk(d, case$keys, weights = case$weights, missing = "wildcard", alpha = alpha,
                             allow_constant_keys = TRUE, sdcmicro_compatible = TRUE)
      compare("indivRisk (sdcmicro_compatible)", label, compatible$records$risk, rk, tol = 1e-12)
      compare("indivRisk (default)", label, ours$records$risk, rk, tol = 1e-9,
              known = if (alpha < 1) "fractional fk in (1, 2): sdcMicro gives risk 0, sdc the exact risk" else NULL)
    }
  }
  mr <- attempt("measure_risk", case$name,
                measure_risk(d, keyVars = case$keys, w = case$weights, hid = case$hid, max_global_risk = 0.01))
  if (!is.null(mr)) {
    ours <- sdc_risk(d, case$keys, weights = case$weights, household = case$hid, missing = "wildcard",
                     allow_constant_keys = TRUE, max_global_risk = 0.01)
    compare("measure_risk risk", case$name, ours$records$risk, mr$Res[, "risk"], tol = 1e-9)
    compare("measure_risk ER", case$name, ours$expected_reidentifications, mr$global_risk_ER, tol = 1e-9)
    compare("measure_risk global risk", case$name, ours$global_risk, mr$global_risk, tol = 1e-9)
    if (!is.null(case$hid)) {
      compare("measure_risk household risk", case$name, ours$records$household_risk, mr$Res[, "hier_risk"], tol = 1e-9)
    }
    if (!is.null(mr$global_threshold)) {
      compare("measure_risk global threshold", case$name, ours$global_threshold$threshold, mr$global_threshold,
              tol = 1e-9, known = if (is.na(mr$global_threshold) && ours$global_threshold$records_above == 0)
                "global risk already below the target: sdcMicro reports NA, sdc the largest risk (no record above)")
    }
  }
}

# ---- sdcMicro: suda2 -------------------------------------------------------------------------
suda_cases <- list(
  list(name = "testdata (7 keys)", data = micro_cases[[1]]$data, keys = micro_cases[[1]]$keys),
  list(name = "francdat", data = micro_cases[[3]]$data, keys = micro_cases[[3]]$keys),
  list(name = "free1 (REGION SEX AGE MARSTAT)", data = micro_cases[[2]]$data,
       keys = c("REGION", "SEX", "AGE", "MARSTAT"))
)
for (case in if (have_micro) suda_cases else list()) {
  theirs <- attempt("suda2", case$name, suda2(case$data, variables = case$keys, DisFraction = 0.01))
  if (is.null(theirs)) next
  ours <- sdc_suda(case$data, case$keys)
  compare("suda2 score", case$name, ours$records$score, theirs$score, tol = 1e-9)
  compare("suda2 DIS score", case$name, ours$records$dis_score, theirs$disScore, tol = 1e-5,
          known = NULL)
  if (!is.null(theirs$attribute_contributions)) {
    compare("suda2 contribution (%)", case$name, 100 * ours$attribute_contribution$contribution,
            theirs$attribute_contributions$contribution, tol = 1e-6)
  }
}

# ---- sdcMicro: ldiversity --------------------------------------------------------------------
l_cases <- list(
  list(name = "testdata", data = micro_cases[[1]]$data, keys = c("urbrur", "water", "sex"), sensitive = "hhcivil"),
  list(name = "free1", data = micro_cases[[2]]$data, keys = c("REGION", "SEX", "AGE"), sensitive = "MARSTAT")
)
l_cases[[3]] <- l_cases[[1]]
l_cases[[3]]$name <- "testdata, 5% NA in hhcivil"
l_cases[[3]]$data <- with_na(l_cases[[1]]$data, "hhcivil", 0.05, 2)
for (case in if (have_micro) l_cases else list()) {
  theirs <- attempt("ldiversity", case$name,
                    ldiversity(case$data, keyVars = case$keys, ldiv_index = case$sensitive, l_recurs_c = 2))
  if (is.null(theirs)) next
  column <- function(kind) theirs[, paste0(case$sensitive, "_", kind, "_Ldiversity")]
  compatible <- sdc_l_diversity(case$data, case$keys, case$sensitive, sdcmicro_compatible = TRUE)
  ours <- sdc_l_diversity(case$data, case$keys, case$sensitive)
  var <- case$sensitive
  compare("ldiversity distinct (compatible)", case$name, compatible$records[[paste0("l_distinct_", var)]], column("Distinct"))
  compare("ldiversity entropy (compatible)", case$name, compatible$records[[paste0("l_entropy_", var)]], column("Entropy"), tol = 1e-6)
  compare("ldiversity recursive (compatible)", case$name, compatible$records[[paste0("l_recursive_", var)]], column("Recursive"))
  compare("ldiversity distinct (default)", case$name, ours$records[[paste0("l_distinct_", var)]], column("Distinct"),
          known = "sdcMicro counts each NA sensitive value as a new distinct value; sdc ignores NA")
}

# ---- sdcTable: primarySuppression on microdata1 ----------------------------------------------
microdata1 <- read_shared("sdctable", "microdata1.csv")
table_cases <- list(
  list(label = "freq maxN = 2", sdctable = list(type = "freq", maxN = 2),
       ours = list(min_count = 3, nk = NULL, p_percent = NULL, pq = NULL)),
  list(label = "nk n = 2, k = 75", sdctable = list(type = "nk", n = 2, k = 75, numVarName = "val"),
       ours = list(min_count = 1, nk = "2:75", p_percent = NULL, pq = NULL)),
  list(label = "p = 70", sdctable = list(type = "p", p = 70, numVarName = "val"),
       ours = list(min_count = 1, nk = NULL, p_percent = 70, pq = NULL)),
  list(label = "p = 80", sdctable = list(type = "p", p = 80, numVarName = "val"),
       ours = list(min_count = 1, nk = NULL, p_percent = 80, pq = NULL)),
  list(label = "pq = (60, 80)", sdctable = list(type = "pq", pq = c(60, 80), numVarName = "val"),
       ours = list(min_count = 1, nk = NULL, p_percent = NULL, pq = "60:80"))
)
problem <- if (have_table) attempt("makeProblem", "microdata1", {
  dims <- list(region = sdcHierarchies::hier_create(root = "Total", nodes = sort(unique(microdata1$region))),
               gender = sdcHierarchies::hier_create(root = "Total", nodes = sort(unique(microdata1$gender))))
  makeProblem(data = microdata1, dimList = dims, numVarInd = "val")
}) else NULL
if (!is.null(problem)) {
  for (case in table_cases) {
    theirs <- attempt("primarySuppression", case$label, {
      suppressed <- do.call(primarySuppression, c(list(object = problem), case$sdctable))
      frame <- as.data.frame(sdcProb2df(suppressed, dimCodes = "original"))
      sort(paste(frame$region, frame$gender, sep = "/")[frame$sdcStatus == "u"])
    })
    if (is.null(theirs)) next
    ours <- do.call(sdc_crosstab, c(list(microdata1, "region", "gender", values = "val", aggfunc = "sum",
                                         profile = "sdctable"), case$ours))
    mine <- sort(paste(ours$cells$region, ours$cells$gender, sep = "/")[ours$cells$status == "fail"])
    same <- identical(mine, theirs)
    add("primarySuppression", paste("microdata1,", case$label), if (same) "same" else "DIFF",
        sprintf("sdc: %s; sdcTable: %s", paste(mine, collapse = " "), paste(theirs, collapse = " ")))
  }
}

# ---- sdcTable: attack() on sdc's secondary suppression ----------------------------------------
# sdc_protect()'s pattern is put into sdcTable's problem (change_cellstatus) and attacked there:
# sdcTable's intervals must equal sdc_audit()'s, and no primary cell may be exact.
attack_case <- function(label, data, dims, num_var) {
  for (v in dims) data[[v]] <- as.character(data[[v]])
  ours <- sdc_crosstab(data, dims[-length(dims)], dims[length(dims)], profile = "sdctable", min_count = 4)
  protected <- sdc_protect(ours)
  audit <- sdc_audit(protected, protection = "none")
  theirs <- attempt("attack", label, {
    hier <- lapply(dims, function(v) sdcHierarchies::hier_create(root = "Total", nodes = sort(unique(data[[v]]))))
    names(hier) <- dims
    problem <- makeProblem(data = data[c(dims, num_var)], dimList = hier, numVarInd = num_var)
    problem <- primarySuppression(problem, type = "freq", maxN = 3)
    secondary <- protected$cells[protected$cells$status == "secondary", dims, drop = FALSE]
    if (nrow(secondary) > 0L) problem <- change_cellstatus(problem, specs = secondary, rule = "x")
    final <- as.data.frame(sdcProb2df(problem, dimCodes = "original"))
    suppressed <- which(final$sdcStatus %in% c("u", "x"))
    a <- as.data.frame(attack(problem, to_attack = suppressed, verbose = FALSE))
    key <- do.call(paste, c(unname(final[a$id, dims, drop = FALSE]), sep = "/"))
    list(key = key, low = a$low, up = a$up, primary = final$sdcStatus[a$id] == "u")
  })
  if (is.null(theirs)) return(invisible())
  mine <- do.call(paste, c(unname(audit$cells[dims]), sep = "/"))
  at <- match(theirs$key, mine)
  same_cells <- !anyNA(at) && length(at) == nrow(audit$cells)
  add("attack (pattern of sdc_protect)", paste(label, "cells"), if (same_cells) "same" else "DIFF",
      sprintf("%d suppressed cells in sdcTable, %d in sdc", length(theirs$key), nrow(audit$cells)))
  if (!same_cells) return(invisible())
  compare("attack (pattern of sdc_protect) lower", label, audit$cells$lower[at], theirs$low, tol = 1e-9)
  compare("attack (pattern of sdc_protect) upper", label, audit$cells$upper[at], theirs$up, tol = 1e-9)
  exact <- sum(theirs$primary & abs(theirs$up - theirs$low) < 1e-9)
  add("attack (pattern of sdc_protect) primary cells exact", label, if (exact == 0) "same" else "DIFF",
      sprintf("%d primary cells disclosed exactly by sdcTable's attack()", exact))
}
if (have_table) {
  attack_case("microdata1 region x gender, freq maxN 3", microdata1, c("region", "gender"), "val")
  testdata_attack <- read_shared("sdcmicro", "testdata.csv")
  attack_case("testdata roof x water x sex, freq maxN 3", testdata_attack, c("roof", "water", "sex"), "income")
}

# ---- summary ---------------------------------------------------------------------------------
cat("\nDeliberate differences (docs/r.md, docs/risk.md):\n")
cat(paste0("  - ", c(
  "missing key values: sdcMicro always matches NA as a wildcard; sdc makes it an option (compared here with missing = \"wildcard\")",
  "individual risk for a fractional fk in (1, 2) (alpha < 1): sdcMicro gives 0, sdc the exact E[1/F | f] (sdcmicro_compatible = TRUE reproduces sdcMicro)",
  "weights below 1: sdcMicro's risks exceed 1; sdc takes Fk = max(Fk, fk)",
  "l-diversity: sdcMicro counts each NA sensitive value as a new distinct value; sdc ignores NA (sdcmicro_compatible = TRUE reproduces sdcMicro)",
  "character key columns: sdcMicro turns them into NA; sdc factorises them",
  "SUDA2 DIS scores: sdcMicro computes parts in single precision (agreement about 1e-7)",
  "global threshold when the global risk is already below the target: sdcMicro reports NA, sdc the largest individual risk with no record above it",
  "tables: sdcTable's frequency rule 'n <= maxN' is min_count = maxN + 1 in sdc"
)), sep = "\n")
counts <- table(factor(report$result, levels = c("same", "known", "DIFF", "ERROR")))
cat(sprintf("\ncross-validation: %d same, %d known differences, %d unexpected differences, %d errors\n",
            counts[["same"]], counts[["known"]], counts[["DIFF"]], counts[["ERROR"]]))
if (!have_micro || !have_table) cat("(incomplete: an oracle package is missing)\n")
if (counts[["DIFF"]] + counts[["ERROR"]] > 0) quit(status = 1)
