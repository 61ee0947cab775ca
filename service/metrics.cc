// akad's Prometheus metrics; see metrics.h.
#include "service/metrics.h"

#include <prometheus/metric_family.h>

#include <exception>
#include <vector>

#include "absl/strings/str_cat.h"

namespace aka::service {
namespace {

// 0.25 ms .. ~16 s in factors of 2: a cached exact match takes well under a millisecond, a large stream
// seconds.
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  prometheus::Histogram::BucketBoundaries buckets;
  for (double bound = 0.00025; bound < 20; bound *= 2) buckets.push_back(bound);
  return buckets;
}

// Exposes the token processor's counters, which live in service/auth.h without any Prometheus dependency.
class AuthRejectionsCollectable : public prometheus::Collectable {
 public:
  explicit AuthRejectionsCollectable(const AuthRejections* rejections) : rejections_(rejections) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    prometheus::MetricFamily family;
    family.name = "aka_auth_rejections_total";
    family.help = "Calls refused by the token check before any handler ran";
    family.type = prometheus::MetricType::Counter;
    auto add = [&family](const char* code, int64_t value) {
      prometheus::ClientMetric metric;
      metric.label.push_back({"code", code});
      metric.counter.value = static_cast<double>(value);
      family.metric.push_back(std::move(metric));
    };
    add("UNAUTHENTICATED", rejections_->unauthenticated.load(std::memory_order_relaxed));
    add("PERMISSION_DENIED", rejections_->permission_denied.load(std::memory_order_relaxed));
    return {family};
  }

 private:
  const AuthRejections* rejections_;
};

// One unlabelled counter or gauge.
prometheus::MetricFamily SingleValueFamily(const char* name, const char* help, prometheus::MetricType type,
                                           double value) {
  prometheus::MetricFamily family{name, help, type, {}};
  prometheus::ClientMetric& metric = family.metric.emplace_back();
  (type == prometheus::MetricType::Counter ? metric.counter.value : metric.gauge.value) = value;
  return family;
}

// The worker pool's overload figures (worker_pool.h), read at each scrape.
class WorkerPoolCollectable : public prometheus::Collectable {
 public:
  explicit WorkerPoolCollectable(const WorkerPool* pool) : pool_(pool) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    return {SingleValueFamily("aka_worker_queue_rejections_total",
                              "Calls and stream items refused with RESOURCE_EXHAUSTED because the worker queue was full",
                              prometheus::MetricType::Counter, static_cast<double>(pool_->rejected())),
            SingleValueFamily("aka_worker_queue_depth", "Tasks waiting for a worker thread",
                              prometheus::MetricType::Gauge, static_cast<double>(pool_->queued()))};
  }

 private:
  const WorkerPool* pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Create(const std::string& listen,
                                                                     const AuthRejections* rejections) {
  std::unique_ptr<ServerMetrics> metrics(new ServerMetrics());
  metrics->registry_ = std::make_shared<prometheus::Registry>();
  prometheus::Registry& registry = *metrics->registry_;
  metrics->requests_ = &prometheus::BuildCounter()
                            .Name("aka_rpc_requests_total")
                            .Help("Finished RPCs by method and status code")
                            .Register(registry);
  metrics->latency_ = &prometheus::BuildHistogram()
                           .Name("aka_rpc_latency_seconds")
                           .Help("RPC latency by method and status code")
                           .Register(registry);
  metrics->outcomes_ = &prometheus::BuildCounter()
                            .Name("aka_resolve_outcomes_total")
                            .Help("Resolution answers by outcome, unary and streamed")
                            .Register(registry);
  metrics->active_streams_ = &prometheus::BuildGauge()
                                  .Name("aka_active_streams")
                                  .Help("Streaming calls in progress by method")
                                  .Register(registry);
  metrics->stream_backlog_ = &prometheus::BuildGauge()
                                  .Name("aka_stream_backlog")
                                  .Help("Names received on ResolveStream calls and not yet answered")
                                  .Register(registry)
                                  .Add({});
  if (rejections != nullptr) metrics->auth_collectable_ = std::make_shared<AuthRejectionsCollectable>(rejections);
  if (!listen.empty()) {
    try {
      // civetweb reports a bind failure by throwing; nothing else here throws.
      metrics->exposer_ = std::make_unique<prometheus::Exposer>(listen, /*num_threads=*/1);
    } catch (const std::exception& error) {
      return absl::UnavailableError(absl::StrCat("metrics_listen: cannot serve on ", listen, ": ", error.what()));
    }
    metrics->exposer_->RegisterCollectable(metrics->registry_);
    if (metrics->auth_collectable_ != nullptr) metrics->exposer_->RegisterCollectable(metrics->auth_collectable_);
    const std::vector<int> ports = metrics->exposer_->GetListeningPorts();
    metrics->port_ = ports.empty() ? 0 : ports.front();
  }
  return metrics;
}

void ServerMetrics::AddCollectable(std::shared_ptr<prometheus::Collectable> collectable) {
  if (exposer_ == nullptr) return;
  exposer_->RegisterCollectable(collectable);
  extra_collectables_.push_back(std::move(collectable));
}

void ServerMetrics::AddWorkerPool(const WorkerPool* pool) {
  AddCollectable(std::make_shared<WorkerPoolCollectable>(pool));
}

void ServerMetrics::RecordCall(absl::string_view method, absl::string_view code, double seconds) {
  const prometheus::Labels labels = {{"method", std::string(method)}, {"code", std::string(code)}};
  requests_->Add(labels).Increment();
  static const prometheus::Histogram::BucketBoundaries* const buckets =
      new prometheus::Histogram::BucketBoundaries(LatencyBuckets());
  latency_->Add(labels, *buckets).Observe(seconds);
}

void ServerMetrics::RecordOutcome(absl::string_view outcome) {
  outcomes_->Add({{"outcome", std::string(outcome)}}).Increment();
}

void ServerMetrics::AddActiveStream(absl::string_view method, int delta) {
  active_streams_->Add({{"method", std::string(method)}}).Increment(delta);
}

}  // namespace aka::service
