// SPDX-License-Identifier: MIT
// The Stata/SPSS/SAS reader (include/sdc/io/readstat.hpp), on top of ReadStat's callback parser.
//
// ReadStat is C: no exception may cross it. Every callback catches, parks the exception in the
// parse context and asks ReadStat to abort; it is rethrown once readstat_parse_* has returned.
// Value labels are collected separately and applied at the end, because a .dta file stores them
// after the data (an .sav file before).
#include "sdc/io/readstat.hpp"

#include <readstat.h>

#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>

namespace sdc::io {
namespace {

struct variable_data {
  std::string name;
  bool is_string = false;
  std::string label_set;                               // name of its value-label set, if any
  std::vector<double> numbers;                         // numeric variables
  std::optional<detail::column_builder> text;          // string variables
};

struct parse_context {
  std::vector<variable_data> variables;  // by ReadStat variable index
  std::map<std::string, std::map<double, std::string>> numeric_labels;
  std::map<std::string, std::map<std::string, std::string>> string_labels;
  std::size_t expected_rows = 0;
  std::string readstat_message;          // from the error handler
  std::exception_ptr failure;            // an exception raised inside a callback
};

parse_context& context_of(void* ctx) { return *static_cast<parse_context*>(ctx); }

int on_metadata(readstat_metadata_t* metadata, void* ctx) {
  const int rows = readstat_get_row_count(metadata);
  if (rows > 0) context_of(ctx).expected_rows = static_cast<std::size_t>(rows);
  return READSTAT_HANDLER_OK;
}

int on_variable(int index, readstat_variable_t* variable, const char* val_labels, void* ctx) {
  parse_context& context = context_of(ctx);
  try {
    const auto position = static_cast<std::size_t>(index);
    if (context.variables.size() <= position) context.variables.resize(position + 1);
    variable_data& data = context.variables[position];
    const char* name = readstat_variable_get_name(variable);
    data.name = name != nullptr ? name : "";
    data.is_string = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
    data.label_set = val_labels != nullptr ? val_labels : "";
    if (data.is_string) {
      data.text.emplace(data.name, std::numeric_limits<std::size_t>::max(),
                        /*detect_numbers=*/false);
      data.text->reserve(context.expected_rows);
    } else {
      data.numbers.reserve(context.expected_rows);
    }
    return READSTAT_HANDLER_OK;
  } catch (...) {
    context.failure = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
}

bool is_missing(readstat_value_t value, readstat_variable_t* variable) {
  // readstat_value_is_missing() also covers user-defined missing values (SPSS), but some
  // ReadStat releases drop that part of the answer, so it is asked for explicitly.
  return readstat_value_is_system_missing(value) != 0 ||
         readstat_value_is_tagged_missing(value) != 0 ||
         readstat_value_is_defined_missing(value, variable) != 0;
}

int on_value(int obs_index, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
  parse_context& context = context_of(ctx);
  try {
    const auto position = static_cast<std::size_t>(readstat_variable_get_index(variable));
    if (position >= context.variables.size()) {
      throw internal_error("ReadStat gave a value of an undeclared variable");
    }
    variable_data& data = context.variables[position];
    const auto row = static_cast<std::size_t>(obs_index);
    const bool missing = is_missing(value, variable);
    if (data.is_string) {
      while (data.text->size() < row) data.text->add_missing();
      const char* text = readstat_string_value(value);
      if (missing || text == nullptr || *text == '\0') {
        data.text->add_missing();
      } else {
        data.text->add(text);
      }
    } else {
      if (data.numbers.size() < row) {
        data.numbers.resize(row, std::numeric_limits<double>::quiet_NaN());
      }
      data.numbers.push_back(missing ? std::numeric_limits<double>::quiet_NaN()
                                     : readstat_double_value(value));
    }
    return READSTAT_HANDLER_OK;
  } catch (...) {
    context.failure = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
}

int on_value_label(const char* val_labels, readstat_value_t value, const char* label, void* ctx) {
  parse_context& context = context_of(ctx);
  try {
    if (val_labels == nullptr || label == nullptr || readstat_value_is_tagged_missing(value) ||
        readstat_value_is_system_missing(value)) {
      return READSTAT_HANDLER_OK;  // labels of missing values do not label categories
    }
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
      const char* key = readstat_string_value(value);
      if (key != nullptr) context.string_labels[val_labels][key] = label;
    } else {
      context.numeric_labels[val_labels][readstat_double_value(value)] = label;
    }
    return READSTAT_HANDLER_OK;
  } catch (...) {
    context.failure = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
}

void on_error(const char* message, void* ctx) {
  if (message == nullptr) return;
  try {
    std::string& text = context_of(ctx).readstat_message;
    if (!text.empty()) text += "; ";
    text += message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a lost detail must not cross into C
  }
}

using parse_function = readstat_error_t (*)(readstat_parser_t*, const char*, void*);

struct format_info {
  parse_function parse;
  const char* description;  // "a Stata .dta file"
};

std::string lower_extension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (auto& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return extension;
}

std::optional<format_info> format_of(const std::string& extension) {
  if (extension == ".dta") return format_info{readstat_parse_dta, "a Stata .dta file"};
  if (extension == ".sav" || extension == ".zsav") {
    return format_info{readstat_parse_sav, "an SPSS .sav file"};
  }
  if (extension == ".por") return format_info{readstat_parse_por, "an SPSS portable .por file"};
  if (extension == ".sas7bdat") return format_info{readstat_parse_sas7bdat, "a SAS .sas7bdat file"};
  if (extension == ".xpt") return format_info{readstat_parse_xport, "a SAS transport .xpt file"};
  return std::nullopt;
}

dataset to_dataset(parse_context& context, const std::string& path) {
  if (context.variables.empty()) {
    throw io_failure(errc::empty_input, "'" + path + "' has no variables");
  }
  std::size_t rows = 0;
  for (const auto& data : context.variables) {
    rows = std::max(rows, data.is_string ? data.text->size() : data.numbers.size());
  }
  if (rows == 0) throw io_failure(errc::empty_input, "'" + path + "' has no records");
  dataset result;
  for (auto& data : context.variables) {
    if (data.is_string) {
      while (data.text->size() < rows) data.text->add_missing();
      dataset_column column = data.text->finish();
      const auto labels = context.string_labels.find(data.label_set);
      if (!data.label_set.empty() && labels != context.string_labels.end()) {
        for (auto& label : column.categories.labels) {
          const auto found = labels->second.find(label);
          if (found != labels->second.end()) label = found->second;
        }
      }
      result.add_column(std::move(column));
    } else {
      data.numbers.resize(rows, std::numeric_limits<double>::quiet_NaN());
      const auto labels = context.numeric_labels.find(data.label_set);
      const bool labelled = !data.label_set.empty() && labels != context.numeric_labels.end();
      result.add_column(make_numeric_column(data.name, std::move(data.numbers),
                                            labelled ? labels->second
                                                     : std::map<double, std::string>{}));
    }
  }
  return result;
}

}  // namespace

dataset read_stat_file(const std::string& path) {
  const auto format = format_of(lower_extension(path));
  if (!format) {
    throw io_failure(errc::unsupported,
                     "cannot read '" + path + "': ReadStat reads .dta, .sav, .zsav, .por, "
                                              ".sas7bdat and .xpt files");
  }
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw io_failure(errc::io_error, "cannot open '" + path + "': no such file");
  }
  if (std::filesystem::is_directory(status)) {
    throw io_failure(errc::io_error, "cannot read '" + path + "': it is a directory");
  }

  const std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> parser(
      readstat_parser_init(), &readstat_parser_free);
  if (!parser) throw std::bad_alloc();
  readstat_set_metadata_handler(parser.get(), on_metadata);
  readstat_set_variable_handler(parser.get(), on_variable);
  readstat_set_value_handler(parser.get(), on_value);
  readstat_set_value_label_handler(parser.get(), on_value_label);
  readstat_set_error_handler(parser.get(), on_error);

  parse_context context;
  const readstat_error_t status_code = format->parse(parser.get(), path.c_str(), &context);
  if (context.failure) std::rethrow_exception(context.failure);
  if (status_code != READSTAT_OK) {
    std::string message = "cannot read '" + path + "' as " + format->description + ": " +
                          readstat_error_message(status_code);
    if (!context.readstat_message.empty()) message += " (" + context.readstat_message + ")";
    // The file exists and is not a directory, so a short read means a truncated file or one of
    // another format, not a failing disk.
    if (status_code == READSTAT_ERROR_READ || status_code == READSTAT_ERROR_SEEK) {
      message += "; the file ends early: is it truncated, or not " +
                 std::string(format->description) + "?";
    }
    throw io_failure(status_code == READSTAT_ERROR_OPEN ? errc::io_error : errc::parse_error,
                     message);
  }
  return to_dataset(context, path);
}

}  // namespace sdc::io
