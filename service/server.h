// AkaServer: assembles akad from its parts — Normalizer, Store, default data, Resolver, both gRPC services,
// health and reflection — and takes them down in order. akad_main.cc fills ServerOptions from flags; tests
// start an AkaServer in-process on 127.0.0.1:0.
#ifndef AKA_SERVICE_SERVER_H_
#define AKA_SERVICE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/normalizer.h"
#include "resolve/resolver.h"
#include "service/auth_config.h"
#include "service/logging.h"
#include "service/metrics.h"
#include "service/worker_pool.h"
#include "storage/store.h"

namespace aka::service {

class AdminService;
class AnswerCache;
class RegistryService;
class ResolverService;

struct ServerOptions {
  // gRPC listen address, "host:port". Port 0 picks a free port (see AkaServer::port()).
  // Default: 127.0.0.1:50051.
  std::string listen = "127.0.0.1:50051";
  // RocksDB directory; created if missing. Default: ./aka-data.
  std::string db_path = "./aka-data";
  // The bundled default data set (formats/default_data.h). Read only when a new database is created and
  // load_default_data is set. Default: empty (then load_default_data must be false).
  std::string data_dir;
  // Load data_dir into a new database. Default: true.
  bool load_default_data = true;
  // Where Admin.Backup writes backups (storage/backup.h). Empty: the Admin backup RPCs answer
  // FAILED_PRECONDITION. A restore staged for db_path (Admin.Restore) is applied by Start before the database
  // opens, whatever this says. Default: empty.
  std::string backup_dir;
  // Largest request message accepted, in bytes. Default: 4 MiB (gRPC's own default, stated explicitly).
  size_t max_message_bytes = 4 << 20;
  // ResolveStream calls allowed at once; more are refused with RESOURCE_EXHAUSTED. 0: unbounded. Default: 256.
  int max_concurrent_streams = 256;
  // Threads resolving and running Registry store calls (service/worker_pool.h). 0: one per hardware thread.
  // Default: 0.
  int worker_threads = 0;
  // Calls (and ResolveStream items) waiting for a worker before more are refused with RESOURCE_EXHAUSTED.
  // 0: 4 x worker threads x 64. Default: 0.
  size_t worker_queue = 0;
  // Bytes of resolve answers kept server-wide for repeated questions (service/answer_cache.h; any committed
  // write invalidates them). 0: no cache. Default: 64 MiB.
  size_t answer_cache_bytes = size_t{64} << 20;
  // fsync the RocksDB WAL on every write. Default: false.
  bool sync_writes = false;
  // How long Shutdown keeps serving after it reported NOT_SERVING, so that load balancers and orchestrators
  // polling health see it and stop sending new calls before the listener closes. Default: 0 (tests, CLI use).
  std::chrono::milliseconds shutdown_grace{0};
  // Matching thresholds and limits. Default: ResolverOptions' defaults.
  resolve::ResolverOptions resolver;
  // TLS, mutual TLS, bearer tokens with roles, and the loopback-only rule for an unsecured server
  // (service/auth_config.h). Default: plaintext, no tokens, loopback only.
  SecurityOptions security;
  // Prometheus text endpoint, "host:port" (port 0 picks one; see AkaServer::metrics_port()). Default: empty,
  // no endpoint (metrics are still kept).
  std::string metrics_listen;
  // Access log verbosity (service/logging.h); request names only at kDebug. Default: kInfo.
  LogLevel log_level = LogLevel::kInfo;
  // Write the access log (JSON lines on stderr). Default: true (false: no lines, e.g. when embedded).
  bool access_log = true;
};

// Not copyable. Thread-safe: Shutdown may be called from any thread, more than once.
class AkaServer {
 public:
  // Builds everything and starts serving; on return health reports SERVING. Errors: the Store's (e.g. the
  // database is locked by another akad), NOT_FOUND/INVALID_ARGUMENT from reading default data,
  // UNAVAILABLE if the address cannot be bound. Progress and counts of a default-data load go to stderr.
  static absl::StatusOr<std::unique_ptr<AkaServer>> Start(const ServerOptions& options);

  // Shuts down (with an immediate deadline) if Shutdown was not called.
  ~AkaServer();

  AkaServer(const AkaServer&) = delete;
  AkaServer& operator=(const AkaServer&) = delete;

  // Sets health NOT_SERVING, keeps serving for options.shutdown_grace, stops accepting calls, lets calls in
  // flight finish until `deadline` (then cancels them), and closes the Store. Blocks until done. Later calls
  // do nothing.
  void Shutdown(std::chrono::system_clock::time_point deadline);

  // The port actually bound (the chosen one when options.listen ends in ":0").
  int port() const { return port_; }

  // options.listen with the bound port, e.g. "127.0.0.1:43117".
  const std::string& address() const { return address_; }

  // The port of the metrics endpoint; 0 without one.
  int metrics_port() const { return metrics_ != nullptr ? metrics_->port() : 0; }

  // Live entities in the Store. Fails after Shutdown.
  absl::StatusOr<int64_t> CountEntities() const;

 private:
  AkaServer();

  std::unique_ptr<core::Normalizer> normalizer_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<resolve::Resolver> resolver_;
  // After the store and resolver (its tasks use both), before the services: drained in Shutdown once the gRPC
  // server has stopped, before the store closes.
  std::unique_ptr<WorkerPool> workers_;
  // Null with answer_cache_bytes 0. Before the services that use it; reads the store's sequence.
  std::unique_ptr<AnswerCache> answer_cache_;
  std::unique_ptr<ResolverService> resolver_service_;
  std::unique_ptr<RegistryService> registry_service_;
  std::unique_ptr<AdminService> admin_service_;
  // Before grpc_server_: the token processor that gRPC holds reads its table until the server is gone.
  std::unique_ptr<ServerSecurity> security_;
  // Before grpc_server_ too: the call interceptors use both until the last call is gone.
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<CallLogger> logger_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::chrono::milliseconds shutdown_grace_{0};
  int port_ = 0;
  std::string address_;

  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_SERVER_H_
