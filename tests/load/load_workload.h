// The client side of the load and fault test: one LoadWorker per simulated client, each on its own channel,
// looping over a weighted mix of Resolve, ResolveStream (a batch of names per stream) and UpsertEntity
// (each creating a new entity) until a deadline, timing every call and keeping the entities whose creation
// akad acknowledged, so that they can be checked after a crash. Errors are classified as expected when they
// fall inside an outage window the controller declares around a deliberate kill.
#ifndef AKA_TESTS_LOAD_LOAD_WORKLOAD_H_
#define AKA_TESTS_LOAD_LOAD_WORKLOAD_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"

namespace aka::load {

enum class Op { kResolve = 0, kStream = 1, kUpsert = 2 };
inline constexpr int kOpCount = 3;
const char* OpName(Op op);

struct OpMix {
  // Relative weights; at least one is positive.
  int resolve = 80;
  int stream = 15;
  int upsert = 5;
};

// Shared by the controller and every worker.
struct LoadControl {
  // Workers stop starting calls at this time.
  std::chrono::steady_clock::time_point end;
  // Errors of calls that end before this time (steady clock, ns since epoch) are expected: akad is down or
  // was just restarted. The controller sets it to "forever" when it kills akad and to a bound after the
  // restart once akad listens again.
  std::atomic<int64_t> outage_until_ns{0};
  // Counts kills. A worker also takes errors as expected from a kill until its own first success after it
  // (its channel may need a reconnect attempt or two), but never past outage_until_ns.
  std::atomic<int> kills{0};
  // Counts restarts, raised once akad listens again. Only a call started after the restart counts as that
  // first success: a call started before the kill may still succeed after kills was raised.
  std::atomic<int> restarts{0};
};

struct AckedWrite {
  std::string id;
  std::string canonical_name;
};

// What one worker saw. Merged by the controller after the workers join.
struct WorkerStats {
  std::vector<int64_t> latency_us[kOpCount];
  int64_t names_streamed = 0;
  // Keyed by gRPC status code name; "ITEM_ERROR" counts per-item errors inside streams.
  std::map<std::string, int64_t> unexpected_errors;
  std::map<std::string, int64_t> expected_errors;
  std::vector<AckedWrite> acked_writes;

  void MergeFrom(const WorkerStats& other);
};

struct WorkerOptions {
  int worker_index = 0;
  std::string address;
  OpMix mix;
  int stream_batch = 50;
  // Per-call deadline.
  std::chrono::milliseconds deadline{10000};
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
  // PEM CA certificate: TLS when not empty.
  std::string tls_ca_pem;
  const std::vector<std::string>* names = nullptr;
};

// A gRPC channel to `address` that reconnects quickly after the server comes back (the defaults back off
// for up to two minutes, which would turn a restart into a long outage in the figures).
std::shared_ptr<grpc::Channel> MakeLoadChannel(const std::string& address, const std::string& tls_ca_pem);

class LoadWorker {
 public:
  LoadWorker(WorkerOptions options, LoadControl* control);
  // Runs the mix until control->end. Call once, from the worker's own thread.
  void Run();
  const WorkerStats& stats() const { return stats_; }

 private:
  grpc::Status Resolve();
  grpc::Status Stream();
  grpc::Status Upsert();
  void Prepare(grpc::ClientContext* context) const;
  // `restarts_at_start`: LoadControl::restarts when the call started.
  void Record(Op op, std::chrono::steady_clock::time_point start, int restarts_at_start, const grpc::Status& status);
  const std::string& RandomName();

  WorkerOptions options_;
  LoadControl* control_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<aka::v1::Resolver::Stub> resolver_;
  std::unique_ptr<aka::v1::Registry::Stub> registry_;
  std::mt19937_64 random_;
  int64_t sequence_ = 0;
  // The number of kills this worker has seen a successful call after.
  int recovered_kills_ = 0;
  WorkerStats stats_;
};

// p in [0, 1] of `values` (sorted in place); 0 when empty.
double PercentileMs(std::vector<int64_t>* values_us, double p);

}  // namespace aka::load

#endif  // AKA_TESTS_LOAD_LOAD_WORKLOAD_H_
