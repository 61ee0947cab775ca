// Cost of the name features per call: AnalyzeName (normalization included) and CompareNames, the two calls
// the resolver makes per query and per candidate. Run: name_features_benchmark [--benchmark_filter=...]
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/fuzzy_keys.h"
#include "core/name_features.h"

namespace aka::core {
namespace {

const Normalizer& SharedNormalizer() {
  static const Normalizer* const normalizer = std::move(Normalizer::Create()).value().release();
  return *normalizer;
}

const std::vector<std::string>& Names() {
  static const auto* const names = new std::vector<std::string>{
      "APT31", "Advanced Persistent Threat Group 31", "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED",
      "ZHAO, Guangzong", "赵光宗", "ООО Ромашка", "LIMITED LIABILITY COMPANY SBERBANK CAPITAL", "Storm-0558"};
  return *names;
}

void BM_AnalyzeName(benchmark::State& state) {
  const Normalizer& normalizer = SharedNormalizer();
  const std::string& name = Names()[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(AnalyzeName(normalizer, name));
  state.SetLabel(name);
}
BENCHMARK(BM_AnalyzeName)->DenseRange(0, 7);

TokenStatistics& SharedStatistics() {
  static TokenStatistics* const stats = [] {
    auto* s = new TokenStatistics();
    for (int i = 0; i < 10000; ++i) s->AddName({"trading", "company", "name" + std::to_string(i)});
    return s;
  }();
  return *stats;
}

void BM_CompareNames(benchmark::State& state) {
  const Normalizer& normalizer = SharedNormalizer();
  static const std::vector<std::pair<const char*, const char*>> pairs = {
      {"APT 31", "APT31"},
      {"Wuhan Xiaoruzhi Science and Technology Company Ltd.", "WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED"},
      {"Guangzong Zhao", "ZHAO, Guangzong"},
      {"BELLETECH CORP", "11420 CORP."},
  };
  const auto& [q, c] = pairs[state.range(0)];
  const NameAnalysis query = AnalyzeName(normalizer, q);
  const NameAnalysis candidate = AnalyzeName(normalizer, c);
  const TokenStatistics* stats = state.range(1) ? &SharedStatistics() : nullptr;
  for (auto _ : state) benchmark::DoNotOptimize(CompareNames(query, candidate, stats));
  state.SetLabel(std::string(q) + (stats ? " (statistics)" : ""));
}
BENCHMARK(BM_CompareNames)->ArgsProduct({{0, 1, 2, 3}, {0, 1}});

void BM_FuzzyKeysForName(benchmark::State& state) {
  const NormalizedName name = SharedNormalizer().Normalize("WUHAN XIAORUIZHI SCIENCE AND TECHNOLOGY COMPANY, LIMITED");
  for (auto _ : state) benchmark::DoNotOptimize(FuzzyKeysForName(name));
}
BENCHMARK(BM_FuzzyKeysForName);

}  // namespace
}  // namespace aka::core
