# SPDX-License-Identifier: MIT
# A small JSON writer for results packages (the package's only hard dependency is Rcpp).
# Conventions: NULL -> null; a named list -> object; an unnamed list -> array; an atomic
# vector of length 1 -> a scalar, unless wrapped in I() (then always an array); other atomic
# vectors -> arrays; NA -> null; numbers with up to 15 significant digits.

json_string <- function(x) {
  x <- enc2utf8(as.character(x))
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  x <- gsub("\"", "\\\"", x, fixed = TRUE)
  x <- gsub("\n", "\\n", x, fixed = TRUE)
  x <- gsub("\r", "\\r", x, fixed = TRUE)
  x <- gsub("\t", "\\t", x, fixed = TRUE)
  x <- gsub("[\001-\037]", "", x, perl = TRUE)
  paste0("\"", x, "\"")
}

json_atom <- function(x) {
  if (is.logical(x)) {
    return(ifelse(is.na(x), "null", ifelse(x, "true", "false")))
  }
  if (is.numeric(x)) {
    text <- ifelse(is.na(x) | is.infinite(x), "null",
                   ifelse(x == round(x) & abs(x) < 1e15, format(x, scientific = FALSE, trim = TRUE),
                          trimws(formatC(x, digits = 15, format = "g"))))
    return(unname(text))
  }
  ifelse(is.na(x), "null", json_string(x))
}

to_json <- function(x, indent = 0L) {
  pad <- strrep("    ", indent + 1L)
  close <- strrep("    ", indent)
  if (is.null(x)) {
    return("null")
  }
  if (is.factor(x)) x <- as.character(x)
  if (is.list(x)) {
    if (length(x) == 0L) {
      return(if (is.null(names(x))) "[]" else "{}")
    }
    items <- vapply(x, to_json, character(1), indent = indent + 1L)
    if (!is.null(names(x))) {
      items <- paste0(json_string(names(x)), ": ", items)
      return(paste0("{\n", pad, paste(items, collapse = paste0(",\n", pad)), "\n", close, "}"))
    }
    return(paste0("[\n", pad, paste(items, collapse = paste0(",\n", pad)), "\n", close, "]"))
  }
  as_array <- inherits(x, "AsIs") || length(x) != 1L
  atoms <- json_atom(unclass(x))
  if (!as_array) {
    return(atoms)
  }
  paste0("[", paste(atoms, collapse = ", "), "]")
}

write_json_file <- function(x, path) {
  writeLines(enc2utf8(to_json(x)), path, useBytes = TRUE)
}
