#include "service/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdio>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "formats/default_data.h"
#include "service/admin_service.h"
#include "service/answer_cache.h"
#include "service/answer_cache_metrics.h"
#include "service/metrics_interceptor.h"
#include "service/store_metrics.h"
#include "service/registry_service.h"
#include "service/resolver_service.h"
#include "storage/backup.h"

namespace aka::service {
namespace {

// The names health reports on: "" is the whole server (what `aka health` and load balancers ask by default).
constexpr const char* kHealthServices[] = {"", "aka.v1.Resolver", "aka.v1.Registry"};

// Upserts every entity of the bundled data set, as an Import of it would. Counts go to stderr: this runs
// once per database, at first start, and an operator wants to see what was loaded.
absl::Status LoadDefaultData(const std::string& data_dir, storage::Store* store) {
  if (data_dir.empty()) {
    return absl::InvalidArgumentError("data_dir: is empty; pass --data_dir or --no-default-data");
  }
  int64_t created = 0, updated = 0, unchanged = 0, rejected = 0, skipped = 0;
  auto sink = [&](aka::v1::Entity entity) -> absl::Status {
    const std::string name = entity.canonical_name();
    auto reject = [&](const absl::Status& why) {
      ++rejected;
      std::fprintf(stderr, "akad: default data: rejected \"%s\": %s\n", name.c_str(),
                   std::string(why.message()).c_str());
      return absl::OkStatus();
    };
    absl::Status valid = ValidateEntityForUpsert(entity, "entity.");
    if (!valid.ok()) return reject(valid);
    absl::StatusOr<storage::WriteResult> written = store->UpsertEntity(std::move(entity), 0);
    if (!written.ok()) {
      if (!IsEntityRejection(written.status())) return written.status();
      return reject(written.status());
    }
    if (written->created) {
      ++created;
    } else if (written->unchanged) {
      ++unchanged;
    } else {
      ++updated;
    }
    return absl::OkStatus();
  };
  auto skip = [&](const formats::SkippedRecord& record) { ++skipped; };
  std::fprintf(stderr, "akad: new database: loading default data from %s\n", data_dir.c_str());
  absl::Status read = formats::ReadDefaultData(data_dir, sink, skip);
  if (!read.ok()) {
    return absl::Status(read.code(), absl::StrCat("loading default data from ", data_dir, ": ", read.message(),
                                                  " (start with --no-default-data to skip it)"));
  }
  std::fprintf(stderr,
               "akad: default data loaded: %lld created, %lld updated, %lld unchanged, %lld rejected, "
               "%lld records skipped\n",
               static_cast<long long>(created), static_cast<long long>(updated),
               static_cast<long long>(unchanged), static_cast<long long>(rejected),
               static_cast<long long>(skipped));
  return absl::OkStatus();
}

// "127.0.0.1:0" + 43117 -> "127.0.0.1:43117"; "[::]:50051" keeps its brackets; unix sockets have no port.
std::string BoundAddress(const std::string& listen, int port) {
  if (absl::StartsWith(listen, "unix:")) return listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return absl::StrCat(listen, ":", port);
  return absl::StrCat(listen.substr(0, colon), ":", port);
}

}  // namespace

AkaServer::AkaServer() = default;

AkaServer::~AkaServer() { Shutdown(std::chrono::system_clock::now()); }

absl::StatusOr<std::unique_ptr<AkaServer>> AkaServer::Start(const ServerOptions& options) {
  if (options.listen.empty()) return absl::InvalidArgumentError("listen: is empty");
  if (options.db_path.empty()) return absl::InvalidArgumentError("db: is empty");
  if (options.shutdown_grace.count() < 0) return absl::InvalidArgumentError("shutdown_grace: is negative");
  if (options.max_message_bytes == 0 || options.max_message_bytes > (1u << 30)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_message_bytes: must be in 1..1073741824; got ", options.max_message_bytes));
  }
  std::unique_ptr<AkaServer> server(new AkaServer());
  // Before anything slow (opening the store, loading data): a misconfigured server should fail at once.
  ASSIGN_OR_RETURN(server->security_, BuildServerSecurity(options.security, options.listen));
  ASSIGN_OR_RETURN(server->metrics_, ServerMetrics::Create(options.metrics_listen, &server->security_->rejections));
  if (options.access_log) server->logger_ = std::make_unique<CallLogger>(options.log_level);

  ASSIGN_OR_RETURN(server->normalizer_, core::Normalizer::Create());

  storage::StoreOptions store_options;
  store_options.path = options.db_path;
  store_options.normalizer = server->normalizer_.get();
  store_options.sync_writes = options.sync_writes;
  // A restore staged by Admin.Restore replaces the database before it opens (docs/CURATION.md).
  ASSIGN_OR_RETURN(const std::optional<storage::BackupDescription> restored,
                   storage::ApplyStagedRestore(options.db_path));
  if (restored.has_value()) {
    std::fprintf(stderr, "akad: restored backup %u (change %lld) into %s\n", restored->backup_id,
                 static_cast<long long>(restored->last_sequence), options.db_path.c_str());
  }
  ASSIGN_OR_RETURN(server->store_, storage::Store::Open(store_options));
  server->metrics_->AddCollectable(MakeStoreMetrics(server->store_.get()));

  if (options.load_default_data) {
    ASSIGN_OR_RETURN(const bool is_new, server->store_->IsNew());
    if (is_new) RETURN_IF_ERROR(LoadDefaultData(options.data_dir, server->store_.get()));
  }

  ASSIGN_OR_RETURN(server->resolver_,
                   resolve::Resolver::Create(server->store_.get(), server->normalizer_.get(), options.resolver));
  WorkerPoolOptions worker_options;
  worker_options.threads = options.worker_threads;
  worker_options.max_queue = options.worker_queue;
  ASSIGN_OR_RETURN(server->workers_, WorkerPool::Create(worker_options));
  server->metrics_->AddWorkerPool(server->workers_.get());
  if (options.answer_cache_bytes > 0) {
    const storage::Store* store = server->store_.get();
    server->answer_cache_ = std::make_unique<AnswerCache>(
        options.answer_cache_bytes, [store] { return store->LastSequence(); });
    server->metrics_->AddCollectable(MakeAnswerCacheMetrics(server->answer_cache_.get()));
  }
  server->resolver_service_ = std::make_unique<ResolverService>(server->resolver_.get(), server->workers_.get(),
                                                                options.max_concurrent_streams,
                                                                server->answer_cache_.get());
  server->registry_service_ = std::make_unique<RegistryService>(server->store_.get(), server->workers_.get(),
                                                                server->security_->tokens.get());
  server->admin_service_ = std::make_unique<AdminService>(server->store_.get(), server->workers_.get(),
                                                          AdminOptions{options.backup_dir, options.db_path});

  // Both are process-wide switches that ServerBuilder reads when it is constructed, so they come first.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, server->security_->credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_message_bytes));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallObserverFactory>(server->metrics_.get(), server->logger_.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(server->resolver_service_.get());
  builder.RegisterService(server->registry_service_.get());
  builder.RegisterService(server->admin_service_.get());
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    // BuildAndStart reports why on gRPC's own log; the usual reason is a port already in use.
    server->grpc_server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " (address in use, or not a valid host:port)"));
  }
  server->shutdown_grace_ = options.shutdown_grace;
  server->address_ = BoundAddress(options.listen, server->port_);

  grpc::HealthCheckServiceInterface* health = server->grpc_server_->GetHealthCheckService();
  for (const char* service : kHealthServices) health->SetServingStatus(service, true);
  return server;
}

void AkaServer::Shutdown(std::chrono::system_clock::time_point deadline) {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (grpc_server_ != nullptr) {
    // NOT_SERVING first, so health checkers that still reach us stop routing here; then drain.
    grpc::HealthCheckServiceInterface* health = grpc_server_->GetHealthCheckService();
    if (health != nullptr) {
      for (const char* service : kHealthServices) health->SetServingStatus(service, false);
    }
    if (shutdown_grace_.count() > 0) absl::SleepFor(absl::FromChrono(shutdown_grace_));
    grpc_server_->Shutdown(deadline);
    grpc_server_->Wait();
  }
  // Every unary call has finished, but cancelled streams may still have items queued (they skip resolving):
  // run them out before the store they would touch closes.
  if (workers_ != nullptr) workers_->Shutdown();
  // Only after every call has finished: handlers use the Store without holding any other reference to it.
  if (store_ != nullptr) {
    absl::Status closed = store_->Close();
    if (!closed.ok()) {
      std::fprintf(stderr, "akad: closing the database: %s\n", closed.ToString().c_str());
    }
  }
}

absl::StatusOr<int64_t> AkaServer::CountEntities() const { return store_->CountEntities(); }

}  // namespace aka::service
