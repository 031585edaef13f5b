// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/io/review_files.hpp>
#include <sdc/risk/request_review.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "adult_data.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool any_finding(const sdc::request_review& review, const std::string& part) {
  for (const auto& f : review.findings) {
    if (contains(f, part)) return true;
  }
  return false;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const sdc::invalid_input& e) {
    return e.what();
  }
  return "";
}

const std::string justified = "needed for the wage-gap regression by age and sex";

// The six records of the lattice test (age, sex), plus an id, a wage band and a constant.
struct small_case {
  std::vector<sdc::factorized_column> columns{
      sdc::factorize("age", {"1", "1", "2", "3", "3", "4"}),
      sdc::factorize("sex", {"M", "M", "F", "F", "M", "M"}),
      sdc::factorize("pid", {"p1", "p2", "p3", "p4", "p5", "p6"}),
      sdc::factorize("wage", {"low", "high", "low", "low", "high", "low"}),
      sdc::factorize("country", {"LU", "LU", "LU", "LU", "LU", "LU"})};
  sdc::data_dictionary dictionary;

  small_case() {
    sdc::dictionary_entry age{"age", "age in years", sdc::variable_role::key, {}};
    age.hierarchy = sdc::hierarchy_from_text("1;1-2;*\n2;1-2;*\n3;3-4;*\n4;3-4;*\n", ';', "age");
    age.hierarchy.level_names = {"years", "bands", "*"};
    dictionary.entries.push_back(age);
    dictionary.entries.push_back({"sex", "sex", sdc::variable_role::key, {}});
    dictionary.entries.push_back({"pid", "person id", sdc::variable_role::identifier, {}});
    dictionary.entries.push_back({"wage", "wage band", sdc::variable_role::sensitive, {}});
    dictionary.entries.push_back({"country", "residence", sdc::variable_role::key, {}});
  }
  std::vector<sdc::labelled_column> data() const {
    std::vector<sdc::labelled_column> result;
    for (const auto& c : columns) result.push_back({c.view(), c.labels});
    return result;
  }
};

sdc::review_options k_target(int k, double share = 0.0) {
  sdc::review_options options;
  options.target.k = k;
  options.target.max_suppressed_share = share;
  return options;
}

}  // namespace

TEST_CASE("variable_role and review_verdict names") {
  for (const auto role : {sdc::variable_role::identifier, sdc::variable_role::key,
                          sdc::variable_role::sensitive, sdc::variable_role::other}) {
    CHECK(sdc::variable_role_from_string(sdc::to_string(role)) == role);
  }
  CHECK_THROWS_AS(sdc::variable_role_from_string("quasi"), sdc::invalid_input);
  CHECK(sdc::to_string(sdc::review_verdict::review) == "review");
  CHECK(sdc::review_options::defaults().target.k == 5);
}

TEST_CASE("review_request: a small request worked by hand") {
  const small_case c;
  sdc::variable_request request;
  request.variables = {
      {"age", "0", justified}, {"sex", "0", justified}, {"pid", "0", ""}, {"wage", "0", justified}};
  const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(2));
  CHECK(review.key_variables == std::vector<std::string>{"age", "sex"});
  CHECK(review.identifiers == std::vector<std::string>{"pid"});
  CHECK(review.sensitive == std::vector<std::string>{"wage"});
  CHECK(review.unjustified == std::vector<std::string>{"pid"});
  CHECK(review.requested_level_names == std::vector<std::string>{"years", "original"});
  CHECK(review.n_levels == std::vector<std::size_t>{3, 2});

  // As requested: classes (1,M) 2, (2,F) 1, (3,F) 1, (3,M) 1, (4,M) 1.
  const auto& p = review.as_requested;
  CHECK(p.n_records == 6);
  CHECK(p.n_combinations == 5);
  CHECK(p.records_below(2) == 4);
  CHECK(p.records_below(3) == 6);
  CHECK(p.sample_uniques == 4);
  CHECK(p.expected_reidentifications == doctest::Approx(5.0));  // one per class, no weights
  CHECK(p.global_risk == doctest::Approx(5.0 / 6.0));
  CHECK(p.max_individual_risk == doctest::Approx(1.0));
  CHECK(p.records_at_risk == 4);
  CHECK_FALSE(p.meets_target);

  // Without age: M 4, F 2: nothing at risk. Without sex: ages 2,1,2,1: 2 at risk.
  REQUIRE(review.contributions.size() == 2);
  CHECK(review.contributions[0].variable == "age");
  CHECK(review.contributions[0].records_at_risk_with == 4);
  CHECK(review.contributions[0].records_at_risk_without == 0);
  CHECK(review.contributions[0].sample_uniques_without == 0);
  CHECK(review.contributions[0].expected_reidentifications_without == doctest::Approx(2.0));
  CHECK(review.contributions[1].records_at_risk_without == 2);
  CHECK(review.contributions[1].expected_reidentifications_without == doctest::Approx(4.0));
  // SUDA2: every MSU here contains age ((2), (4), (3,F), (3,M) -> age in all of them).
  CHECK(review.contributions[0].suda2_contribution == doctest::Approx(1.0));
  CHECK(any_finding(review, "age adds the most risk"));

  // Minimal generalisations (lattice test): (2,0) with loss 0.5, then (1,1) with 0.75.
  CHECK(review.minimal_generalisations == 2);
  REQUIRE(review.generalisations.size() == 2);
  CHECK(review.generalisations[0].levels == std::vector<std::size_t>{2, 0});
  CHECK(review.generalisations[0].changes ==
        std::vector<std::string>{"age: level 0 (years) -> dropped (*)"});
  CHECK(review.generalisations[0].precision_loss == doctest::Approx(0.5));
  CHECK(review.generalisations[1].level_names == std::vector<std::string>{"bands", "*"});

  // Local suppression for 2-anonymity as requested: (2,F) and (3,F): suppress age -> (NA,F)
  // twice; (3,M) and (4,M): suppressing age in (3,M) gives (NA,M), compatible with (1,M) x2
  // and (4,M); then (4,M) has fk 2. So 3 values: see the local suppression rules.
  CHECK(review.suppression_as_requested.computed);
  CHECK(review.suppression_as_requested.records_below_k == 4);
  CHECK(review.suppression_as_requested.total_suppressions >= 2);
  CHECK(review.suppression_as_requested.total_suppressions <= 4);
  CHECK(review.suppression_at_best.computed);
  CHECK(review.suppression_at_best.records_below_k == 0);

  // Score: d = (0.5 - 0) / 1 -> risk 50 * (0.2 + 0.8 * 0.5) = 30; one identifier 25; one
  // variable without justification 5: 100 - 60 = 40.
  const auto& score = review.proportionality;
  CHECK(score.detail_removed == doctest::Approx(0.5));
  CHECK(score.risk_penalty == doctest::Approx(30.0));
  CHECK(score.identifier_penalty == doctest::Approx(25.0));
  CHECK(score.justification_penalty == doctest::Approx(5.0));
  CHECK(score.score == doctest::Approx(40.0));
  CHECK(score.band == "disproportionate");
  CHECK(review.verdict == sdc::review_verdict::review);
  CHECK(any_finding(review, "Proportionality score 40/100"));
  CHECK(any_finding(review, "'pid' is an identifier"));
  CHECK(any_finding(review, "does not meet the target as asked"));
}

TEST_CASE("review_request: requested levels, pass and fail") {
  const small_case c;
  SUBCASE("age in bands and sex meet 2-anonymity as asked: pass, score 100") {
    sdc::variable_request request;
    request.variables = {{"age", "bands", justified}, {"sex", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(2));
    CHECK(review.requested_levels == std::vector<std::size_t>{1, 0});
    // (1-2,M) 2, (1-2,F) 1, (3-4,F) 1, (3-4,M) 2: 2 records at risk -> does not meet.
    CHECK_FALSE(review.as_requested.meets_target);
    CHECK(review.generalisations.front().levels == std::vector<std::size_t>{2, 0});
  }
  SUBCASE("sex alone: pass") {
    sdc::variable_request request;
    request.variables = {{"sex", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(2));
    CHECK(review.as_requested.meets_target);
    CHECK(review.verdict == sdc::review_verdict::pass);
    CHECK(review.proportionality.score == doctest::Approx(100.0));
    CHECK(review.proportionality.band == "proportionate");
    REQUIRE(review.generalisations.size() == 1);
    CHECK(review.generalisations[0].changes.empty());
    // Without its only key every record is in one class.
    CHECK(review.contributions[0].records_at_risk_without == 0);
    CHECK(review.contributions[0].expected_reidentifications_without == doctest::Approx(1.0));
  }
  SUBCASE("the top level requested with '*'") {
    sdc::variable_request request;
    request.variables = {{"age", "*", justified}, {"sex", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(2));
    CHECK(review.requested_levels == std::vector<std::size_t>{2, 0});
    CHECK(review.as_requested.meets_target);
  }
  SUBCASE("k above the number of records: nothing meets the target, fail") {
    sdc::variable_request request;
    request.variables = {{"sex", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(10));
    CHECK(review.verdict == sdc::review_verdict::fail);
    CHECK(review.generalisations.empty());
    CHECK(review.proportionality.detail_removed == doctest::Approx(1.0));
  }
  SUBCASE("only non-key variables: no risk from keys") {
    sdc::variable_request request;
    request.variables = {{"wage", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), nullptr, k_target(2));
    CHECK(review.key_variables.empty());
    CHECK(review.verdict == sdc::review_verdict::pass);
    CHECK(any_finding(review, "No key variable is requested"));
  }
  SUBCASE("a 1% budget with a weighted max-risk target") {
    std::vector<double> w{10, 10, 200, 200, 50, 50};
    sdc::numeric_view weights;
    weights.name = "w";
    weights.values = w.data();
    weights.size = w.size();
    sdc::review_options options;
    options.target = {};
    options.target.max_individual_risk = 0.2;
    sdc::variable_request request;
    request.variables = {{"age", "0", justified}, {"sex", "0", justified}};
    const auto review = sdc::review_request(c.dictionary, request, c.data(), &weights, options);
    CHECK(review.weighted);
    CHECK_FALSE(review.suppression_as_requested.computed);  // no k with weights
    CHECK(review.verdict != sdc::review_verdict::fail);
  }
}

TEST_CASE("review_request: bad input") {
  const small_case c;
  const auto options = k_target(2);
  sdc::variable_request request;
  CHECK(contains(
      error_of([&] { sdc::review_request(c.dictionary, request, c.data(), nullptr, options); }),
      "names no variables"));
  request.variables = {{"income", "0", justified}};
  CHECK(contains(
      error_of([&] { sdc::review_request(c.dictionary, request, c.data(), nullptr, options); }),
      "'income' is not in the data dictionary"));
  auto dictionary = c.dictionary;
  dictionary.entries.push_back({"income", "", sdc::variable_role::sensitive, {}});
  CHECK(contains(
      error_of([&] { sdc::review_request(dictionary, request, c.data(), nullptr, options); }),
      "'income' is not in the microdata"));
  request.variables = {{"sex", "0", justified}, {"sex", "0", justified}};
  CHECK(contains(
      error_of([&] { sdc::review_request(c.dictionary, request, c.data(), nullptr, options); }),
      "requested twice"));
  request.variables = {{"age", "decades", justified}};
  CHECK(contains(
      error_of([&] { sdc::review_request(c.dictionary, request, c.data(), nullptr, options); }),
      "unknown level 'decades'"));
  request.variables = {{"country", "0", justified}};
  CHECK(contains(
      error_of([&] { sdc::review_request(c.dictionary, request, c.data(), nullptr, options); }),
      "'country' is constant"));
  dictionary = c.dictionary;
  dictionary.entries[0].hierarchy = sdc::hierarchy_from_text("1;a\n2;a\n3;b\n", ';', "age");
  request.variables = {{"age", "0", justified}};
  const std::string missing_value =
      error_of([&] { sdc::review_request(dictionary, request, c.data(), nullptr, options); });
  CHECK(contains(missing_value, "'4'"));
  CHECK(contains(missing_value, "'age'"));
}

TEST_CASE("review_request: Adult, all nine keys at level 0, 5-anonymity with 1% suppression") {
  // Expected values from pandas (d.groupby(keys).size()): with all 9 keys 19,502 classes,
  // 23,470 records in classes below 5, 15,512 sample uniques; without age 8,230 below 5 and
  // 4,418 uniques; without sex 21,978 and 13,871. The best node is the lattice test's.
  const auto adult = sdc_test::read_adult();
  sdc::data_dictionary dictionary;
  sdc::variable_request request;
  std::vector<sdc::labelled_column> data;
  for (const auto& name : sdc_test::adult_keys()) {
    dictionary.entries.push_back(
        {name, name, sdc::variable_role::key, sdc_test::adult_hierarchy(name)});
    request.variables.push_back({name, "0", justified});
    data.push_back({adult.categorical(name), adult.column(name).categories.labels});
  }
  const auto review = sdc::review_request(dictionary, request, data, nullptr, k_target(5, 0.01));
  const auto& p = review.as_requested;
  CHECK(p.n_combinations == 19502);
  CHECK(p.records_below(5) == 23470);
  CHECK(p.records_below(2) == 15512);
  CHECK(p.records_below(3) == 19708);
  CHECK(p.records_below(10) == 26959);
  CHECK(p.sample_uniques == 15512);
  CHECK(p.expected_reidentifications == doctest::Approx(19502.0));
  CHECK_FALSE(p.meets_target);
  CHECK(review.contributions[1].variable == "age");
  CHECK(review.contributions[1].records_at_risk_without == 8230);
  CHECK(review.contributions[1].sample_uniques_without == 4418);
  CHECK(review.contributions[0].records_at_risk_without == 21978);
  CHECK(review.contributions[0].sample_uniques_without == 13871);
  CHECK(review.minimal_generalisations == 577);
  CHECK(review.generalisations.size() == 10);
  CHECK(review.generalisations[0].levels == std::vector<std::size_t>{0, 4, 0, 1, 1, 2, 1, 2, 0});
  CHECK(review.generalisations[0].records_suppressed == 208);
  CHECK(any_finding(review, "age adds the most risk"));
  CHECK(review.verdict == sdc::review_verdict::review);
  // Every SUDA2 contribution is a share.
  for (const auto& c : review.contributions) {
    CHECK(c.suda2_contribution >= 0.0);
    CHECK(c.suda2_contribution <= 1.0);
  }
  CHECK(review.suppression_at_best.computed);
  CHECK(review.suppression_at_best.records_below_k == 208);
}

TEST_CASE("read_data_dictionary and read_variable_request: the Adult example files") {
  const auto dictionary =
      sdc::io::read_data_dictionary(SDC_EXAMPLES_DIR "/review/adult/dictionary.csv");
  REQUIRE(dictionary.entries.size() == 9);
  const auto* age = dictionary.find("age");
  REQUIRE(age != nullptr);
  CHECK(age->role == sdc::variable_role::key);
  CHECK(age->hierarchy.n_levels() == 5);
  CHECK(age->hierarchy.n_values() == 100);
  CHECK(age->hierarchy.level_names ==
        std::vector<std::string>{"years", "5-year bands", "10-year bands", "20-year bands", "*"});
  CHECK(dictionary.find("salary-class")->role == sdc::variable_role::sensitive);
  CHECK(dictionary.find("sex")->hierarchy.level_names.empty());
  CHECK(contains(dictionary.find("salary-class")->description, "50,000"));  // quoted comma

  const auto request = sdc::io::read_variable_request(SDC_EXAMPLES_DIR "/review/adult/request.csv");
  REQUIRE(request.variables.size() == 9);
  CHECK(request.variables[0].level == "years");
  CHECK(request.variables[1].level == "0");
  CHECK(request.variables[7].variable == "race");
  CHECK(request.variables[7].justification.empty());
}

TEST_CASE("read_data_dictionary: malformed dictionaries name the file and line") {
  const auto folder = std::filesystem::temp_directory_path() / "sdc_test_review_files";
  std::filesystem::create_directories(folder);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(folder / name) << text;
    return (folder / name).string();
  };
  write("h.csv", "1;a;*\n2;a;*\n");
  const auto error_in = [&](const std::string& text) {
    const std::string path = write("dictionary.csv", text);
    return error_of([&] { sdc::io::read_data_dictionary(path); });
  };
  CHECK(contains(error_in("variable,role\nx,key\ny,quasi\n"), "line 3: unknown role 'quasi'"));
  CHECK(contains(error_in("variable,role\nx,key\nx,other\n"), "'x' is listed twice"));
  CHECK(contains(error_in("variable,description\nx,y\n"), "no column 'role'"));
  CHECK(contains(error_in("variable,role,hierarchy,levels\nx,key,h.csv,a|b\n"),
                 "3 levels but 2 level names"));
  CHECK(contains(error_in("variable,role,levels\nx,key,a|b\n"), "has no hierarchy file"));
  const auto good = sdc::io::read_data_dictionary(
      write("dictionary.csv", "variable,role,hierarchy,levels\nx,key,h.csv,v|pair|*\n"));
  CHECK(good.entries[0].hierarchy.levels[1] == std::vector<std::string>{"a", "a"});
  std::filesystem::remove_all(folder);
}
