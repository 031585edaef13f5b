# SPDX-License-Identifier: MIT
# sdc_review(): the Practice Guide example worked out by hand, hierarchies given as data frames
# and as files, the Adult example against counts computed independently with pandas (the same
# figures as tests/cli/test_cli_review.py), the JSON against `sdc review --json` (when SDC_CLI
# is set), and bad input.

guide_dictionary <- function() {
  data.frame(variable = c("Residence", "Gender", "Education", "Health"),
             role = c("key", "key", "key", "sensitive"),
             description = c("Urban or rural", "Gender", "Highest education", "Health status"))
}

guide_request <- function(justification = "Needed for the regression of health on education.") {
  data.frame(variable = c("Residence", "Gender", "Education", "Health"), justification = justification)
}

test_that("review: the Practice Guide example by hand (k = 2)", {
  guide <- read_practice_guide()
  r <- sdc_review(guide, guide_dictionary(), guide_request(), target = list(k = 2))
  # Keys Residence x Gender x Education: classes Urban/Female/Secondary incomplete (records 1, 2,
  # 9, 10), Urban/Male/Secondary complete (4, 6) and four uniques (3, 5, 7, 8).
  p <- r$as_requested
  expect_equal(p$n_combinations, 6)
  expect_equal(p$sample_uniques, 4)
  expect_equal(p$k_anonymity$records, c(4, 6, 10, 10))
  expect_equal(p$k_anonymity$combinations, c(4, 5, 6, 6))
  expect_equal(p$expected_reidentifications, 6)  # one per class without weights
  expect_false(p$meets_target)
  expect_equal(r$key_variables, c("Residence", "Gender", "Education"))
  expect_equal(r$sensitive, "Health")
  # Without Education: Urban/Female 6, Urban/Male 3, Rural/Female 1 (record 5).
  education <- r$contributions[r$contributions$variable == "Education", ]
  expect_equal(c(education$records_at_risk_without, education$sample_uniques_without), c(1, 1))
  expect_equal(education$expected_reidentifications_without, 3)
  # Without Residence the four uniques stay unique.
  expect_equal(r$contributions$records_at_risk_without[r$contributions$variable == "Residence"], 4)
  # Only Gender alone (Female 7, Male 3) is 2-anonymous; dropping Education alone leaves
  # Rural/Female unique, dropping Gender and Education leaves Rural unique: one minimal
  # generalisation, Residence and Education dropped, loss (1 + 0 + 1) / 3.
  expect_equal(r$lattice$minimal, 1)
  expect_equal(unlist(r$generalisations[1, r$key_variables]), c(Residence = 1, Gender = 0, Education = 1))
  expect_equal(r$generalisations$precision_loss, 2 / 3)
  # Score: d = 2/3 of the requested detail removed, penalty 50 * (0.2 + 0.8 d) = 36.67.
  expect_equal(r$proportionality$risk_penalty, 50 * (0.2 + 0.8 * 2 / 3))
  expect_equal(r$proportionality$score, 63.3)
  expect_equal(r$proportionality$band, "to be reduced")
  expect_equal(r$verdict, "review")
  expect_output(print(r), "Verdict: review")
  expect_output(print(summary(r)), "proportionality 63.3/100")
})

test_that("review: identifiers and missing justifications are penalised", {
  guide <- read_practice_guide()
  guide$id <- seq_len(nrow(guide))
  dictionary <- rbind(guide_dictionary(), data.frame(variable = "id", role = "identifier", description = "Person id"))
  request <- rbind(guide_request(), data.frame(variable = "id", justification = ""))
  request$justification[request$variable == "Gender"] <- "short"
  r <- sdc_review(guide, dictionary, request, target = list(k = 2))
  expect_equal(r$identifiers, "id")
  expect_equal(r$unjustified, c("Gender", "id"))
  expect_equal(r$proportionality$identifier_penalty, 25)
  expect_equal(r$proportionality$justification_penalty, 10)
  expect_equal(r$proportionality$score, round(100 - 50 * (0.2 + 0.8 * 2 / 3) - 25 - 10, 1))
  expect_false(any(r$requested$justified[r$requested$variable %in% c("Gender", "id")]))
})

test_that("review: hierarchies as data frames, level names and files give the same review", {
  guide <- read_practice_guide()
  education <- data.frame(
    original = c("Primary incomplete", "Primary complete", "Secondary incomplete", "Secondary complete",
                 "Post-secondary"),
    level = c("Primary", "Primary", "Secondary", "Secondary", "Post-secondary"),
    top = "*")
  dictionary <- guide_dictionary()
  dictionary$levels <- c("", "", "degree|level|*", "")
  request <- guide_request()
  request$level <- c("0", "0", "level", "0")
  r <- sdc_review(guide, dictionary, request, target = list(k = 2), hierarchies = list(Education = education))
  expect_equal(r$requested$level_name[r$requested$variable == "Education"], "level")
  expect_equal(r$requested$n_levels[r$requested$variable == "Education"], 3)
  # At level 1: Urban/Female/Secondary (1, 2, 9, 10), Urban/Female/Primary (3, 7), Urban/Male/
  # Secondary (4, 6); uniques Rural/Female/Secondary (5) and Urban/Male/Post-secondary (8).
  expect_equal(r$as_requested$n_combinations, 5)
  expect_equal(r$as_requested$sample_uniques, 2)

  # The same as files: the dictionary names the hierarchy file, relative to its folder.
  dir <- tempfile("review")
  dir.create(file.path(dir, "hierarchies"), recursive = TRUE)
  writeLines(do.call(paste, c(education, sep = ";")), file.path(dir, "hierarchies", "education.csv"))
  dictionary$hierarchy <- c("", "", "hierarchies/education.csv", "")
  utils::write.csv(dictionary, file.path(dir, "dictionary.csv"), row.names = FALSE)
  utils::write.csv(request, file.path(dir, "request.csv"), row.names = FALSE)
  from_files <- sdc_review(guide, file.path(dir, "dictionary.csv"), file.path(dir, "request.csv"),
                           target = list(k = 2))
  from_files$call <- r$call <- NULL
  expect_equal(from_files, r)
  # A hierarchy given as a file path in `hierarchies`.
  by_path <- sdc_review(guide, dictionary[, c("variable", "role", "description", "levels")], request,
                        target = list(k = 2), hierarchies = list(Education = file.path(dir, "hierarchies", "education.csv")))
  expect_equal(by_path$as_requested, r$as_requested)
  expect_equal(by_path$generalisations, r$generalisations)
  unlink(dir, recursive = TRUE)
})

test_that("review: the Adult example matches counts computed independently", {
  root <- repo_root()
  path <- if (is.null(root)) "" else file.path(root, "..", "shared", "data", "adult", "adult.csv")
  if (!file.exists(path)) skip("shared Adult data not available")
  adult <- utils::read.csv(path, sep = ";", colClasses = "character", check.names = FALSE)
  examples <- file.path(root, "examples", "review", "adult")
  r <- sdc_review(adult, file.path(examples, "dictionary.csv"), file.path(examples, "request.csv"),
                  target = list(k = 5, max_suppressed_share = 0.01))
  # pandas: d.groupby(keys).size(): 18109 combinations, 21977 records in classes below 5,
  # 14021 uniques; without age 7185 records below 5 and 3760 uniques in 5988 combinations.
  expect_equal(r$n_records, 30162)
  expect_equal(r$as_requested$n_combinations, 18109)
  expect_equal(r$as_requested$k_anonymity$records[r$as_requested$k_anonymity$k == 5], 21977)
  expect_equal(r$as_requested$sample_uniques, 14021)
  age <- r$contributions[r$contributions$variable == "age", ]
  expect_equal(c(age$records_at_risk_without, age$sample_uniques_without), c(7185, 3760))
  expect_equal(age$expected_reidentifications_without, 5988)
  expect_equal(r$unjustified, "race")
  expect_equal(r$verdict, "review")
  expect_true(all(r$generalisations$records_suppressed <= 301))
  expect_equal(r$generalisations$precision_loss, sort(r$generalisations$precision_loss))
})

test_that("review: the JSON is that of `sdc review --json` (platform example)", {
  cli <- Sys.getenv("SDC_CLI")
  root <- repo_root()
  if (!nzchar(cli) || is.null(root)) skip("SDC_CLI not set or not in the repository")
  skip_if_not_installed("jsonlite")
  examples <- file.path(root, "examples", "review", "platform")
  data_path <- file.path(root, "examples", "data", "extract.csv")
  out <- tempfile(fileext = ".json")
  status <- system2(cli, c("review", "--data", data_path, "--dictionary", file.path(examples, "dictionary.csv"),
                           "--request", file.path(examples, "request.csv"), "--where", "reference_period=201709",
                           "--k", "3", "--max-suppressed-share", "0.05", "--json", out), stdout = FALSE, stderr = FALSE)
  expect_true(file.exists(out))
  theirs <- jsonlite::fromJSON(out, simplifyVector = FALSE)
  extract <- utils::read.csv(data_path, colClasses = "character")
  month <- extract[extract$reference_period == "201709", ]
  r <- sdc_review(month, file.path(examples, "dictionary.csv"), file.path(examples, "request.csv"),
                  target = list(k = 3, max_suppressed_share = 0.05))
  ours <- jsonlite::fromJSON(sdc_to_json(r), simplifyVector = FALSE)
  expect_equal(ours$n_records, 5041)
  expect_equal(ours$as_requested$n_combinations, 3247)
  for (field in setdiff(names(theirs), c("data", "where"))) {
    expect_equal(ours[[field]], theirs[[field]], tolerance = 1e-12, info = field)
  }
  expect_setequal(names(ours), names(theirs))
  # The exit code says the verdict: 3 review, 0 pass, 1 fail.
  expect_equal(status, c(pass = 0, review = 3, fail = 1)[[r$verdict]])
  unlink(out)
})

test_that("review: bad input is refused with a clear error", {
  guide <- read_practice_guide()
  d <- guide_dictionary()
  q <- guide_request()
  expect_error(sdc_review(guide, d, q[0, ]), class = "sdc_invalid_input", regexp = "names no variables")
  expect_error(sdc_review(guide, d[-1, ], q), class = "sdc_invalid_input", regexp = "'Residence' is not in the data dictionary")
  expect_error(sdc_review(guide[-1], d, q), class = "sdc_invalid_input", regexp = "'Residence' is not in the microdata")
  expect_error(sdc_review(guide, d, rbind(q, q[1, ])), class = "sdc_invalid_input", regexp = "requested twice")
  bad_role <- d
  bad_role$role[1] <- "quasi"
  expect_error(sdc_review(guide, bad_role, q), class = "sdc_invalid_input", regexp = "unknown variable role 'quasi'")
  expect_error(sdc_review(guide, d[c("variable")], q), class = "sdc_invalid_input", regexp = "no column 'role'")
  expect_error(sdc_review(guide, d, q, target = list(k = 0)), class = "sdc_invalid_input", regexp = "k must be at least 1")
  expect_error(sdc_review(guide, d, q, target = list(kk = 5)), class = "sdc_invalid_input", regexp = "unknown target field 'kk'")
  expect_error(sdc_review(guide, d, q, target = list(k = 2.5)), class = "sdc_invalid_input", regexp = "k must be a whole number")
  expect_error(sdc_review(guide, d, q, missing = "maybe"), class = "sdc_invalid_input", regexp = "maybe")
  q$level <- c("0", "0", "3", "0")
  expect_error(sdc_review(guide, d, q), class = "sdc_invalid_input", regexp = "Education")
  constant <- guide
  constant$Residence <- "Urban"
  expect_error(sdc_review(constant, d, guide_request()), class = "sdc_invalid_input", regexp = "constant")
  expect_error(sdc_review(guide, d, guide_request(), hierarchies = list(Education = data.frame(a = "x", b = "*"))),
               class = "sdc_invalid_input", regexp = "Education")
  expect_error(sdc_review(guide, tempfile(fileext = ".csv"), guide_request()), class = "sdc_io_failure")
  expect_error(sdc_review(guide, d, guide_request(), hierarchies = list(Nope = data.frame(a = "x", b = "*"))),
               class = "sdc_invalid_input", regexp = "'Nope'")
})
