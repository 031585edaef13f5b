// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/suda2.hpp>

#include "risk_example.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

// Brute force: for every record and every subset S of the variables where the record has no
// missing value, count the records with the same values on S (a missing value matches
// nothing); S is an MSU when that count is 1 and no proper subset has count 1.
struct brute_force_result {
  std::vector<double> score;
  std::vector<std::vector<double>> contribution;    // [record][variable]
  std::vector<std::vector<std::int32_t>> count;     // [record][size - 1]
};

brute_force_result brute_force(const std::vector<std::vector<std::int32_t>>& data,  // [var][rec]
                               std::size_t max_size, sdc::suda_weighting weighting) {
  const std::size_t m = data.size();
  const std::size_t n = data.front().size();
  const std::uint32_t n_subsets = 1U << m;
  brute_force_result out;
  out.score.assign(n, 0.0);
  out.contribution.assign(n, std::vector<double>(m, 0.0));
  out.count.assign(n, std::vector<std::int32_t>(max_size, 0));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<char> unique(n_subsets, 0);
    for (std::uint32_t s = 1; s < n_subsets; ++s) {
      bool defined = true;
      for (std::size_t v = 0; v < m; ++v) {
        if (((s >> v) & 1U) && data[v][i] < 0) defined = false;
      }
      if (!defined) continue;
      std::size_t matches = 0;
      for (std::size_t j = 0; j < n; ++j) {
        bool same = true;
        for (std::size_t v = 0; v < m && same; ++v) {
          if ((s >> v) & 1U) same = data[v][j] == data[v][i];
        }
        matches += same ? 1 : 0;
      }
      unique[s] = matches == 1;
    }
    for (std::uint32_t s = 1; s < n_subsets; ++s) {
      if (!unique[s]) continue;
      bool minimal = true;
      for (std::uint32_t t = (s - 1) & s; t > 0 && minimal; t = (t - 1) & s) {
        if (unique[t]) minimal = false;
      }
      const auto k = static_cast<std::size_t>(__builtin_popcount(s));
      if (!minimal || k > max_size) continue;
      const double w = sdc::suda_weight(weighting, m, k);
      out.score[i] += w;
      out.count[i][k - 1] += 1;
      for (std::size_t v = 0; v < m; ++v) {
        if ((s >> v) & 1U) out.contribution[i][v] += w;
      }
    }
  }
  return out;
}

sdc::categorical_view raw_view(const std::string& name, const std::vector<std::int32_t>& codes,
                               std::int32_t k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}

}  // namespace

TEST_CASE("suda2: SDC Practice Guide example, (M-k)! and IHSN weights") {
  const sdc_test::practice_guide_example example;
  const auto keys = example.views();
  const std::vector<double> elliot{0, 0, 6, 0, 12, 0, 6, 10, 0, 0};
  const std::vector<double> ihsn{0, 0, 1.75, 0, 3.25, 0, 1.75, 2.75, 0, 0};

  const auto result = sdc::suda2(keys);
  REQUIRE(result.score.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) CHECK(result.score[static_cast<Eigen::Index>(i)] == elliot[i]);
  CHECK(result.total_score == 34);

  sdc::suda2_options options;
  options.weighting = sdc::suda_weighting::ihsn;
  const auto ihsn_result = sdc::suda2(keys, options);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(ihsn_result.score[static_cast<Eigen::Index>(i)] == doctest::Approx(ihsn[i]).epsilon(1e-12));
  }

  // Record 5 (Rural, Female, Secondary complete, Unemployed): MSUs {Residence} (size 1) and
  // {Gender, Education}, {Gender, Labor}, {Education, Labor} (size 2): 3! + 3 * 2! = 12.
  CHECK(result.msu_count(4, 0) == 1);
  CHECK(result.msu_count(4, 1) == 3);
  CHECK(result.msu_count(4, 2) == 0);
  CHECK(result.record_contribution(4, 0) == 6);   // Residence: the size-1 MSU
  CHECK(result.record_contribution(4, 1) == 4);   // Gender: two size-2 MSUs
  // Residence is in record 5's {Residence} (6) and record 8's {Residence, Labor} (2).
  CHECK(result.attribute_contribution_of("Residence") == doctest::Approx(8.0 / 34.0));
  // sdcMicro 5.8.2 on the same data: attribute contributions (percent) 23.52941 17.64706
  // 64.70588 23.52941; contributionPercent (a share of the record's score) of record 8:
  // 0.2 0.2 0.6 0.4.
  const std::vector<double> attribute{23.52941, 17.64706, 64.70588, 23.52941};
  const std::vector<double> record8{0.2, 0.2, 0.6, 0.4};
  for (std::size_t v = 0; v < 4; ++v) {
    CHECK(100 * result.attribute_contribution[v] == doctest::Approx(attribute[v]).epsilon(1e-6));
    CHECK(result.record_contribution(7, static_cast<Eigen::Index>(v)) / result.score[7] ==
          doctest::Approx(record8[v]));
  }

  // sdcMicro 5.8.2: disScore of record 3 (and 7) 0.004986798, 5: 0.011383007, 8: 0.009166679.
  CHECK(result.dis_score[2] == doctest::Approx(0.004986798).epsilon(1e-6));
  CHECK(result.dis_score[4] == doctest::Approx(0.011383007).epsilon(1e-6));
  CHECK(result.dis_score[7] == doctest::Approx(0.009166679).epsilon(1e-6));
  // DIS-SUDA, by hand: M = 4 so Q = 1.2; the full key has fk = 2 for records 1, 2, 4, 6, 9, 10
  // (P = 6); f = 0.01.
  CHECK(result.records_in_pairs == 6);
  const double q = 1.2;
  double inverse_sum = 0;
  for (double s : elliot) {
    if (s > 0) inverse_sum += std::pow(s, -q);
  }
  for (std::size_t i = 0; i < 10; ++i) {
    const double expected =
        elliot[i] > 0 ? 1 / (1 + 6 * 0.99 / (0.01 * std::pow(elliot[i], q) * inverse_sum)) : 0.0;
    CHECK(result.dis_score[static_cast<Eigen::Index>(i)] == doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("suda2: weights") {
  CHECK(sdc::suda_weight(sdc::suda_weighting::elliot, 4, 1) == 6);
  CHECK(sdc::suda_weight(sdc::suda_weighting::elliot, 4, 4) == 1);
  CHECK(sdc::suda_weight(sdc::suda_weighting::ihsn, 4, 1) == 1.75);
  CHECK(sdc::suda_weight(sdc::suda_weighting::ihsn, 4, 2) == 0.5);
  CHECK(sdc::suda_weight(sdc::suda_weighting::ihsn, 4, 4) == 0);
  CHECK(sdc::to_string(sdc::suda_weighting::ihsn) == "ihsn");
  CHECK(sdc::suda_weighting_from_string("elliot") == sdc::suda_weighting::elliot);
  CHECK_THROWS_AS(sdc::suda_weighting_from_string("original"), sdc::invalid_input);
}

TEST_CASE("suda2: agrees with a brute-force enumeration on random data") {
  std::mt19937 rng(20240611);
  for (int trial = 0; trial < 80; ++trial) {
    const std::size_t m = 1 + static_cast<std::size_t>(trial % 8);
    // Mostly small data sets; the last trials are larger, for deeper partitions.
    const std::size_t n = 1 + static_cast<std::size_t>(rng() % (trial < 76 ? 60 : 250));
    const bool with_missing = trial % 3 == 0;
    std::vector<std::vector<std::int32_t>> data(m, std::vector<std::int32_t>(n));
    std::vector<std::int32_t> cardinality(m);
    std::vector<sdc::categorical_view> keys;
    for (std::size_t v = 0; v < m; ++v) {
      cardinality[v] = 2 + static_cast<std::int32_t>(rng() % 4);
      for (std::size_t i = 0; i < n; ++i) {
        data[v][i] = static_cast<std::int32_t>(rng() % static_cast<std::uint32_t>(cardinality[v]));
        if (with_missing && rng() % 8 == 0) data[v][i] = -1;
      }
      // Declared (unused) categories select the 8-, 16- and 32-bit code paths.
      const std::int32_t declared = trial % 5 == 0 ? 300 : trial % 7 == 0 ? 70000 : cardinality[v];
      keys.push_back(raw_view("v" + std::to_string(v), data[v], declared));
    }
    for (const auto weighting : {sdc::suda_weighting::elliot, sdc::suda_weighting::ihsn}) {
      for (std::size_t max_size : {m, std::size_t{2}}) {
        if (max_size > m) continue;
        CAPTURE(trial);
        CAPTURE(max_size);
        sdc::suda2_options options;
        options.weighting = weighting;
        options.max_msu_size = max_size;
        const auto expected = brute_force(data, max_size, weighting);
        // Each of the minimality tests (the default picks one by the number of variables).
        sdc::detail::suda2_tuning tuning;
        tuning.test = static_cast<sdc::detail::minimality_test>((trial / 8) % 4);
        const auto result = sdc::detail::suda2_impl(keys, options, tuning);
        REQUIRE(static_cast<std::size_t>(result.msu_count.cols()) == max_size);
        for (std::size_t i = 0; i < n; ++i) {
          const auto row = static_cast<Eigen::Index>(i);
          CHECK(result.score[row] == doctest::Approx(expected.score[i]).epsilon(1e-12));
          for (std::size_t k = 0; k < max_size; ++k) {
            CHECK(result.msu_count(row, static_cast<Eigen::Index>(k)) == expected.count[i][k]);
          }
          for (std::size_t v = 0; v < m; ++v) {
            CHECK(result.record_contribution(row, static_cast<Eigen::Index>(v)) ==
                  doctest::Approx(expected.contribution[i][v]).epsilon(1e-12));
          }
        }
      }
    }
  }
}

TEST_CASE("suda2: missing values never form part of an MSU") {
  // Record 3 is the only one with b = 1, but its a is missing: its only MSU is {b}.
  const std::vector<std::int32_t> a{0, 0, -1, 1}, b{0, 0, 1, 0};
  const auto result = sdc::suda2({raw_view("a", a, 2), raw_view("b", b, 2)});
  CHECK(result.msu_count(2, 0) == 1);
  CHECK(result.record_contribution(2, 0) == 0);
  CHECK(result.record_contribution(2, 1) == 1);
  // Record 4 is unique on a = 1; records 1 and 2 are duplicates.
  CHECK(result.score[3] == 1);
  CHECK(result.score[0] == 0);
  CHECK(result.score[1] == 0);
}

TEST_CASE("suda2: duplicated records and missing values, as sdcMicro 5.8.2") {
  // Records 1-3 identical, 4-5 identical: no MSU. sdcMicro suda2(): scores 0 0 0 0 0 2 1 2,
  // DIS 0 0 0 0 0 0.02163479 0.00921181 0.02163479 (P = 2: the pair 4-5; triplicates do not
  // count).
  const std::vector<std::int32_t> a{0, 0, 0, 1, 1, 2, 0, 1}, b{0, 0, 0, 0, 0, 1, 1, 1},
      c{0, 0, 0, 1, 1, 0, 0, 0};
  const auto dup = sdc::suda2({raw_view("a", a, 3), raw_view("b", b, 2), raw_view("c", c, 2)});
  const std::vector<double> dup_score{0, 0, 0, 0, 0, 2, 1, 2};
  const std::vector<double> dup_dis{0, 0, 0, 0, 0, 0.02163479, 0.00921181, 0.02163479};
  CHECK(dup.records_in_pairs == 2);
  for (Eigen::Index i = 0; i < 8; ++i) {
    CHECK(dup.score[i] == dup_score[static_cast<std::size_t>(i)]);
    CHECK(dup.dis_score[i] == doctest::Approx(dup_dis[static_cast<std::size_t>(i)]).epsilon(1e-6));
  }
  // Missing values (-1) match nothing; records 3 and 4 (NA, 1, 1) are a pair on the full key.
  // sdcMicro: scores 1 2 0 0 6, DIS 0.007652795 0.018011518 0 0 0.067527622.
  const std::vector<std::int32_t> x{0, 0, -1, -1, 1}, y{0, 1, 0, 0, 2}, z{0, 0, 0, 0, 1};
  const auto na = sdc::suda2({raw_view("x", x, 2), raw_view("y", y, 3), raw_view("z", z, 2)});
  const std::vector<double> na_score{1, 2, 0, 0, 6};
  const std::vector<double> na_dis{0.007652795, 0.018011518, 0, 0, 0.067527622};
  for (Eigen::Index i = 0; i < 5; ++i) {
    CHECK(na.score[i] == na_score[static_cast<std::size_t>(i)]);
    CHECK(na.dis_score[i] == doctest::Approx(na_dis[static_cast<std::size_t>(i)]).epsilon(1e-6));
  }
}

TEST_CASE("suda2: sdcMicro pads fewer than 3 variables with dummies (sdcmicro_compatible)") {
  // Two variables: by definition record 3's MSU {b} weighs (2-1)! = 1; sdcMicro 5.8.2 adds a
  // constant dummy variable (M = 3) and reports scores 0 0 2 1 0 0.
  const std::vector<std::int32_t> a{0, 0, -1, 1, 0, 1}, b{0, 0, 1, 0, -1, -1};
  const std::vector<sdc::categorical_view> keys{raw_view("a", a, 2), raw_view("b", b, 2)};
  const auto definition = sdc::suda2(keys);
  sdc::suda2_options options;
  options.sdcmicro_compatible = true;
  const auto compatible = sdc::suda2(keys, options);
  const std::vector<double> expected_definition{0, 0, 1, 1, 0, 0};
  const std::vector<double> expected_sdcmicro{0, 0, 2, 1, 0, 0};
  for (Eigen::Index i = 0; i < 6; ++i) {
    CHECK(definition.score[i] == expected_definition[static_cast<std::size_t>(i)]);
    CHECK(compatible.score[i] == expected_sdcmicro[static_cast<std::size_t>(i)]);
  }
  // With three variables or more the option changes nothing.
  const sdc_test::practice_guide_example example;
  const auto plain = sdc::suda2(example.views());
  const auto same = sdc::suda2(example.views(), options);
  CHECK(plain.score == same.score);
  CHECK(plain.dis_score == same.dis_score);
}

TEST_CASE("suda2: edge cases") {
  // No records.
  const std::vector<std::int32_t> none;
  const auto empty = sdc::suda2({raw_view("a", none, 2), raw_view("b", none, 2)});
  CHECK(empty.score.size() == 0);
  CHECK(empty.total_score == 0);
  // One record: unique on each variable alone.
  const std::vector<std::int32_t> one{1};
  const auto single = sdc::suda2({raw_view("a", one, 2), raw_view("b", one, 3)});
  CHECK(single.msu_count(0, 0) == 2);
  CHECK(single.score[0] == 2);  // two MSUs of size 1, weight (2 - 1)! = 1
  // A column missing everywhere (no categories) takes no part.
  const std::vector<std::int32_t> all_missing{-1, -1, -1}, b{0, 0, 1};
  const auto partial = sdc::suda2({raw_view("m", all_missing, 0), raw_view("b", b, 2)});
  CHECK(partial.score[2] == 1);  // {b}: weight (2 - 1)! = 1
  CHECK(partial.record_contribution(2, 0) == 0);
  CHECK(partial.score[0] == 0);
  // max_msu_size above the number of variables means all sizes.
  sdc::suda2_options options;
  options.max_msu_size = 10;
  CHECK(sdc::suda2({raw_view("b", b, 2)}, options).max_msu_size == 1);
}

TEST_CASE("suda2: bad input") {
  const std::vector<std::int32_t> a{0, 1, 1}, b{0, 1}, bad{0, 7, 1};
  CHECK_THROWS_AS(sdc::suda2({}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::suda2({raw_view("a", a, 2), raw_view("b", b, 2)}), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::suda2({raw_view("bad", bad, 2)}), sdc::invalid_input);
  sdc::suda2_options options;
  options.max_msu_size = 0;
  CHECK_THROWS_AS(sdc::suda2({raw_view("a", a, 2)}, options), sdc::invalid_input);
  options = sdc::suda2_options::defaults();
  options.dis_fraction = 0;
  CHECK_THROWS_AS(sdc::suda2({raw_view("a", a, 2)}, options), sdc::invalid_input);
  const auto result = sdc::suda2({raw_view("a", a, 2)});
  try {
    (void)result.attribute_contribution_of("nope");
    FAIL("expected an exception");
  } catch (const sdc::invalid_input& e) {
    CHECK(e.code() == sdc::errc::unknown_column);
  }
  const std::vector<std::vector<std::int32_t>> many(65, std::vector<std::int32_t>{0, 1});
  std::vector<sdc::categorical_view> too_many;
  for (const auto& c : many) too_many.push_back(raw_view("x", c, 2));
  CHECK_THROWS_AS(sdc::suda2(too_many), sdc::invalid_input);
}

// ---- sdcMicro 5.8.2 golden files (tests/data/sdcmicro, tests/data/generate_golden.R) ----

namespace {

// Compares suda2 (both weightings) with the columns of a golden records file: scores to 1e-9,
// DIS-SUDA to 1e-6 (sdcMicro computes parts in single precision), and contributionPercent
// (the share of the record's score coming from MSUs with the variable) to 1e-9.
void check_suda2_records(const std::vector<sdc::categorical_view>& keys,
                         const sdc_test::csv_table& golden, const std::string& score_column,
                         const std::string& dis_column, bool with_ihsn_and_shares) {
  const auto result = sdc::suda2(keys);
  const std::size_t n = result.score.size();
  std::vector<double> score(n), dis(n);
  for (std::size_t i = 0; i < n; ++i) {
    score[i] = result.score[static_cast<Eigen::Index>(i)];
    dis[i] = result.dis_score[static_cast<Eigen::Index>(i)];
  }
  sdc_test::check_close(score, golden.numbers(score_column), "score");
  sdc_test::check_close(dis, golden.numbers(dis_column), "dis_score", 1e-6);
  if (!with_ihsn_and_shares) return;
  sdc::suda2_options options;
  options.weighting = sdc::suda_weighting::ihsn;
  const auto ihsn = sdc::suda2(keys, options);
  for (std::size_t i = 0; i < n; ++i) {
    score[i] = ihsn.score[static_cast<Eigen::Index>(i)];
    dis[i] = ihsn.dis_score[static_cast<Eigen::Index>(i)];
  }
  sdc_test::check_close(score, golden.numbers("score_ihsn"), "score_ihsn");
  sdc_test::check_close(dis, golden.numbers("dis_score_ihsn"), "dis_score_ihsn", 1e-6);
  for (std::size_t v = 0; v < keys.size(); ++v) {
    std::vector<double> share(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto row = static_cast<Eigen::Index>(i);
      if (result.score[row] > 0) {
        share[i] = result.record_contribution(row, static_cast<Eigen::Index>(v)) / result.score[row];
      }
    }
    sdc_test::check_close(share, golden.numbers("contribution_pct_" + keys[v].name),
                          ("contribution of " + keys[v].name).c_str());
  }
}

// Attribute contributions: sdcMicro's percent = 100 * attribute_contribution, both weightings.
void check_suda2_attributes(const std::vector<sdc::categorical_view>& keys,
                            const sdc_test::csv_table& golden) {
  const auto elliot = sdc::suda2(keys);
  sdc::suda2_options options;
  options.weighting = sdc::suda_weighting::ihsn;
  const auto ihsn = sdc::suda2(keys, options);
  const auto names = golden.text("variable");
  const auto expected = golden.numbers("contribution");
  const auto expected_ihsn = golden.numbers("contribution_ihsn");
  REQUIRE(names.size() == keys.size());
  for (std::size_t j = 0; j < names.size(); ++j) {
    CAPTURE(names[j]);
    CHECK(100 * elliot.attribute_contribution_of(names[j]) ==
          doctest::Approx(expected[j]).epsilon(1e-9));
    CHECK(100 * ihsn.attribute_contribution_of(names[j]) ==
          doctest::Approx(expected_ihsn[j]).epsilon(1e-9));
  }
}

}  // namespace

TEST_CASE("suda2: sdcMicro golden, testdata (4580 records, 7 keys)") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_suda2.csv"),
                   golden_path("testdata_suda2_attributes.csv"),
                   golden_path("testdata_suda2_levels.csv")})) {
    return;
  }
  const sdcmicro_testdata data(false);
  const auto keys = data.views();
  check_suda2_records(keys, read_csv(golden_path("testdata_suda2.csv")), "score", "dis_score", true);
  check_suda2_attributes(keys, read_csv(golden_path("testdata_suda2_attributes.csv")));

  // attribute_level_contributions: a variable's contribution split by its categories, which is
  // record_contribution summed by category (docs/suda2.md), in percent of the variable's total.
  const auto result = sdc::suda2(keys);
  const auto levels = read_csv(golden_path("testdata_suda2_levels.csv"));
  const auto variables = levels.text("variable");
  const auto attributes = levels.text("attribute");
  const auto expected = levels.numbers("contribution");
  for (std::size_t j = 0; j < variables.size(); ++j) {
    std::size_t v = 0;
    while (data.keys[v].name != variables[j]) ++v;
    double in_category = 0, total = 0;
    for (std::size_t i = 0; i < data.keys[v].codes.size(); ++i) {
      const double c = result.record_contribution(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(v));
      total += c;
      const std::int32_t code = data.keys[v].codes[i];
      if (code >= 0 && data.keys[v].labels[static_cast<std::size_t>(code)] == attributes[j]) in_category += c;
    }
    CAPTURE(variables[j]);
    CAPTURE(attributes[j]);
    CHECK(100 * in_category / total == doctest::Approx(expected[j]).epsilon(1e-9));
  }
}

TEST_CASE("suda2: sdcMicro golden, testdata with missing values") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_na_records.csv")})) return;
  const sdcmicro_testdata data(true);
  check_suda2_records(data.views(), read_csv(golden_path("testdata_na_records.csv")), "suda_score",
                      "dis_score", false);
}

TEST_CASE("suda2: sdcMicro golden, francdat, testdata2 and the Practice Guide example") {
  using namespace sdc_test;
  if (!have_files({shared_path("francdat.csv"), shared_path("testdata2.csv"),
                   golden_path("francdat_records.csv"), golden_path("francdat_suda2_attributes.csv"),
                   golden_path("testdata2_records.csv"),
                   golden_path("testdata2_suda2_attributes.csv"), golden_path("guide_records.csv")})) {
    return;
  }
  {
    const auto data = read_csv(shared_path("francdat.csv"));
    const auto columns = factorize_columns(data, {"Key1", "Key2", "Key3", "Key4"});
    check_suda2_records(views_of(columns), read_csv(golden_path("francdat_records.csv")), "score",
                        "dis_score", true);
    check_suda2_attributes(views_of(columns), read_csv(golden_path("francdat_suda2_attributes.csv")));
  }
  {
    const auto data = read_csv(shared_path("testdata2.csv"));
    const auto columns =
        factorize_columns(data, {"urbrur", "roof", "walls", "water", "electcon", "relat", "sex"});
    check_suda2_records(views_of(columns), read_csv(golden_path("testdata2_records.csv")), "score",
                        "dis_score", true);
    check_suda2_attributes(views_of(columns), read_csv(golden_path("testdata2_suda2_attributes.csv")));
  }
  {
    const auto golden = read_csv(golden_path("guide_records.csv"));
    const auto columns = factorize_columns(golden, {"Residence", "Gender", "Education", "Labor"});
    check_suda2_records(views_of(columns), golden, "score", "dis_score", false);
  }
}
