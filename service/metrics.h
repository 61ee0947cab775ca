// akad's Prometheus metrics, served as text on --metrics_listen (prometheus-cpp's pull Exposer, civetweb):
//   aka_rpc_requests_total{method,code}          finished calls
//   aka_rpc_latency_seconds{method,code}         call latency histogram (first byte in to status out)
//   aka_resolve_outcomes_total{outcome}          MATCHED / AMBIGUOUS / NO_MATCH / error items, unary and streamed
//   aka_stream_backlog                           names received on ResolveStream calls and not yet answered
//   aka_active_streams{method}                   streaming calls in progress
//   aka_auth_rejections_total{code}              calls refused by the token check before any handler ran
//   aka_worker_queue_rejections_total            calls and stream items refused RESOURCE_EXHAUSTED: worker queue full
//   aka_worker_queue_depth                       tasks waiting for a worker (worker_pool.h)
//   aka_rocksdb_*                                the store's engine figures (store_metrics.h)
// Call metrics are recorded by the call interceptor (metrics_interceptor.h), so every RPC is counted without
// the handlers knowing.
#ifndef AKA_SERVICE_METRICS_H_
#define AKA_SERVICE_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/auth.h"
#include "service/worker_pool.h"

namespace aka::service {

// Thread-safe: every method may be called from any gRPC thread.
class ServerMetrics {
 public:
  // Builds the metric families. With a non-empty `listen` ("127.0.0.1:9464"; port 0 picks one) also serves
  // them on http://listen/metrics; UNAVAILABLE if that address cannot be bound. `rejections` (may be null)
  // must outlive the metrics; it is read at each scrape.
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Create(const std::string& listen,
                                                               const AuthRejections* rejections);

  void RecordCall(absl::string_view method, absl::string_view code, double seconds);
  // `outcome`: "MATCHED", "AMBIGUOUS", "NO_MATCH" or "ERROR" (a per-item stream error).
  void RecordOutcome(absl::string_view outcome);
  void AddStreamBacklog(int64_t delta) { stream_backlog_->Increment(static_cast<double>(delta)); }
  void AddActiveStream(absl::string_view method, int delta);

  // Serves the pool's rejection count and queue depth, read at each scrape. `pool` is not owned and must
  // outlive the endpoint. A no-op without an endpoint.
  void AddWorkerPool(const WorkerPool* pool);

  // Serves `collectable` too (kept alive here). A no-op without an endpoint.
  void AddCollectable(std::shared_ptr<prometheus::Collectable> collectable);

  // The port the exposer bound, 0 without one.
  int port() const { return port_; }
  // The registry, for tests and for collectables others add (e.g. storage statistics).
  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  ServerMetrics() = default;

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_ = nullptr;
  prometheus::Family<prometheus::Histogram>* latency_ = nullptr;
  prometheus::Family<prometheus::Counter>* outcomes_ = nullptr;
  prometheus::Family<prometheus::Gauge>* active_streams_ = nullptr;
  prometheus::Gauge* stream_backlog_ = nullptr;
  std::shared_ptr<prometheus::Collectable> auth_collectable_;
  std::vector<std::shared_ptr<prometheus::Collectable>> extra_collectables_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_METRICS_H_
