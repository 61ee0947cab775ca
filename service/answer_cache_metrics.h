// The server-wide answer cache's figures (answer_cache.h) as Prometheus metrics, read at each scrape:
//   aka_answer_cache_hits_total, aka_answer_cache_misses_total    counters: lookups answered / resolved
//   aka_answer_cache_bytes, aka_answer_cache_entries              gauges: what the cache holds now
//   aka_answer_cache_capacity_bytes                               gauge: --answer_cache_mb in bytes
#ifndef AKA_SERVICE_ANSWER_CACHE_METRICS_H_
#define AKA_SERVICE_ANSWER_CACHE_METRICS_H_

#include <prometheus/collectable.h>

#include <memory>

#include "service/answer_cache.h"

namespace aka::service {

// `cache` is not owned and must outlive every scrape (AkaServer destroys its metrics endpoint first).
std::shared_ptr<prometheus::Collectable> MakeAnswerCacheMetrics(const AnswerCache* cache);

}  // namespace aka::service

#endif  // AKA_SERVICE_ANSWER_CACHE_METRICS_H_
