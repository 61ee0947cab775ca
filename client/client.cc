// aka::Client over one gRPC channel. Retries of idempotent reads are left to gRPC's service-config retry
// policy (so backoff, jitter and retry throttling behave like every other gRPC client), never hand-rolled.
#include "client/client.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
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

class ClientImpl final : public Client {
 public:
  ClientImpl(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : options_(options),
        resolver_(v1::Resolver::NewStub(channel)),
        registry_(v1::Registry::NewStub(channel)),
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

  absl::StatusOr<v1::ListEntitiesResponse> ListEntities(const v1::ListEntitiesRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::ListEntitiesResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(registry_->ListEntities(&context, request, &response)));
    return response;
  }

  absl::StatusOr<v1::UpsertEntityResponse> UpsertEntity(const v1::UpsertEntityRequest& request) override {
    grpc::ClientContext context;
    SetDeadline(context, options_.timeout);
    v1::UpsertEntityResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(registry_->UpsertEntity(&context, request, &response)));
    return response;
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
  static void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
    context.set_deadline(std::chrono::system_clock::now() + timeout);
  }

  const ClientOptions options_;
  // Stubs are thread-safe and share the one channel (and its connections).
  const std::unique_ptr<v1::Resolver::Stub> resolver_;
  const std::unique_ptr<v1::Registry::Stub> registry_;
  const std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Client>> Client::Create(const ClientOptions& options) {
  if (options.target.empty()) return absl::InvalidArgumentError("ClientOptions.target: is empty");
  if (options.timeout.count() <= 0 || options.stream_timeout.count() <= 0) {
    return absl::InvalidArgumentError("ClientOptions: timeout and stream_timeout must be positive");
  }
  if (options.max_read_attempts < 1) {
    return absl::InvalidArgumentError("ClientOptions.max_read_attempts: must be at least 1");
  }
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetServiceConfigJSON(ReadRetryServiceConfig(options.max_read_attempts));
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(options.target, grpc::InsecureChannelCredentials(), args);
  return std::unique_ptr<Client>(new ClientImpl(options, std::move(channel)));
}

}  // namespace aka
