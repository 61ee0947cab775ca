#include "service/answer_cache_metrics.h"

#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace aka::service {
namespace {

class AnswerCacheMetrics final : public prometheus::Collectable {
 public:
  explicit AnswerCacheMetrics(const AnswerCache* cache) : cache_(cache) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const AnswerCacheStats stats = cache_->stats();
    struct Figure {
      const char* name;
      const char* help;
      bool counter;
      uint64_t value;
    };
    const Figure figures[] = {
        {"aka_answer_cache_hits_total", "Resolve lookups answered from the answer cache", true, stats.hits},
        {"aka_answer_cache_misses_total", "Resolve lookups the answer cache could not answer (then resolved)",
         true, stats.misses},
        {"aka_answer_cache_bytes", "Bytes held by the answer cache, as counted against its capacity", false,
         stats.bytes},
        {"aka_answer_cache_entries", "Answers held by the answer cache", false, stats.entries},
        {"aka_answer_cache_capacity_bytes", "Capacity of the answer cache (--answer_cache_mb)", false,
         cache_->capacity_bytes()},
    };
    std::vector<prometheus::MetricFamily> families;
    for (const Figure& figure : figures) {
      prometheus::MetricFamily& family = families.emplace_back();
      family.name = figure.name;
      family.help = figure.help;
      family.type = figure.counter ? prometheus::MetricType::Counter : prometheus::MetricType::Gauge;
      prometheus::ClientMetric& metric = family.metric.emplace_back();
      (figure.counter ? metric.counter.value : metric.gauge.value) = static_cast<double>(figure.value);
    }
    return families;
  }

 private:
  const AnswerCache* cache_;
};

}  // namespace

std::shared_ptr<prometheus::Collectable> MakeAnswerCacheMetrics(const AnswerCache* cache) {
  return std::make_shared<AnswerCacheMetrics>(cache);
}

}  // namespace aka::service
