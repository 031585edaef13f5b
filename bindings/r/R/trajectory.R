# SPDX-License-Identifier: MIT
# Trajectory unicity of panel data: the R façade of src/trajectory.cpp, mirroring the Python
# package's trajectory_unicity().

#' Unicity of trajectories in panel data
#'
#' The share of persons singled out by `points` points of their trajectory
#' (de Montjoye et al. 2013), a point being a period and the values of
#' `variables` in it. In `"sample"` mode, random persons and `points` random
#' points of each are drawn with the core's own random engine, seeded by
#' `seed` ([set.seed()] has no effect): the same seed gives the same result in
#' R, Python and the command-line tool. In `"exact"` mode every `points`-subset
#' of every eligible person's trajectory is assessed.
#'
#' @param data a data frame with one row per person and period.
#' @param person,period names of the person identifier and the period (rows
#'   missing either are skipped). Factors are read in place; other columns go
#'   through [factor()].
#' @param variables names of the variables whose values at a period make a
#'   point, or `NULL` (a point is a period of presence).
#' @param points p, the number of points known to the attacker.
#' @param mode `"sample"` or `"exact"`.
#' @param seed seed of the core's random engine (sample mode): a whole number
#'   in \[0, 2^53\].
#' @param persons sample mode: persons drawn (0: every eligible person).
#' @param draws_per_person sample mode: draws of p points per person.
#' @param short_trajectories persons with fewer than p points: `"exclude"`d, or
#'   assessed with `"all_points"`.
#' @param max_exact_subsets exact mode: refuse more p-subsets than this.
#' @details Arguments left `NULL` take the core's defaults
#'   (`trajectory_unicity_options::defaults()`: 4 points, sample mode, seed 0,
#'   1000 persons, 1 draw per person, short trajectories excluded, at most 10^7
#'   subsets).
#' @return an object of class `sdc_trajectory_unicity_result`: a list with
#'   `unicity` (`NaN` when no person is eligible), `standard_error`, `rows`,
#'   `rows_skipped`, `distinct_points`, `persons`, `persons_eligible`,
#'   `persons_excluded`, `persons_assessed`, `draws`, `unique_draws`, `points`,
#'   `mode`, `seed`, `short_trajectories`.
#' @examples
#' panel <- data.frame(person = c("A", "A", "B", "B", "C"), month = c(1, 2, 1, 2, 1),
#'                     place = c("x", "y", "x", "z", "w"))
#' sdc_trajectory_unicity(panel, "person", "month", "place", points = 1, mode = "exact")
#' sdc_trajectory_unicity(panel, "person", "month", "place", points = 1, seed = 7,
#'                        persons = 0, draws_per_person = 50)$unique_draws
#' @export
sdc_trajectory_unicity <- function(data, person, period, variables = NULL, points = NULL, mode = NULL,
                                   seed = NULL, persons = NULL, draws_per_person = NULL,
                                   short_trajectories = NULL, max_exact_subsets = NULL) {
  sdc_call({
    check_data(data)
    check_single(person, "person")
    check_single(period, "period")
    who <- categories(data, person, "person")[[1L]]
    when <- categories(data, period, "period")[[1L]]
    variables <- variables %||% character()
    what <- categories(data, variables, "trajectory variable")
    number <- function(x, name) {
      if (is.null(x)) return(NULL)
      if (!is.numeric(x) || length(x) != 1L || is.na(x)) sdc_abort("invalid_argument", sprintf("%s must be one number", name))
      as.double(x)
    }
    raw <- sdc_trajectory_unicity_cpp(who, person, when, period, what, variables, number(points, "points"), mode,
                                      number(seed, "seed"), number(persons, "persons"),
                                      number(draws_per_person, "draws_per_person"), short_trajectories,
                                      number(max_exact_subsets, "max_exact_subsets"))
    raw$person <- person
    raw$period <- period
    raw$variables <- variables
    structure(raw, class = "sdc_trajectory_unicity_result")
  })
}

#' @export
print.sdc_trajectory_unicity_result <- function(x, ...) {
  cat(sprintf("sdc trajectory unicity: person %s, period %s, points of %s\n", x$person, x$period,
              if (length(x$variables)) paste(c(x$period, x$variables), collapse = " x ") else "presence"))
  cat(sprintf("p = %d points, %s mode%s: unicity %.4g%s\n", as.integer(x$points), x$mode,
              if (x$mode == "sample") sprintf(" (seed %.0f)", x$seed) else "", x$unicity,
              if (x$mode == "sample" && !is.nan(x$standard_error)) sprintf(" (standard error %.2g)", x$standard_error) else ""))
  cat(sprintf("%.0f rows (%.0f skipped), %.0f distinct points; %.0f persons, %.0f eligible, %.0f excluded (short: %s), %.0f assessed\n",
              x$rows, x$rows_skipped, x$distinct_points, x$persons, x$persons_eligible, x$persons_excluded,
              x$short_trajectories, x$persons_assessed))
  cat(sprintf("%.0f draws, %.0f unique\n", x$draws, x$unique_draws))
  invisible(x)
}

#' @export
summary.sdc_trajectory_unicity_result <- function(object, ...) {
  fields <- c("unicity", "standard_error", "points", "persons", "persons_eligible", "persons_assessed", "draws",
              "unique_draws")
  data.frame(statistic = fields, value = vapply(fields, function(f) as.double(object[[f]]), numeric(1)),
             row.names = NULL, stringsAsFactors = FALSE)
}
