// SPDX-License-Identifier: MIT
// The CSV reader (include/sdc/io/csv.hpp).
//
// Speed comes from three choices: the file is read into one buffer in one go; fields are views of
// that buffer (a quoted field is unescaped in place, which only ever shortens it, so no field is
// copied); and each column interns its distinct values in a cache-friendly hash table
// (detail::column_builder), so a field costs one lookup, prefetched one record ahead, and a number
// is parsed once per distinct value, not per row. UTF-8 is validated while scanning, which lets an
// error name the line and the column.
#include "sdc/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_map>

namespace sdc::io {
namespace {

enum class char_class : unsigned char { plain, delimiter, quote, cr, lf, high };

/// Length of the valid UTF-8 sequence starting at p (whose first byte is >= 0x80), or 0.
std::size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) noexcept {
  const unsigned char c = p[0];
  const auto available = static_cast<std::size_t>(end - p);
  auto continuation = [&](std::size_t i, unsigned char lo, unsigned char hi) {
    return i < available && p[i] >= lo && p[i] <= hi;
  };
  if (c < 0xC2) return 0;  // a stray continuation byte, or an overlong 2-byte form
  if (c < 0xE0) return continuation(1, 0x80, 0xBF) ? 2 : 0;
  if (c < 0xF0) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    return continuation(1, lo, hi) && continuation(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c < 0xF5) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing beyond U+10FFFF
    return continuation(1, lo, hi) && continuation(2, 0x80, 0xBF) && continuation(3, 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

std::string hex_byte(unsigned char byte) {
  constexpr char digits[] = "0123456789ABCDEF";
  std::string text = "0x";
  text += digits[byte >> 4];
  text += digits[byte & 0xF];
  return text;
}

class csv_parser {
 public:
  csv_parser(std::string& buffer, const csv_options& options, std::string_view source)
      : p_(buffer.data()), end_(buffer.data() + buffer.size()), options_(options),
        source_(source) {
    classes_.fill(char_class::plain);
    for (int c = 0x80; c < 0x100; ++c) classes_[static_cast<std::size_t>(c)] = char_class::high;
    classes_['\r'] = char_class::cr;
    classes_['\n'] = char_class::lf;
    classes_['"'] = char_class::quote;
    classes_[static_cast<unsigned char>(options.delimiter)] = char_class::delimiter;
    for (const auto& value : options.missing_values) missing_.emplace_back(value);
  }

  dataset parse() {
    static constexpr char bom[] = "\xEF\xBB\xBF";
    if (end_ - p_ >= 3 && std::equal(bom, bom + 3, p_)) p_ += 3;
    if (std::all_of(p_, end_, [](char c) { return c == '\r' || c == '\n'; })) {
      throw io_failure(errc::empty_input, std::string(source_) + ": the file is empty");
    }
    read_header();
    const std::size_t n_columns = names_.size();
    const auto estimated_rows = static_cast<std::size_t>(std::count(p_, end_, '\n')) + 1;
    std::vector<detail::column_builder> builders;
    builders.reserve(n_columns);
    for (const auto& name : names_) {
      builders.emplace_back(name, options_.max_categories);
      builders.back().reserve(estimated_rows);
    }
    while (p_ != end_) {
      if (n_columns > 1 && (*p_ == '\r' || *p_ == '\n')) {  // a blank line
        skip_line_break();
        continue;
      }
      const std::size_t record_line = line_;
      std::size_t column = 0;
      ending end = ending::field;
      while (end == ending::field) {
        std::string_view text;
        end = read_field(text, column);
        if (column < n_columns) add(builders[column], text);
        ++column;
      }
      if (column != n_columns) {
        throw io_failure(errc::parse_error,
                         position(record_line, 0) + "the record has " + std::to_string(column) +
                             (column == 1 ? " field" : " fields") + ", the header has " +
                             std::to_string(n_columns));
      }
    }
    if (builders.front().size() == 0) {
      throw io_failure(errc::empty_input,
                       std::string(source_) + ": the file has a header but no data rows");
    }
    dataset result;
    for (auto& builder : builders) {
      if (!builder.flush()) too_many_categories(builder);
      result.add_column(builder.finish());
    }
    return result;
  }

 private:
  enum class ending { field, record, input };

  void read_header() {
    std::unordered_map<std::string_view, std::size_t> seen;
    ending end = ending::field;
    while (end == ending::field) {
      std::string_view name;
      end = read_field(name, names_.size());
      const std::size_t column = names_.size() + 1;
      if (name.empty()) {
        throw io_failure(errc::parse_error,
                         position(1, column) + "the header has an empty column name");
      }
      const auto [it, inserted] = seen.emplace(name, column);
      if (!inserted) {
        throw io_failure(errc::parse_error, position(1, column) + "the column name " +
                                                detail::quote(name) + " already names column " +
                                                std::to_string(it->second));
      }
      names_.emplace_back(name);
    }
    in_header_ = false;
    if (end == ending::input) {
      throw io_failure(errc::empty_input,
                       std::string(source_) + ": the file has a header but no data rows");
    }
  }

  void add(detail::column_builder& builder, std::string_view text) {
    bool ok = true;
    if (std::find(missing_.begin(), missing_.end(), text) != missing_.end()) {
      ok = builder.add_missing();
    } else {
      ok = builder.add_deferred(text);  // the text lives in the buffer until the end
    }
    if (!ok) too_many_categories(builder);
  }

  [[noreturn]] void too_many_categories(const detail::column_builder& builder) const {
    throw io_failure(errc::too_many_categories,
                     std::string(source_) + ": column " + detail::quote(builder.name()) +
                         " has more than " + std::to_string(options_.max_categories) +
                         " distinct values (csv_options::max_categories)");
  }

  void skip_line_break() {
    if (*p_ == '\r') ++p_;
    if (p_ != end_ && *p_ == '\n') ++p_;
    ++line_;
  }

  /// Reads the field at p_ into `text` and consumes what ends it.
  ending read_field(std::string_view& text, std::size_t column) {
    if (p_ != end_ && *p_ == '"') return read_quoted_field(text, column);
    char* start = p_;
    for (;;) {
      while (p_ != end_ && classes_[static_cast<unsigned char>(*p_)] <= char_class::quote &&
             classes_[static_cast<unsigned char>(*p_)] != char_class::delimiter) {
        ++p_;
      }
      if (p_ == end_) {
        text = std::string_view(start, static_cast<std::size_t>(p_ - start));
        return ending::input;
      }
      switch (classes_[static_cast<unsigned char>(*p_)]) {
        case char_class::delimiter:
          text = std::string_view(start, static_cast<std::size_t>(p_ - start));
          ++p_;
          return ending::field;
        case char_class::cr:
        case char_class::lf:
          text = std::string_view(start, static_cast<std::size_t>(p_ - start));
          skip_line_break();
          return ending::record;
        case char_class::high:
          p_ += checked_utf8(column);
          break;
        case char_class::plain:
        case char_class::quote:
          ++p_;
          break;
      }
    }
  }

  ending read_quoted_field(std::string_view& text, std::size_t column) {
    const std::size_t quote_line = line_;
    ++p_;  // the opening quote
    char* const content = p_;
    char* out = p_;  // unescaping writes behind the read position, within this field
    for (;;) {
      if (p_ == end_) {
        throw io_failure(errc::parse_error, position(quote_line, column + 1) +
                                                "a quoted field is not closed before the end "
                                                "of the file");
      }
      const char c = *p_;
      if (c == '"') {
        if (p_ + 1 != end_ && p_[1] == '"') {
          *out++ = '"';
          p_ += 2;
          continue;
        }
        ++p_;  // the closing quote
        break;
      }
      if (c == '\n' || (c == '\r' && (p_ + 1 == end_ || p_[1] != '\n'))) ++line_;
      if (static_cast<unsigned char>(c) >= 0x80) {
        const std::size_t length = checked_utf8(column);
        std::copy(p_, p_ + length, out);  // forward copy; out <= p_
        out += length;
        p_ += length;
        continue;
      }
      *out++ = *p_++;
    }
    text = std::string_view(content, static_cast<std::size_t>(out - content));
    if (p_ == end_) return ending::input;
    switch (classes_[static_cast<unsigned char>(*p_)]) {
      case char_class::delimiter:
        ++p_;
        return ending::field;
      case char_class::cr:
      case char_class::lf:
        skip_line_break();
        return ending::record;
      default:
        throw io_failure(errc::parse_error,
                         position(line_, column + 1) + "unexpected character " +
                             detail::quote(std::string_view(p_, 1)) +
                             " after the closing quote of a quoted field (a quote inside a "
                             "quoted field must be doubled)");
    }
  }

  /// Length of the UTF-8 sequence at p_, or throws naming the position.
  std::size_t checked_utf8(std::size_t column) {
    const auto* p = reinterpret_cast<const unsigned char*>(p_);
    const auto* end = reinterpret_cast<const unsigned char*>(end_);
    const std::size_t length = utf8_sequence_length(p, end);
    if (length == 0) {
      throw io_failure(errc::parse_error,
                       position(line_, column + 1) + "invalid UTF-8 (byte " + hex_byte(*p) +
                           "); is the file in another encoding such as Latin-1? Re-save it as "
                           "UTF-8");
    }
    return length;
  }

  /// "file: line L, column C ('name'): " (column 0 = the whole record).
  std::string position(std::size_t line, std::size_t column) const {
    std::string text(source_);
    text += ": line " + std::to_string(line);
    if (column > 0) {
      text += ", column " + std::to_string(column);
      if (!in_header_ && column <= names_.size()) {
        text += " (" + detail::quote(names_[column - 1]) + ")";
      }
    }
    text += ": ";
    return text;
  }

  char* p_;
  char* end_;
  std::size_t line_ = 1;
  bool in_header_ = true;
  const csv_options& options_;
  std::string_view source_;
  std::array<char_class, 256> classes_{};
  std::vector<std::string_view> missing_;
  std::vector<std::string> names_;
};

void check_options(const csv_options& options) {
  const char d = options.delimiter;
  if (d == '"' || d == '\r' || d == '\n' || static_cast<unsigned char>(d) >= 0x80) {
    throw invalid_input(errc::invalid_argument,
                        "csv_options::delimiter cannot be a quote, a line break or a non-ASCII "
                        "byte");
  }
  if (options.max_categories == 0) {
    throw invalid_input(errc::invalid_argument, "csv_options::max_categories must be positive");
  }
}

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw io_failure(errc::io_error, "cannot open '" + path + "': no such file");
  }
  if (std::filesystem::is_directory(status)) {
    throw io_failure(errc::io_error, "cannot read '" + path + "': it is a directory");
  }
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                            &std::fclose);
  if (!file) {
    throw io_failure(errc::io_error, "cannot open '" + path + "': " +
                                         std::generic_category().message(errno));
  }
  std::string buffer;
  const auto size = std::filesystem::file_size(path, ec);
  buffer.resize(ec ? std::size_t{1} << 20 : static_cast<std::size_t>(size) + 1);
  std::size_t filled = 0;
  for (;;) {
    filled += std::fread(buffer.data() + filled, 1, buffer.size() - filled, file.get());
    if (filled < buffer.size()) break;  // end of file or error
    buffer.resize(buffer.size() * 2);   // the file grew, or its size was unknown
  }
  if (std::ferror(file.get())) {
    throw io_failure(errc::io_error, "cannot read '" + path + "': " +
                                         std::generic_category().message(errno));
  }
  buffer.resize(filled);
  return buffer;
}

}  // namespace

dataset read_csv_file(const std::string& path, const csv_options& options) {
  check_options(options);
  std::string buffer = read_whole_file(path);
  return csv_parser(buffer, options, path).parse();
}

dataset read_csv_text(std::string_view text, const csv_options& options,
                      std::string_view source_name) {
  check_options(options);
  std::string buffer(text);
  return csv_parser(buffer, options, source_name).parse();
}

}  // namespace sdc::io
