// aka::Client over one gRPC channel. Retries of idempotent reads are left to gRPC's service-config retry
// policy (so backoff, jitter and retry throttling behave like every other gRPC client), never hand-rolled.
#include "client/client.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "aka/v1/admin.grpc.pb.h"
#include "aka/v1/registry.grpc.pb.h"
#include "aka/v1/resolver.grpc.pb.h"
#include "client/status_conversion.h"
#include "common/status_macros.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace aka {
namespace {

// The service config that makes the reads retryable. Only methods that never change state are listed:
// retrying a write whose response was lost could apply it twice.
std::string ReadRetryServiceConfig(int max_read_attempts) {
  // gRPC rejects a retryPolicy with maxAttempts < 2, and one attempt simply means "no retry policy".
  std::string retry_policy;
  if (max_read_attempts >= 2) {
    retry_policy = absl::StrCat(R"(,"retryPolicy":{"maxAttempts":)", max_read_attempts,
                                R"(,"initialBackoff":"0.1s","maxBackoff":"1s","backoffMultiplier":2,)",
                                R"("retryableStatusCodes":["UNAVAILABLE"]})");
  }
  return absl::StrCat(R"({"methodConfig":[{"name":[)", R"({"service":"aka.v1.Resolver","method":"Resolve"},)",
                      R"({"service":"aka.v1.Registry","method":"GetEntity"},)",
                      R"({"service":"aka.v1.Registry","method":"ListEntities"},)",
                      R"({"service":"grpc.health.v1.Health","method":"Check"}])", retry_policy, "}]}");
}

// ResolveStreamCall over gRPC's synchronous ClientReaderWriter, which already allows one writer thread and one
// reader thread at a time plus TryCancel from anywhere.
class GrpcResolveStreamCall final : public ResolveStreamCall {
 public:
  GrpcResolveStreamCall(v1::Resolver::Stub* stub, std::chrono::milliseconds timeout) {
    context_.set_deadline(std::chrono::system_clock::now() + timeout);
    stream_ = stub->ResolveStream(&context_);
  }

  ~GrpcResolveStreamCall() override {
    if (finished_) return;
    // gRPC wants every call finished; a cancelled call ends at once, so draining it cannot block.
    context_.TryCancel();
    v1::ResolveResponse ignored;
    while (stream_->Read(&ignored)) {
    }
    (void)stream_->Finish();
  }

  bool Write(const v1::ResolveRequest& request) override { return stream_->Write(request); }
  bool WritesDone() override { return stream_->WritesDone(); }
  bool Read(v1::ResolveResponse* response) override { return stream_->Read(response); }
  absl::Status Finish() override {
    finished_ = true;
    return FromGrpcStatus(stream_->Finish());
  }
  void Cancel() override { context_.TryCancel(); }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::ResolveRequest, v1::ResolveResponse>> stream_;
  // Written by the reader thread; read by the destructor, which runs after that thread is done.
  bool finished_ = false;
};

class ClientImpl final : public Client {
 public:
  ClientImpl(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : options_(options),
        resolver_(v1::Resolver::NewStub(channel)),
        registry_(v1::Registry::NewStub(channel)),
        admin_(v1::Admin::NewStub(channel)),
        health_(grpc::health::v1::Health::NewStub(channel)) {}

  absl::StatusOr<v1::ResolveResponse> Resolve(const v1::ResolveRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::ResolveResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(resolver_->Resolve(&context, request, &response)));
    return response;
  }

  absl::StatusOr<v1::Entity> GetEntity(const std::string& id) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::GetEntityRequest request;
    request.set_id(id);
    v1::GetEntityResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(registry_->GetEntity(&context, request, &response)));
    return std::move(*response.mutable_entity());
  }

  absl::StatusOr<v1::GetEntityResponse> LookupEntity(const std::string& id) override {
    v1::GetEntityRequest request;
    request.set_id(id);
    return CallRegistry(&v1::Registry::Stub::GetEntity, request);
  }

  absl::StatusOr<v1::BackupResponse> Backup(const v1::BackupRequest& request) override {
    return CallAdmin(&v1::Admin::Stub::Backup, request);
  }

  absl::StatusOr<v1::ListBackupsResponse> ListBackups(const v1::ListBackupsRequest& request) override {
    return CallAdmin(&v1::Admin::Stub::ListBackups, request);
  }

  absl::StatusOr<v1::RestoreResponse> Restore(const v1::RestoreRequest& request) override {
    return CallAdmin(&v1::Admin::Stub::Restore, request);
  }

  absl::StatusOr<v1::VerifyResponse> Verify(const v1::VerifyRequest& request) override {
    return CallAdmin(&v1::Admin::Stub::Verify, request);
  }

  absl::StatusOr<v1::ListEntitiesResponse> ListEntities(const v1::ListEntitiesRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::ListEntities, request);
  }

  absl::StatusOr<v1::UpsertEntityResponse> UpsertEntity(const v1::UpsertEntityRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::UpsertEntity, request);
  }

  absl::Status DeleteEntity(const v1::DeleteEntityRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::DeleteEntityResponse response;
    return FromGrpcStatus(registry_->DeleteEntity(&context, request, &response));
  }

  absl::StatusOr<v1::Entity> AddAlias(const v1::AddAliasRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::AddAliasResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(registry_->AddAlias(&context, request, &response)));
    return std::move(*response.mutable_entity());
  }

  absl::StatusOr<v1::Entity> RemoveAlias(const v1::RemoveAliasRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::RemoveAliasResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(registry_->RemoveAlias(&context, request, &response)));
    return std::move(*response.mutable_entity());
  }

  absl::StatusOr<v1::ImportResponse> Import(const std::function<bool(v1::Entity*)>& next) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.stream_timeout);
    v1::ImportResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::ImportRequest>> writer = registry_->Import(&context, &response);
    v1::ImportRequest request;
    while (true) {
      request.Clear();
      if (!next(request.mutable_entity())) break;
      // Write blocks while the server applies back-pressure. false means the stream is over (server error,
      // deadline, cancellation); Finish() then reports why, so there is nothing to decide here.
      if (!writer->Write(request)) break;
    }
    // WritesDone may fail on an already broken stream; Finish carries the status that explains it.
    writer->WritesDone();
    RETURN_IF_ERROR(FromGrpcStatus(writer->Finish()));
    return response;
  }

  absl::StatusOr<v1::MergeEntitiesResponse> MergeEntities(const v1::MergeEntitiesRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::MergeEntities, request);
  }

  absl::StatusOr<v1::SplitEntityResponse> SplitEntity(const v1::SplitEntityRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::SplitEntity, request);
  }

  absl::StatusOr<v1::UndoResponse> Undo(const v1::UndoRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::Undo, request);
  }

  absl::StatusOr<v1::GetHistoryResponse> GetHistory(const v1::GetHistoryRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::GetHistory, request);
  }

  absl::StatusOr<v1::AddNegativeResponse> AddNegative(const v1::AddNegativeRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::AddNegative, request);
  }

  absl::StatusOr<v1::RemoveNegativeResponse> RemoveNegative(const v1::RemoveNegativeRequest& request) override {
    return CallRegistry(&v1::Registry::Stub::RemoveNegative, request);
  }

  absl::Status WatchChanges(const v1::WatchChangesRequest& request, std::chrono::milliseconds timeout,
                            const std::function<bool(const v1::Change&)>& on_change) override {
    grpc::ClientContext context;
    if (timeout.count() > 0) SetDeadline(context, timeout);
    std::unique_ptr<grpc::ClientReader<v1::WatchChangesResponse>> reader = registry_->WatchChanges(&context, request);
    v1::WatchChangesResponse response;
    bool stopped = false;
    while (reader->Read(&response)) {
      if (!on_change(response.change())) {
        stopped = true;
        context.TryCancel();
        break;
      }
    }
    if (stopped) {
      while (reader->Read(&response)) {
      }  // Drains what was in flight before the cancellation took effect.
      reader->Finish().IgnoreError();  // CANCELLED, by us.
      return absl::OkStatus();
    }
    return FromGrpcStatus(reader->Finish());
  }

  absl::StatusOr<std::unique_ptr<ResolveStreamCall>> OpenResolveStream(std::chrono::milliseconds timeout) override {
    if (timeout.count() <= 0) timeout = options_.stream_timeout;
    return std::unique_ptr<ResolveStreamCall>(new GrpcResolveStreamCall(resolver_.get(), timeout));
  }

  absl::StatusOr<HealthState> Health(const std::string& service) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(health_->Check(&context, request, &response)));
    switch (response.status()) {
      case grpc::health::v1::HealthCheckResponse::SERVING:
        return HealthState::kServing;
      case grpc::health::v1::HealthCheckResponse::NOT_SERVING:
        return HealthState::kNotServing;
      default:
        // UNKNOWN, SERVICE_UNKNOWN (Watch only) and values from newer servers: not a promise to serve.
        return HealthState::kUnknown;
    }
  }

 private:
  // One unary Registry call with the unary deadline: the request goes out, the response or the status comes
  // back. Retries, where any, come from the channel's service config, which names only idempotent reads.
  template <typename Request, typename Response>
  absl::StatusOr<Response> CallRegistry(
      grpc::Status (v1::Registry::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request) {
    return CallUnary(*registry_, method, request, options_.timeout);
  }

  // The same for Admin, with the long deadline.
  template <typename Request, typename Response>
  absl::StatusOr<Response> CallAdmin(grpc::Status (v1::Admin::Stub::*method)(grpc::ClientContext*, const Request&,
                                                                          Response*),
                                     const Request& request) {
    return CallUnary(*admin_, method, request, options_.stream_timeout);
  }

  template <typename Stub, typename Request, typename Response>
  static absl::StatusOr<Response> CallUnary(Stub& stub,
                                            grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                                         Response*),
                                            const Request& request, std::chrono::milliseconds timeout) {
    grpc::ClientContext context;
    SetDeadline(context, timeout);
    Response response;
    RETURN_IF_ERROR(FromGrpcStatus((stub.*method)(&context, request, &response)));
    return response;
  }

  static void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
    context.set_deadline(std::chrono::system_clock::now() + timeout);
  }

  const ClientOptions options_;
  // Stubs are thread-safe and share the one channel (and its connections).
  const std::unique_ptr<v1::Resolver::Stub> resolver_;
  const std::unique_ptr<v1::Registry::Stub> registry_;
  const std::unique_ptr<v1::Admin::Stub> admin_;
  const std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace

namespace {

absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("ClientOptions.", option, ": cannot read ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Plaintext, or TLS with an optional CA and client certificate, plus the bearer token as call credentials
// (which gRPC attaches to every call on the channel, streams included).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(const ClientOptions& options) {
  const bool tls = options.tls || !options.tls_ca_file.empty();
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("ClientOptions: tls_cert_file and tls_key_file go together");
  }
  if (!tls && (!options.tls_cert_file.empty() || !options.token.empty())) {
    return absl::InvalidArgumentError(
        "ClientOptions: a client certificate or a token needs TLS (set tls or tls_ca_file)");
  }
  if (!tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!options.tls_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPemFile(options.tls_ca_file, "tls_ca_file"));
  }
  if (!options.tls_cert_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadPemFile(options.tls_cert_file, "tls_cert_file"));
    ASSIGN_OR_RETURN(ssl.pem_private_key, ReadPemFile(options.tls_key_file, "tls_key_file"));
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
  if (options.token.empty()) return credentials;
  return grpc::CompositeChannelCredentials(credentials, grpc::AccessTokenCredentials(options.token));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Client>> Client::Create(const ClientOptions& options) {
  if (options.target.empty()) return absl::InvalidArgumentError("ClientOptions.target: is empty");
  if (options.timeout.count() <= 0 || options.stream_timeout.count() <= 0) {
    return absl::InvalidArgumentError("ClientOptions: timeout and stream_timeout must be positive");
  }
  if (options.max_read_attempts < 1) {
    return absl::InvalidArgumentError("ClientOptions.max_read_attempts: must be at least 1");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> credentials, ChannelCredentialsFor(options));
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetServiceConfigJSON(ReadRetryServiceConfig(options.max_read_attempts));
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(options.target, credentials, args);
  return std::unique_ptr<Client>(new ClientImpl(options, std::move(channel)));
}

}  // namespace aka
