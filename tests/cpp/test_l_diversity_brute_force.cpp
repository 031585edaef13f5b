// SPDX-License-Identifier: MIT
// l-diversity against a brute-force oracle on thousands of random small data sets: for each
// record, the records with the same key are found by comparing every pair, their sensitive
// values counted in a std::map, and the three measures computed from the definitions
// (docs/l_diversity.md). The per-record values of the result (views over per-class values and
// the record -> class index) must equal the oracle exactly, entropy included: both sum
// -p log p over the values in increasing category order (missing values last, counted once
// each, in sdcMicro-compatible mode) with p = count / total, so the doubles are the same.
#include <doctest/doctest.h>

#include <sdc/risk/l_diversity.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

struct measures {
  std::int64_t distinct = 0;
  double entropy = 0;
  std::int64_t recursive = 0;
};

/// The three measures of one class from its sensitive codes, from the definitions.
measures oracle_measures(const std::vector<std::int32_t>& codes, double c, bool sdcmicro) {
  std::map<std::int32_t, std::int64_t> count;
  std::int64_t missing = 0;
  for (const std::int32_t code : codes) {
    if (code < 0) {
      ++missing;
    } else {
      ++count[code];
    }
  }
  std::vector<std::int64_t> r;  // increasing category order, then one 1 per missing value
  for (const auto& [code, k] : count) r.push_back(k);
  if (sdcmicro) r.insert(r.end(), static_cast<std::size_t>(missing), 1);
  measures out;
  out.distinct = static_cast<std::int64_t>(r.size());
  std::int64_t total = 0;
  for (const std::int64_t k : r) total += k;
  double h = 0;
  for (const std::int64_t k : r) {
    const double p = static_cast<double>(k) / static_cast<double>(total);
    h -= p * std::log(p);
  }
  out.entropy = r.empty() ? 0.0 : std::exp(h);
  // Largest l in 1..m with r1 < c * (r_l + ... + r_m), counts in decreasing order.
  std::sort(r.begin(), r.end(), std::greater<>());
  for (std::size_t l = r.size(); l >= 1; --l) {
    std::int64_t suffix = 0;
    for (std::size_t i = l - 1; i < r.size(); ++i) suffix += r[i];
    if (static_cast<double>(r[0]) < c * static_cast<double>(suffix)) {
      out.recursive = static_cast<std::int64_t>(l);
      break;
    }
  }
  if (sdcmicro && !r.empty()) out.recursive = std::max<std::int64_t>(out.recursive, 1);
  return out;
}

sdc::categorical_view view(const std::string& name, const std::vector<std::int32_t>& codes, std::int32_t k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}

/// Oracle summary of per-record values: minimum, classes and records below l (a class is
/// counted at its first record).
sdc::l_diversity_summary oracle_summary(const std::vector<double>& values, const std::vector<std::size_t>& first,
                                        double l) {
  sdc::l_diversity_summary s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.minimum = i == 0 ? values[i] : std::min(s.minimum, values[i]);
    if (values[i] < l) {
      ++s.records_below;
      s.classes_below += first[i] == i;
    }
  }
  return s;
}

void check_summary(const sdc::l_diversity_summary& got, const sdc::l_diversity_summary& expected) {
  CHECK(got.minimum == expected.minimum);
  CHECK(got.classes_below == expected.classes_below);
  CHECK(got.records_below == expected.records_below);
}

}  // namespace

TEST_CASE("l_diversity: per-record values equal a brute-force oracle on 3,000 random data sets") {
  std::mt19937_64 rng(20261202);
  const auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const double cs[] = {0.4, 1.0, 2.0, 3.5};
  std::size_t sorted_path = 0, large_classes = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    CAPTURE(trial);
    // Mostly small data; one in ten with classes of over 64 records (beyond the cached p log p).
    const bool large = trial % 10 == 0;
    const auto n = static_cast<std::size_t>(large ? uniform(65, 240) : uniform(1, 40));
    const int n_keys = large ? 1 : uniform(1, 3);
    const int n_sensitive = uniform(1, 3);
    sdc::l_diversity_options options;
    options.recursive_c = cs[uniform(0, 3)];
    options.l = uniform(1, 3);
    options.sdcmicro_compatible = uniform(0, 1) == 1;
    options.key_missing = uniform(0, 1) == 1 ? sdc::missing_semantics::never : sdc::missing_semantics::category;
    const double key_na = uniform(0, 2) * 0.1;
    const double sensitive_na = uniform(0, 2) * 0.15;
    std::uniform_real_distribution<double> u(0.0, 1.0);

    std::vector<std::vector<std::int32_t>> keys(static_cast<std::size_t>(n_keys));
    std::vector<std::int32_t> key_k;
    for (auto& column : keys) {
      const int k = large ? 2 : uniform(1, 4);
      key_k.push_back(k);
      for (std::size_t i = 0; i < n; ++i) column.push_back(u(rng) < key_na ? -1 : uniform(0, k - 1));
    }
    std::vector<std::vector<std::int32_t>> sensitive(static_cast<std::size_t>(n_sensitive));
    std::vector<std::int32_t> sensitive_k;
    for (auto& column : sensitive) {
      // One variable in eight has 5,000 categories: the counts then come from sorting.
      const bool wide = uniform(0, 7) == 0;
      const int k = wide ? 5000 : uniform(1, 6);
      sensitive_k.push_back(k);
      for (std::size_t i = 0; i < n; ++i) {
        column.push_back(u(rng) < sensitive_na ? -1 : (wide ? uniform(0, 4999) : uniform(0, k - 1)));
      }
      sorted_path += wide;
    }
    std::vector<sdc::categorical_view> key_views, sensitive_views;
    for (std::size_t v = 0; v < keys.size(); ++v) key_views.push_back(view("k" + std::to_string(v), keys[v], key_k[v]));
    for (std::size_t v = 0; v < sensitive.size(); ++v) {
      sensitive_views.push_back(view("s" + std::to_string(v), sensitive[v], sensitive_k[v]));
    }
    const auto result = sdc::l_diversity(key_views, sensitive_views, options);
    REQUIRE(result.n_records() == n);
    REQUIRE(result.variables.size() == sensitive.size());

    // Oracle classes: record j is in i's class when every key agrees (a missing value equal to
    // a missing value under `category`; under `never` a record with a missing key is alone).
    const auto same_class = [&](std::size_t i, std::size_t j) {
      if (i == j) return true;
      for (const auto& column : keys) {
        if (options.key_missing == sdc::missing_semantics::never && (column[i] < 0 || column[j] < 0)) return false;
        if (column[i] != column[j]) return false;
      }
      return true;
    };
    std::vector<std::vector<std::size_t>> members(n);
    std::vector<std::size_t> first(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (same_class(i, j)) members[i].push_back(j);
      }
      first[i] = members[i].front();
      large_classes += members[i].size() > 64 && first[i] == i;
    }

    std::vector<double> min_distinct(n), min_entropy(n), min_recursive(n);
    for (std::size_t v = 0; v < sensitive.size(); ++v) {
      const std::string name = "s" + std::to_string(v);
      const auto distinct = result.distinct(name);
      const auto entropy = result.entropy(name);
      const auto recursive = result.recursive(name);
      REQUIRE(distinct.size() == n);
      std::vector<double> d(n), e(n), r(n);
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::int32_t> codes;
        for (const std::size_t j : members[i]) codes.push_back(sensitive[v][j]);
        const measures expected = oracle_measures(codes, options.recursive_c, options.sdcmicro_compatible);
        CHECK(distinct[i] == expected.distinct);
        CHECK(entropy[i] == expected.entropy);  // bit for bit, see the file comment
        CHECK(recursive[i] == expected.recursive);
        d[i] = static_cast<double>(expected.distinct);
        e[i] = expected.entropy;
        r[i] = static_cast<double>(expected.recursive);
        min_distinct[i] = v == 0 ? d[i] : std::min(min_distinct[i], d[i]);
        min_entropy[i] = v == 0 ? e[i] : std::min(min_entropy[i], e[i]);
        min_recursive[i] = v == 0 ? r[i] : std::min(min_recursive[i], r[i]);
      }
      const auto& variable = result.variables[v];
      check_summary(variable.distinct_summary, oracle_summary(d, first, options.l));
      check_summary(variable.entropy_summary, oracle_summary(e, first, options.l));
      check_summary(variable.recursive_summary, oracle_summary(r, first, options.l));
      // The materialised vector is the view, element for element.
      CHECK(entropy.to_vector() == std::vector<double>(entropy.begin(), entropy.end()));
    }
    const auto md = result.min_distinct();
    const auto me = result.min_entropy();
    const auto mr = result.min_recursive();
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(static_cast<double>(md[i]) == min_distinct[i]);
      CHECK(me[i] == min_entropy[i]);
      CHECK(static_cast<double>(mr[i]) == min_recursive[i]);
    }
    check_summary(result.distinct_summary, oracle_summary(min_distinct, first, options.l));
    check_summary(result.entropy_summary, oracle_summary(min_entropy, first, options.l));
    check_summary(result.recursive_summary, oracle_summary(min_recursive, first, options.l));
    // As many classes as the oracle finds, each record's class of the oracle's size.
    std::size_t n_classes = 0;
    for (std::size_t i = 0; i < n; ++i) n_classes += first[i] == i;
    CHECK(result.classes.n_groups() == n_classes);
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(result.classes.group_size[static_cast<std::size_t>(result.classes.group_of_record[i])] ==
            static_cast<std::int64_t>(members[i].size()));
    }
  }
  // The random cases reach both counting paths and the uncached p log p terms.
  CHECK(sorted_path > 100);
  CHECK(large_classes > 100);
}
