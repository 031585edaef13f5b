// SPDX-License-Identifier: MIT
// Peak memory of the risk measures at 1M records (the data of bench_risk), against the size of
// the key columns (6 x 1M x int32 = 24 MB). Not a Google Benchmark: one run of each task, two
// measurements, printed as a markdown table (docs/benchmarks.md, "Microdata risk").
//
// * heap: this program replaces the global operator new/delete and counts the bytes the
//   computation holds at its peak beyond what was live before it (every allocation of the core
//   goes through operator new: std::vector, std::string, std::unordered_map). Exact, and
//   independent of what the allocator keeps or returns to the system.
// * RSS: the kernel's high-water mark VmHWM (reset through /proc/self/clear_refs just before
//   the task, after malloc_trim) minus the resident size before the task: what the process
//   really touched, pages of the allocator's caches included.
// Both count the results (fk, Fk, risk: 8 bytes per record each) as well as the temporaries;
// the inputs (key columns, weights, households) are allocated before and not counted.
#include <malloc.h>

#include <sdc/risk/frequencies.hpp>
#include <sdc/risk/global_risk.hpp>
#include <sdc/risk/household_risk.hpp>
#include <sdc/risk/individual_risk.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "risk_data.hpp"

namespace {

std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};

void* counted_allocate(std::size_t size) {
  // The size is stored in front of the block so that operator delete can subtract it.
  void* block = std::malloc(size + 16);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  const std::size_t now = live_bytes.fetch_add(size) + size;
  std::size_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
  return static_cast<char*>(block) + 16;
}

void counted_free(void* pointer) noexcept {
  if (pointer == nullptr) return;
  void* block = static_cast<char*>(pointer) - 16;
  live_bytes.fetch_sub(*static_cast<std::size_t*>(block));
  std::free(block);
}

/// A field of /proc/self/status in kB (VmRSS, VmHWM).
long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.compare(0, field.size() + 1, field + ":") == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

struct measurement {
  double heap_mb;  // peak bytes held beyond those live before, MB
  double rss_mb;   // VmHWM minus VmRSS before, MB (negative: clear_refs unavailable)
  double hwm_mb;   // VmHWM: the whole process at its peak (inputs, code, libraries), MB
};

measurement measure(const std::function<void()>& task) {
  malloc_trim(0);
  { std::ofstream("/proc/self/clear_refs") << "5"; }  // resets VmHWM to the current RSS
  const long rss_before = status_kb("VmRSS");
  const std::size_t live_before = live_bytes.load();
  peak_bytes.store(live_before);
  task();
  const long hwm = status_kb("VmHWM");
  return {static_cast<double>(peak_bytes.load() - live_before) / 1e6,
          static_cast<double>(hwm - rss_before) / 1e3, static_cast<double>(hwm) / 1e3};
}

}  // namespace

void* operator new(std::size_t size) { return counted_allocate(size); }
void* operator new[](std::size_t size) { return counted_allocate(size); }
void operator delete(void* pointer) noexcept { counted_free(pointer); }
void operator delete[](void* pointer) noexcept { counted_free(pointer); }
void operator delete(void* pointer, std::size_t) noexcept { counted_free(pointer); }
void operator delete[](void* pointer, std::size_t) noexcept { counted_free(pointer); }

int main() {
  const auto data = risk_bench::make_data(1000000, 0.0, risk_bench::seed);
  const double key_mb = static_cast<double>(data.columns.size() * data.columns.front().size() *
                                            sizeof(std::int32_t)) / 1e6;
  struct row {
    const char* task;
    std::function<void()> run;
  };
  double sink = 0;
  const std::vector<row> rows{
      {"fk/Fk (weights), 1M records, 6 keys",
       [&] {
         const auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
         sink += f.Fk[0];
       }},
      {"fk/Fk + individual + global risk, 1M",
       [&] {
         const auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
         const auto risk = sdc::compute_individual_risk(f);
         sink += sdc::compute_global_risk(risk).expected_reidentifications;
       }},
      {"same + household risk, 1M",
       [&] {
         const auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
         const auto risk = sdc::compute_individual_risk(f);
         sink += sdc::compute_global_risk(risk).expected_reidentifications;
         sink += sdc::compute_household_risk(risk, data.household_view).expected_reidentifications;
       }},
  };
  std::printf("key columns: %zu x %zu records x 4 bytes = %.1f MB\n\n", data.columns.size(),
              data.columns.front().size(), key_mb);
  std::printf("| task | peak heap (MB) | / key columns | peak RSS growth (MB) | / key columns "
              "| process peak RSS (MB) |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const auto& r : rows) {
    const measurement m = measure(r.run);
    std::printf("| %s | %.1f | %.2fx | %.1f | %.2fx | %.1f |\n", r.task, m.heap_mb,
                m.heap_mb / key_mb, m.rss_mb, m.rss_mb / key_mb, m.hwm_mb);
  }
  return sink == 12345.678 ? 1 : 0;  // keeps the results alive without printing them
}
