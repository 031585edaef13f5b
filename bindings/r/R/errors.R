# SPDX-License-Identifier: MIT
# The one place where sdc errors become R conditions. The C++ core signals errors as
# exceptions whose message starts with a stable id, "[sdc.<family>.<code>] ..."; Rcpp's
# BEGIN_RCPP/END_RCPP catch them in C++ (destroying the C++ objects of the frame) and only then
# signal an R error. sdc_call() catches that error and re-signals it as a classed condition.

#' Conditions signalled by sdc
#'
#' Every error of sdc, from the C++ core or from the R functions' own checks,
#' is a condition whose message starts with a stable id such as
#' `[sdc.invalid_input.unknown_column]`, and whose classes are, from the most
#' specific: one of `sdc_invalid_input` (wrong data or options),
#' `sdc_io_failure` (a file cannot be read or written), `sdc_unsupported_feature`
#' or `sdc_internal_error` (a bug: please report it); then `sdc_error`, `error`
#' and `condition`. The condition also carries `family`, `code` (the stable
#' code, e.g. `"unknown_column"`) and `id`.
#'
#' @name sdc_error
#' @examples
#' d <- data.frame(region = factor(c("A", "B")))
#' e <- tryCatch(sdc_crosstab(d, "nope"), sdc_invalid_input = function(e) e)
#' e$code
NULL

sdc_condition_classes <- c(
  invalid_input = "sdc_invalid_input",
  io = "sdc_io_failure",
  unsupported = "sdc_unsupported_feature",
  internal = "sdc_internal_error"
)

# The classed condition for a message that starts with an sdc id, or NULL.
sdc_condition <- function(message, call = NULL) {
  match <- regmatches(message, regexec("^\\[sdc\\.([a-z_]+)\\.([a-z_]+)\\]", message))[[1]]
  if (length(match) == 0L) {
    return(NULL)
  }
  family <- match[2]
  class <- sdc_condition_classes[family]
  if (is.na(class)) class <- "sdc_internal_error"
  structure(
    class = c(unname(class), "sdc_error", "error", "condition"),
    list(message = message, call = call, family = family, code = match[3],
         id = paste0("sdc.", family, ".", match[3]))
  )
}

# Evaluates `expr` (calls into the compiled code) and re-signals sdc errors as classed
# conditions attributed to the calling function.
sdc_call <- function(expr, call = sys.call(-1L)) {
  tryCatch(expr, error = function(e) {
    if (inherits(e, "sdc_error")) stop(e)
    condition <- sdc_condition(conditionMessage(e), call)
    if (is.null(condition)) stop(e)
    stop(condition)
  })
}

# Signals an sdc condition from R-side argument checks, with the same id format as the core.
sdc_abort <- function(code, message, family = "invalid_input", call = sys.call(-1L)) {
  stop(sdc_condition(sprintf("[sdc.%s.%s] %s", family, code, message), call))
}
