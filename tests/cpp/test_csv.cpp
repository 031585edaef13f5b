// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/io/csv.hpp>
#include <sdc/io/read_table.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using sdc::io::csv_options;
using sdc::io::read_csv_text;

template <class Function>
std::string error_message(Function&& function, sdc::errc expected) {
  try {
    function();
  } catch (const sdc::io_failure& e) {
    CHECK(e.code() == expected);
    return e.what();
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

std::string csv_error(const std::string& text, sdc::errc expected, const csv_options& options = {}) {
  return error_message([&] { read_csv_text(text, options, "test.csv"); }, expected);
}

std::vector<std::string> values_of(const sdc::io::dataset& data, const std::string& name) {
  const auto& column = data.column(name).categories;
  std::vector<std::string> values;
  for (const auto code : column.codes) values.push_back(code < 0 ? "<NA>" : column.labels[code]);
  return values;
}

/// A temporary directory removed at the end of the test.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    path = std::filesystem::temp_directory_path() /
           ("sdc_test_csv_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& content) const {
    const auto file = path / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
};

}  // namespace

TEST_CASE("csv: a plain file") {
  const auto data = read_csv_text("sex,age,region\n1,30,north\n2,41,south\n2,30,north\n");
  CHECK(data.n_rows() == 3);
  CHECK(data.column_names() == std::vector<std::string>{"sex", "age", "region"});
  CHECK(data.column("sex").numeric);
  CHECK(data.column("age").numeric);
  CHECK_FALSE(data.column("region").numeric);
  CHECK(data.column("age").numbers == std::vector<double>{30, 41, 30});
  CHECK(data.column("age").categories.labels == std::vector<std::string>{"30", "41"});
  CHECK(data.column("age").categories.codes == std::vector<std::int32_t>{0, 1, 0});
  CHECK(values_of(data, "region") == std::vector<std::string>{"north", "south", "north"});
}

TEST_CASE("csv: quoting (RFC 4180)") {
  const auto data = read_csv_text(
      "name,\"note, with comma\",n\n"
      "\"Smith, J.\",\"said \"\"hi\"\"\",\"12\"\n"
      "\"two\nlines\",\"\",3\n"
      "plain,\"\"\"\",\"4.5\"\n"
      "5'11\",x,\"-1\"\n");
  CHECK(data.column_names() == std::vector<std::string>{"name", "note, with comma", "n"});
  CHECK(values_of(data, "name") ==
        std::vector<std::string>{"Smith, J.", "two\nlines", "plain", "5'11\""});
  CHECK(values_of(data, "note, with comma") ==
        std::vector<std::string>{"said \"hi\"", "<NA>", "\"", "x"});
  // A quoted number is a number.
  CHECK(data.column("n").numeric);
  CHECK(data.column("n").numbers == std::vector<double>{12, 3, 4.5, -1});
  CHECK(data.column("n").categories.labels == std::vector<std::string>{"-1", "3", "4.5", "12"});
}

TEST_CASE("csv: line endings, BOM and the last line") {
  const std::vector<std::string> texts = {
      "a,b\r\n1,x\r\n2,y\r\n",
      "a,b\n1,x\n2,y\n",
      "a,b\r1,x\r2,y\r",
      "a,b\n1,x\n2,y",                  // no final line break
      "\xEF\xBB\xBF" "a,b\r\n1,x\r\n2,y",  // BOM
      "a,b\n\n1,x\r\n\r\n2,y\n\n",      // blank lines are skipped
  };
  for (const auto& text : texts) {
    CAPTURE(text);
    const auto data = read_csv_text(text);
    CHECK(data.column_names() == std::vector<std::string>{"a", "b"});
    CHECK(data.column("a").numbers == std::vector<double>{1, 2});
    CHECK(values_of(data, "b") == std::vector<std::string>{"x", "y"});
  }
  // A quoted CRLF is kept as part of the value.
  CHECK(values_of(read_csv_text("a,b\r\n\"x\r\ny\",1\r\n"), "a") ==
        std::vector<std::string>{"x\r\ny"});
  // In a one-column file a blank line is an empty (missing) value.
  CHECK(values_of(read_csv_text("a\n1\n\n3\n"), "a") == std::vector<std::string>{"1", "<NA>", "3"});
  // An empty last field.
  CHECK(values_of(read_csv_text("a,b\n1,\n"), "b") == std::vector<std::string>{"<NA>"});
}

TEST_CASE("csv: missing values and numeric detection") {
  const auto data = read_csv_text(
      "w,t,m\n"
      "1.5,NA,\n"
      "NA,b,NA\n"
      ",\"NA\",\n"
      "-2,a,\n");
  CHECK(data.column("w").numeric);
  const auto& w = data.column("w").numbers;
  CHECK(w[0] == 1.5);
  CHECK(std::isnan(w[1]));
  CHECK(std::isnan(w[2]));
  CHECK(w[3] == -2);
  CHECK(values_of(data, "t") == std::vector<std::string>{"<NA>", "b", "<NA>", "a"});
  CHECK(data.column("m").numeric);  // all missing
  CHECK(data.column("m").categories.labels.empty());

  csv_options options;
  options.missing_values = {".", "-9"};
  const auto coded = read_csv_text("x,y\n1,.\n-9,\n3,a\n", options);
  CHECK(coded.column("x").numeric);
  CHECK(std::isnan(coded.column("x").numbers[1]));
  // "" is no longer missing, so y is text.
  CHECK(values_of(coded, "y") == std::vector<std::string>{"<NA>", "", "a"});

  // One non-number makes a text column; its labels sort as text.
  const auto mixed = read_csv_text("x\n10\n9\nn/a\n");
  CHECK_FALSE(mixed.column("x").numeric);
  CHECK(mixed.column("x").categories.labels == std::vector<std::string>{"10", "9", "n/a"});
  const std::string message =
      error_message([&] { mixed.numeric("x"); }, sdc::errc::type_mismatch);
  CHECK(contains(message, "row 3 has the value 'n/a'"));
}

TEST_CASE("csv: numeric labels are first spellings, sorted numerically") {
  const auto data = read_csv_text("age\n10\n09\n9\n1.50\n1.5\n100\n-3\n");
  const auto& age = data.column("age");
  CHECK(age.numeric);
  CHECK(age.categories.labels == std::vector<std::string>{"-3", "1.50", "09", "10", "100"});
  CHECK(age.categories.codes == std::vector<std::int32_t>{3, 2, 2, 1, 1, 4, 0});
  CHECK(age.numbers == std::vector<double>{10, 9, 9, 1.5, 1.5, 100, -3});
}

TEST_CASE("csv: other delimiters") {
  csv_options semicolon;
  semicolon.delimiter = ';';
  const auto data = read_csv_text("a;b\n1,5;x\n", semicolon);
  CHECK(values_of(data, "a") == std::vector<std::string>{"1,5"});
  CHECK_FALSE(data.column("a").numeric);  // no decimal commas
  csv_options tab;
  tab.delimiter = '\t';
  CHECK(read_csv_text("a\tb\n1\t\"x\ty\"\n", tab).column("b").categories.labels ==
        std::vector<std::string>{"x\ty"});
  csv_options quote;
  quote.delimiter = '"';
  error_message([&] { read_csv_text("a\n1\n", quote); }, sdc::errc::invalid_argument);
}

TEST_CASE("csv: errors name the file, line and column") {
  SUBCASE("ragged records") {
    const std::string more = csv_error("a,b,c\n1,2,3\n4,5,6,7\n", sdc::errc::parse_error);
    CHECK(contains(more, "[sdc.io.parse_error] test.csv: line 3: the record has 4 fields, "
                         "the header has 3"));
    const std::string fewer = csv_error("a,b,c\n1,2,3\n4,5\n", sdc::errc::parse_error);
    CHECK(contains(fewer, "line 3: the record has 2 fields, the header has 3"));
    // Line numbers count the line breaks inside quoted fields.
    const std::string after = csv_error("a,b\n\"x\ny\",1\n2\n", sdc::errc::parse_error);
    CHECK(contains(after, "line 4: the record has 1 field, the header has 2"));
    // A blank line in a one-column file is a record; in a wider file it is skipped.
    CHECK(read_csv_text("a,b\n1,2\n\n3,4\n").n_rows() == 2);
  }
  SUBCASE("empty input") {
    CHECK(contains(csv_error("", sdc::errc::empty_input), "test.csv: the file is empty"));
    csv_error("\xEF\xBB\xBF", sdc::errc::empty_input);
    csv_error("\n\r\n", sdc::errc::empty_input);
    CHECK(contains(csv_error("a,b\n", sdc::errc::empty_input), "header but no data rows"));
    csv_error("a,b", sdc::errc::empty_input);
    csv_error("a,b\r\n\r\n", sdc::errc::empty_input);
  }
  SUBCASE("invalid UTF-8") {
    // "Esch-sur-Alzette" and "Differdange" fine; "P\xE9tange" is Latin-1 for Pétange.
    const std::string latin1 =
        csv_error("id,canton\n1,Esch\n2,P\xE9tange\n", sdc::errc::parse_error);
    CHECK(contains(latin1, "test.csv: line 3, column 2 ('canton'): invalid UTF-8 (byte 0xE9)"));
    CHECK(contains(csv_error("a\n\"x\xC3\"\n", sdc::errc::parse_error), "line 2, column 1"));
    csv_error("a\n\xED\xA0\x80\n", sdc::errc::parse_error);      // a UTF-16 surrogate
    csv_error("a\n\xC0\xAF\n", sdc::errc::parse_error);          // overlong '/'
    csv_error("a\n\xF4\x90\x80\x80\n", sdc::errc::parse_error);  // beyond U+10FFFF
    csv_error("a\n\x80\n", sdc::errc::parse_error);              // stray continuation byte
    // Valid UTF-8 of every length is accepted.
    const auto data = read_csv_text("a\n\xC3\xA9\n\xE2\x82\xAC\n\xF0\x9F\x98\x80\n");
    CHECK(data.column("a").categories.labels.size() == 3);
  }
  SUBCASE("bad quoting") {
    const std::string open = csv_error("a,b\n1,2\n3,\"x\n4,5\n", sdc::errc::parse_error);
    CHECK(contains(open, "line 3, column 2 ('b'): a quoted field is not closed"));
    const std::string after = csv_error("a,b\n\"x\"y,1\n", sdc::errc::parse_error);
    CHECK(contains(after, "line 2, column 1 ('a'): unexpected character 'y' after the closing"));
  }
  SUBCASE("header") {
    const std::string duplicate = csv_error("a,b,a\n1,2,3\n", sdc::errc::parse_error);
    CHECK(contains(duplicate, "test.csv: line 1, column 3: the column name 'a' already names "
                              "column 1"));
    CHECK(contains(csv_error("a,,c\n1,2,3\n", sdc::errc::parse_error),
                   "line 1, column 2: the header has an empty column name"));
    csv_error("a,\"\"\n1,2\n", sdc::errc::parse_error);
  }
  SUBCASE("too many categories") {
    csv_options options;
    options.max_categories = 2;
    const std::string message =
        csv_error("a,b\n1,x\n2,x\n3,x\n", sdc::errc::too_many_categories, options);
    CHECK(contains(message, "column 'a' has more than 2 distinct values"));
    // Also when the value beyond the limit is the very last one.
    csv_error("a\n1\n2\n3", sdc::errc::too_many_categories, options);
    CHECK(read_csv_text("a\n1\n2\n1\n2\n", options).n_rows() == 4);
  }
}

TEST_CASE("csv: files") {
  temp_dir dir;
  const std::string path = dir.write("small.csv", "x,y\r\n1,a\r\n2,b\r\n");
  const auto data = sdc::io::read_csv_file(path);
  CHECK(data.n_rows() == 2);
  CHECK(values_of(data, "y") == std::vector<std::string>{"a", "b"});

  const std::string bad = dir.write("bad.csv", "x,y\n1\n");
  CHECK(contains(error_message([&] { sdc::io::read_csv_file(bad); }, sdc::errc::parse_error),
                 bad + ": line 2"));
  const std::string missing = (dir.path / "absent.csv").string();
  CHECK(contains(error_message([&] { sdc::io::read_csv_file(missing); }, sdc::errc::io_error),
                 "cannot open '" + missing + "': no such file"));
  error_message([&] { sdc::io::read_csv_file(dir.path.string()); }, sdc::errc::io_error);
  const std::string empty = dir.write("empty.csv", "");
  error_message([&] { sdc::io::read_csv_file(empty); }, sdc::errc::empty_input);
}

TEST_CASE("csv: read_data_file chooses the reader by extension") {
  temp_dir dir;
  CHECK(sdc::io::read_data_file(dir.write("a.csv", "x;y\n1;2\n"), {}).n_columns() == 1);
  csv_options semicolon;
  semicolon.delimiter = ';';
  CHECK(sdc::io::read_data_file(dir.write("b.TXT", "x;y\n1;2\n"), semicolon).n_columns() == 2);
  // .tsv is tab-delimited whatever the options say.
  CHECK(sdc::io::read_data_file(dir.write("c.tsv", "x\ty\n1\t2\n"), semicolon).n_columns() == 2);
  const std::string unsupported = dir.write("d.xlsx", "x");
  const std::string message = error_message([&] { sdc::io::read_data_file(unsupported); },
                                            sdc::errc::unsupported);
  CHECK(contains(message, "[sdc.io.unsupported]"));
  CHECK(contains(message, "'.xlsx'"));
  CHECK(contains(message, ".csv, .txt, .tsv"));
  CHECK(contains(message, ".dta (Stata)"));
  error_message([&] { sdc::io::read_data_file(dir.write("noext", "x")); }, sdc::errc::unsupported);
}

TEST_CASE("csv: 100,000 categories in a column") {
  std::string text = "id,group\n";
  for (int i = 0; i < 100'000; ++i) {
    text += "person" + std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  }
  text += "person42,1\n";
  const auto data = read_csv_text(text);
  CHECK(data.n_rows() == 100'001);
  const auto& id = data.column("id").categories;
  CHECK(id.labels.size() == 100'000);
  CHECK(id.labels.front() == "person0");
  CHECK(id.labels.back() == "person99999");
  CHECK(id.codes[42] == id.codes[100'000]);
  CHECK(id.labels[id.codes[42]] == "person42");
  CHECK(data.column("group").categories.labels.size() == 7);
}

TEST_CASE("csv: sdcMicro testdata (4580 x 15)") {
  const auto data = sdc::io::read_csv_file(SDC_SHARED_DATA_DIR "/sdcmicro/testdata.csv");
  CHECK(data.n_rows() == 4580);
  CHECK(data.n_columns() == 15);
  CHECK(data.column_names().front() == "urbrur");
  CHECK(data.column_names().back() == "household_weights");
  for (const auto& column : data.columns()) {
    CAPTURE(column.name);
    CHECK(column.numeric);
  }
  // Counted independently with
  //   awk -F, 'NR>1{c[$2]++; w+=$14} END{...}' testdata.csv
  // roof: 2 -> 814, 4 -> 3697, 5 -> 19, 6 -> 34, 9 -> 16; sum of sampling_weight 458000.
  const auto& roof = data.column("roof").categories;
  CHECK(roof.labels == std::vector<std::string>{"2", "4", "5", "6", "9"});
  std::vector<int> counts(roof.labels.size());
  for (const auto code : roof.codes) ++counts[static_cast<std::size_t>(code)];
  CHECK(counts == std::vector<int>{814, 3697, 19, 34, 16});
  const auto weights = data.numeric("sampling_weight");
  double total = 0;
  for (std::size_t i = 0; i < weights.size; ++i) total += weights.values[i];
  CHECK(total == 458000);
}

TEST_CASE("csv: ARX adult data (30162 rows, ';', CRLF)") {
  csv_options options;
  options.delimiter = ';';
  const auto data = sdc::io::read_csv_file(SDC_SHARED_DATA_DIR "/adult/adult.csv", options);
  CHECK(data.n_rows() == 30162);
  CHECK(data.n_columns() == 9);
  const auto& sex = data.column("sex").categories;
  CHECK(sex.labels == std::vector<std::string>{"Female", "Male"});
  // 9782 obtained independently with
  //   tr -d '\r' < adult.csv | awk -F';' 'NR>1 && $1=="Female"{n++} END{print n}'
  // and confirmed with pandas: (pd.read_csv('adult.csv', sep=';').sex == 'Female').sum()
  std::size_t female = 0;
  for (const auto code : sex.codes) female += code == 0 ? 1 : 0;
  CHECK(female == 9782);
  // race counts, from: awk -F';' 'NR>1{print $3}' adult.csv | tr -d '\r' | sort | uniq -c
  const auto& race = data.column("race").categories;
  CHECK(race.labels == std::vector<std::string>{"Amer-Indian-Eskimo", "Asian-Pac-Islander",
                                                "Black", "Other", "White"});
  std::vector<int> counts(race.labels.size());
  for (const auto code : race.codes) ++counts[static_cast<std::size_t>(code)];
  CHECK(counts == std::vector<int>{286, 895, 2817, 231, 25933});
  // age is numeric, 72 distinct values from 17 to 90 (pandas: d.age.nunique(), min, max).
  const auto& age = data.column("age");
  CHECK(age.numeric);
  CHECK(age.categories.labels.size() == 72);
  CHECK(age.categories.labels.front() == "17");
  CHECK(age.categories.labels.back() == "90");
}

TEST_CASE("csv: the bundled example extract (examples/data/extract.csv)") {
  const auto data = sdc::io::read_csv_file(SDC_EXAMPLES_DIR "/data/extract.csv");
  CHECK(data.n_rows() == 60000);
  CHECK(data.column_names() ==
        std::vector<std::string>{"reference_period", "individual_id", "i_gender", "i_age",
                                 "i_residence_country", "i_location_residence", "i_citizenship",
                                 "j_sector", "employer_id", "wage", "working_time", "weight",
                                 "household_id"});
  for (const char* name : {"reference_period", "i_gender", "i_age", "wage", "working_time",
                           "weight"}) {
    CAPTURE(name);
    CHECK(data.column(name).numeric);
  }
  CHECK(data.column("i_age").categories.labels ==
        std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  CHECK(data.column("j_sector").categories.labels.size() == 19);  // NACE sections A..S
  // Counted independently with awk -F, on the file:
  //   women in 201709:  NR>1 && $1==201709 && $3==2   -> 2327
  //   missing wages:    NR>1 && $10==""               -> 264
  //   negative wages:   NR>1 && $10<0 && $10!=""      -> 75
  const auto period = data.numeric("reference_period");
  const auto gender = data.numeric("i_gender");
  const auto wage = data.numeric("wage");
  std::size_t women = 0, missing = 0, negative = 0;
  for (std::size_t i = 0; i < data.n_rows(); ++i) {
    women += period.values[i] == 201709 && gender.values[i] == 2 ? 1 : 0;
    missing += std::isnan(wage.values[i]) ? 1 : 0;
    negative += wage.values[i] < 0 ? 1 : 0;
  }
  CHECK(women == 2327);
  CHECK(missing == 264);
  CHECK(negative == 75);
}
