// SPDX-License-Identifier: MIT
// Fixtures are written with ReadStat's own writer API into a temporary directory, so that the
// tests need neither Stata nor SPSS nor committed binary files.
#include <doctest/doctest.h>

#include <readstat.h>
#include <sdc/io/read_table.hpp>
#include <sdc/io/readstat.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

template <class Function>
std::string error_message(Function&& function, sdc::errc expected) {
  try {
    function();
  } catch (const sdc::error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("no exception thrown");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    path = std::filesystem::temp_directory_path() /
           ("sdc_test_readstat_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

ssize_t write_to_file(const void* data, std::size_t length, void* ctx) {
  const std::size_t written = std::fwrite(data, 1, length, static_cast<std::FILE*>(ctx));
  return written == length ? static_cast<ssize_t>(length) : -1;
}

enum class format { dta, sav, zsav, por, sas7bdat, xpt };

/// One test data set, five records:
///   sex     int8   value labels 1 "Male" 2 "Female" (value 3 unlabelled)
///   age     int16  one system-missing value
///   wage    double one system-missing value and one "special" missing value: Stata .a in dta,
///                  a user-defined missing value (-9) in SPSS files
///   canton  string one empty value; in SPSS files, a value label for "ESCH"
///   weight  float
void write_fixture(const std::string& path, format kind, long rows = 5) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "wb"), &std::fclose);
  REQUIRE(out);
  std::unique_ptr<readstat_writer_t, void (*)(readstat_writer_t*)> writer(readstat_writer_init(),
                                                                          &readstat_writer_free);
  readstat_set_data_writer(writer.get(), write_to_file);
  const bool spss = kind == format::sav || kind == format::zsav || kind == format::por;
  const bool stata = kind == format::dta;
  const bool labels = stata || spss;
  // SPSS portable files only allow upper-case names.
  const auto name = [&](std::string lower) {
    if (kind == format::por) {
      for (auto& c : lower) c = static_cast<char>(c - 'a' + 'A');
    }
    return lower;
  };

  readstat_variable_t* sex =
      readstat_add_variable(writer.get(), name("sex").c_str(), READSTAT_TYPE_INT8, 0);
  if (labels) {
    readstat_label_set_t* sex_labels =
        readstat_add_label_set(writer.get(), stata ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE,
                               "sexlbl");
    if (stata) {
      readstat_label_int32_value(sex_labels, 1, "Male");
      readstat_label_int32_value(sex_labels, 2, "Female");
    } else {
      readstat_label_double_value(sex_labels, 1, "Male");
      readstat_label_double_value(sex_labels, 2, "Female");
    }
    readstat_variable_set_label_set(sex, sex_labels);
  }
  readstat_variable_t* age = readstat_add_variable(writer.get(), name("age").c_str(), READSTAT_TYPE_INT16, 0);
  readstat_variable_t* wage = readstat_add_variable(writer.get(), name("wage").c_str(), READSTAT_TYPE_DOUBLE, 0);
  if (spss) readstat_variable_add_missing_double_value(wage, -9);
  readstat_variable_t* canton =
      readstat_add_variable(writer.get(), name("canton").c_str(), READSTAT_TYPE_STRING, 20);
  if (spss) {
    readstat_label_set_t* canton_labels =
        readstat_add_label_set(writer.get(), READSTAT_TYPE_STRING, "cantonlbl");
    readstat_label_string_value(canton_labels, "ESCH", "Esch-sur-Alzette");
    readstat_variable_set_label_set(canton, canton_labels);
  }
  readstat_variable_t* weight =
      readstat_add_variable(writer.get(), name("weight").c_str(), READSTAT_TYPE_FLOAT, 0);

  if (kind == format::zsav) readstat_writer_set_compression(writer.get(), READSTAT_COMPRESS_BINARY);
  readstat_error_t status = READSTAT_OK;
  switch (kind) {
    case format::dta: status = readstat_begin_writing_dta(writer.get(), out.get(), rows); break;
    case format::sav:
    case format::zsav: status = readstat_begin_writing_sav(writer.get(), out.get(), rows); break;
    case format::por: status = readstat_begin_writing_por(writer.get(), out.get(), rows); break;
    case format::sas7bdat:
      status = readstat_begin_writing_sas7bdat(writer.get(), out.get(), rows);
      break;
    case format::xpt: status = readstat_begin_writing_xport(writer.get(), out.get(), rows); break;
  }
  REQUIRE_MESSAGE(status == READSTAT_OK, readstat_error_message(status));

  const std::int8_t sexes[] = {1, 2, 2, 3, 1};
  const std::int16_t ages[] = {34, -1, 51, 29, 34};  // -1: missing
  const double wages[] = {3200.5, 4100, -1, -2, 2800};  // -1: missing, -2: special missing
  const char* cantons[] = {"ESCH", "Luxembourg", "", "ESCH", "Capellen"};
  const float weights[] = {1.5F, 2, 2, 4.25F, 1};
  for (long row = 0; row < rows; ++row) {
    const auto i = static_cast<std::size_t>(row % 5);
    REQUIRE(readstat_begin_row(writer.get()) == READSTAT_OK);
    REQUIRE(readstat_insert_int8_value(writer.get(), sex, sexes[i]) == READSTAT_OK);
    REQUIRE((ages[i] < 0 ? readstat_insert_missing_value(writer.get(), age)
                         : readstat_insert_int16_value(writer.get(), age, ages[i])) == READSTAT_OK);
    if (wages[i] == -1) {
      REQUIRE(readstat_insert_missing_value(writer.get(), wage) == READSTAT_OK);
    } else if (wages[i] == -2) {
      if (stata || kind == format::sas7bdat || kind == format::xpt) {
        const char tag = stata ? 'a' : 'A';  // Stata .a, SAS .A
        REQUIRE(readstat_insert_tagged_missing_value(writer.get(), wage, tag) == READSTAT_OK);
      } else {
        REQUIRE(readstat_insert_double_value(writer.get(), wage, -9) == READSTAT_OK);
      }
    } else {
      REQUIRE(readstat_insert_double_value(writer.get(), wage, wages[i]) == READSTAT_OK);
    }
    REQUIRE(readstat_insert_string_value(writer.get(), canton, cantons[i]) == READSTAT_OK);
    REQUIRE(readstat_insert_float_value(writer.get(), weight, weights[i]) == READSTAT_OK);
    REQUIRE(readstat_end_row(writer.get()) == READSTAT_OK);
  }
  REQUIRE(readstat_end_writing(writer.get()) == READSTAT_OK);
}

std::vector<std::string> values_of(const sdc::io::dataset& data, const std::string& name) {
  const auto& column = data.column(name).categories;
  std::vector<std::string> values;
  for (const auto code : column.codes) values.push_back(code < 0 ? "<NA>" : column.labels[code]);
  return values;
}

void check_fixture(const sdc::io::dataset& data, format kind) {
  const bool spss = kind == format::sav || kind == format::zsav || kind == format::por;
  const bool labels = kind == format::dta || spss;
  REQUIRE(data.n_rows() == 5);
  REQUIRE(data.n_columns() == 5);
  // SPSS portable files have upper-case variable names.
  const std::string sex_name = data.has_column("SEX") ? "SEX" : "sex";
  const auto name = [&](const std::string& lower) {
    std::string upper = lower;
    for (auto& c : upper) c = static_cast<char>(c - 'a' + 'A');
    return sex_name == "SEX" ? upper : lower;
  };

  // Numeric codes stay numbers; value labels become the category labels, in code order.
  const auto& sex = data.column(name("sex"));
  CHECK(sex.numeric);
  CHECK(sex.numbers == std::vector<double>{1, 2, 2, 3, 1});
  if (labels) {
    CHECK(sex.categories.labels == std::vector<std::string>{"Male", "Female", "3"});
  } else {
    CHECK(sex.categories.labels == std::vector<std::string>{"1", "2", "3"});
  }
  CHECK(sex.categories.codes == std::vector<std::int32_t>{0, 1, 1, 2, 0});

  const auto& age = data.column(name("age"));
  CHECK(age.numeric);
  CHECK(values_of(data, name("age")) == std::vector<std::string>{"34", "<NA>", "51", "29", "34"});
  CHECK(std::isnan(age.numbers[1]));

  // System missing, and Stata's .a / SAS's .A / SPSS's user-defined -9, are all missing.
  const auto wage = data.numeric(name("wage"));
  CHECK(wage.values[0] == 3200.5);
  CHECK(wage.values[1] == 4100);
  CHECK(std::isnan(wage.values[2]));
  CHECK(std::isnan(wage.values[3]));
  CHECK(wage.values[4] == 2800);
  CHECK(data.column(name("wage")).categories.labels ==
        std::vector<std::string>{"2800", "3200.5", "4100"});

  // Strings are text; "" is missing; SPSS string value labels replace the label.
  const auto& canton = data.column(name("canton"));
  CHECK_FALSE(canton.numeric);
  const std::string esch = spss ? "Esch-sur-Alzette" : "ESCH";
  CHECK(values_of(data, name("canton")) ==
        std::vector<std::string>{esch, "Luxembourg", "<NA>", esch, "Capellen"});

  const auto& weight = data.column(name("weight"));
  CHECK(weight.numeric);
  CHECK(weight.numbers == std::vector<double>{1.5, 2, 2, 4.25, 1});
  CHECK(weight.categories.labels == std::vector<std::string>{"1", "1.5", "2", "4.25"});
}

}  // namespace

TEST_CASE("readstat: Stata .dta") {
  temp_dir dir;
  const std::string path = dir.file("situation_201709.dta");
  write_fixture(path, format::dta);
  check_fixture(sdc::io::read_stat_file(path), format::dta);
  // Upper-case extensions and the dispatcher work too.
  const std::string upper = dir.file("COPY.DTA");
  std::filesystem::copy_file(path, upper);
  check_fixture(sdc::io::read_data_file(upper), format::dta);
}

TEST_CASE("readstat: SPSS .sav, .zsav and .por") {
  temp_dir dir;
  for (const auto& [name, kind] :
       {std::pair<std::string, format>{"a.sav", format::sav}, {"a.zsav", format::zsav},
        {"a.por", format::por}}) {
    CAPTURE(name);
    const std::string path = dir.file(name);
    write_fixture(path, kind);
    check_fixture(sdc::io::read_stat_file(path), kind);
    check_fixture(sdc::io::read_data_file(path), kind);
  }
}

TEST_CASE("readstat: SAS .sas7bdat and .xpt") {
  temp_dir dir;
  for (const auto& [name, kind] :
       {std::pair<std::string, format>{"a.sas7bdat", format::sas7bdat}, {"a.xpt", format::xpt}}) {
    CAPTURE(name);
    const std::string path = dir.file(name);
    write_fixture(path, kind);
    check_fixture(sdc::io::read_stat_file(path), kind);
  }
}

TEST_CASE("readstat: a larger file") {
  temp_dir dir;
  const std::string path = dir.file("large.dta");
  write_fixture(path, format::dta, 50'000);
  const auto data = sdc::io::read_stat_file(path);
  CHECK(data.n_rows() == 50'000);
  CHECK(data.column("sex").categories.labels == std::vector<std::string>{"Male", "Female", "3"});
  CHECK(data.column("sex").numbers[49'999] == 1);
  CHECK(data.column("canton").categories.codes[49'997] == -1);
}

TEST_CASE("readstat: errors name the file") {
  temp_dir dir;
  const std::string absent = dir.file("absent.dta");
  CHECK(contains(error_message([&] { sdc::io::read_stat_file(absent); }, sdc::errc::io_error),
                 "cannot open '" + absent + "': no such file"));

  const std::string not_dta = dir.file("not_really.dta");
  std::ofstream(not_dta) << "sex,age\n1,2\n";
  const std::string message =
      error_message([&] { sdc::io::read_stat_file(not_dta); }, sdc::errc::parse_error);
  CHECK(contains(message, "[sdc.io.parse_error] cannot read '" + not_dta + "' as a Stata .dta"));

  const std::string not_sav = dir.file("not_really.sav");
  std::ofstream(not_sav) << "sex,age\n1,2\n";
  CHECK(contains(error_message([&] { sdc::io::read_stat_file(not_sav); }, sdc::errc::parse_error),
                 not_sav));

  const std::string csv = dir.file("data.csv");
  std::ofstream(csv) << "a\n1\n";
  CHECK(contains(error_message([&] { sdc::io::read_stat_file(csv); }, sdc::errc::unsupported),
                 ".dta, .sav, .zsav, .por, .sas7bdat and .xpt"));

  const std::string folder = dir.file("folder.dta");
  std::filesystem::create_directory(folder);
  error_message([&] { sdc::io::read_stat_file(folder); }, sdc::errc::io_error);

  const std::string empty = dir.file("empty.dta");
  write_fixture(empty, format::dta, 0);
  CHECK(contains(error_message([&] { sdc::io::read_stat_file(empty); }, sdc::errc::empty_input),
                 "'" + empty + "' has no records"));
}
