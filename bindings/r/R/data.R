# SPDX-License-Identifier: MIT
# Columns of a data frame as the compiled code wants them. Factors and double vectors are
# passed as they are (the core reads their memory in place); anything else is converted here,
# visibly: categorical columns with factor(), integer/logical values with as.double().

check_data <- function(data, call = sys.call(-1L)) {
  if (!is.data.frame(data) && !is.list(data)) {
    sdc_abort("type_mismatch", "data must be a data frame", call = call)
  }
  if (length(data) == 0L || length(data[[1L]]) == 0L) {
    sdc_abort("empty_input", "the data has no records", call = call)
  }
  data
}

check_names <- function(data, names, role, call = sys.call(-1L)) {
  if (!is.character(names) || anyNA(names)) {
    sdc_abort("invalid_argument", sprintf("%s must be column names (character)", role), call = call)
  }
  unknown <- setdiff(names, names(data))
  if (length(unknown) > 0L) {
    sdc_abort("unknown_column", sprintf("%s column '%s' is not in the data; columns: %s", role,
                                        unknown[1L], paste(names(data), collapse = ", ")), call = call)
  }
  names
}

# A categorical column: a factor as it is, anything else through factor() (sorted levels).
# Numbers become their exact decimal text, as Python writes them (100000, not factor()'s
# "1e+05"; whole numbers without ".0"), so that they match the category names of hierarchy
# files; the levels stay in numeric order.
as_category <- function(x) {
  if (is.factor(x)) return(x)
  if (is.numeric(x)) {
    levels <- sort(unique(x[!is.na(x)]))
    return(factor(number_text(x), levels = number_text(levels)))
  }
  factor(x)
}

# Exact decimal text of numbers: whole numbers without exponent or ".0" (100000, -3), others
# with up to 15 significant digits (0.1, 2.5); NA stays NA.
number_text <- function(x) {
  out <- rep(NA_character_, length(x))
  given <- !is.na(x)
  whole <- given & is.finite(x) & x == round(x)
  out[whole] <- formatC(x[whole], format = "f", digits = 0)
  out[whole & x == 0] <- "0"  # not "-0"
  other <- given & !whole
  out[other] <- vapply(x[other], function(v) format(v, digits = 15, scientific = FALSE, trim = TRUE),
                       character(1))
  out
}

# A numeric column: a double vector as it is, integer or logical through as.double().
as_number <- function(x, name, call = sys.call(-1L)) {
  if (is.double(x) && !is.factor(x)) {
    return(x)
  }
  if (is.integer(x) && !is.factor(x) || is.logical(x)) {
    return(as.double(x))
  }
  sdc_abort("type_mismatch", sprintf("column '%s' must be numeric, got %s", name, class(x)[1L]),
            call = call)
}

categories <- function(data, names, role, call = sys.call(-1L)) {
  check_names(data, names, role, call = call)
  lapply(names, function(name) as_category(data[[name]]))
}

optional_category <- function(data, name, role, call = sys.call(-1L)) {
  if (is.null(name)) return(NULL)
  check_single(name, role, call)
  check_names(data, name, role, call = call)
  as_category(data[[name]])
}

optional_number <- function(data, name, role, call = sys.call(-1L)) {
  if (is.null(name)) return(NULL)
  check_single(name, role, call)
  check_names(data, name, role, call = call)
  as_number(data[[name]], name, call = call)
}

check_single <- function(name, role, call = sys.call(-1L)) {
  if (!is.character(name) || length(name) != 1L || is.na(name)) {
    sdc_abort("invalid_argument", sprintf("%s must be one column name", role), call = call)
  }
}

# Rule settings from `...`: names validated against the core's setting names, values as the
# text the core parses ("2:75", "none", "true", numbers).
rule_setting_arguments <- function(settings, call = sys.call(-1L)) {
  if (length(settings) == 0L) {
    return(list(names = character(), values = character()))
  }
  names <- names(settings)
  if (is.null(names) || any(names == "")) {
    sdc_abort("invalid_argument", "rule settings must be named, e.g. min_count = 5", call = call)
  }
  known <- sdc_rule_setting_names_cpp()
  unknown <- setdiff(names, known)
  if (length(unknown) > 0L) {
    sdc_abort("invalid_argument", sprintf("unknown rule setting '%s'; known settings: %s",
                                          unknown[1L], paste(known, collapse = " ")), call = call)
  }
  values <- vapply(settings, setting_text, character(1))
  list(names = names, values = unname(values))
}

setting_text <- function(value) {
  if (is.null(value) || length(value) == 1L && is.na(value)) {
    return("none")
  }
  if (is.logical(value)) {
    return(tolower(as.character(value)))
  }
  if (is.numeric(value)) {
    return(paste(format(value, digits = 15, scientific = FALSE, trim = TRUE), collapse = ":"))
  }
  paste(as.character(value), collapse = ", ")
}

`%||%` <- function(x, y) if (is.null(x)) y else x

# One hierarchy given as an ARX file path or a data frame (one column per level, original values
# first), as list(levels, level_names) for the compiled code. A file's level names come from the
# file; a data frame's from its column names unless `column_names` is FALSE or the names are
# R's defaults (V1, V2, ...). Shared by sdc_lattice_search() and sdc_review().
read_hierarchy <- function(h, variable, column_names = TRUE, call = sys.call(-1L)) {
  if (is.character(h) && length(h) == 1L) {
    if (!file.exists(h)) {
      sdc_abort("io_error", sprintf("cannot open the hierarchy file '%s' of '%s'", h, variable),
                family = "io", call = call)
    }
    return(sdc_hierarchy_from_text_cpp(readChar(h, file.size(h), useBytes = TRUE), ";", variable))
  }
  if (is.data.frame(h) || is.matrix(h)) {
    h <- as.data.frame(h, stringsAsFactors = FALSE)
    default_names <- identical(names(h), paste0("V", seq_along(h)))
    return(list(levels = unname(lapply(h, as.character)),
                level_names = if (!column_names || default_names) character() else names(h)))
  }
  sdc_abort("type_mismatch", sprintf("the hierarchy of '%s' must be a file path or a data frame", variable),
            call = call)
}
