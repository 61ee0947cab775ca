// The client side of the load and fault test; see load_workload.h.
#include "tests/load/load_workload.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"

namespace aka::load {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

}  // namespace

const char* OpName(Op op) {
  switch (op) {
    case Op::kResolve:
      return "Resolve";
    case Op::kStream:
      return "ResolveStream";
    case Op::kUpsert:
      return "UpsertEntity";
  }
  return "?";
}

void WorkerStats::MergeFrom(const WorkerStats& other) {
  for (int i = 0; i < kOpCount; ++i) {
    latency_us[i].insert(latency_us[i].end(), other.latency_us[i].begin(), other.latency_us[i].end());
  }
  names_streamed += other.names_streamed;
  for (const auto& [code, count] : other.unexpected_errors) unexpected_errors[code] += count;
  for (const auto& [code, count] : other.expected_errors) expected_errors[code] += count;
  acked_writes.insert(acked_writes.end(), other.acked_writes.begin(), other.acked_writes.end());
}

std::shared_ptr<grpc::Channel> MakeLoadChannel(const std::string& address, const std::string& tls_ca_pem) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  // One connection per worker, as separate client processes would have.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!tls_ca_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = tls_ca_pem;
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateCustomChannel(address, credentials, args);
}

LoadWorker::LoadWorker(WorkerOptions options, LoadControl* control)
    : options_(std::move(options)),
      control_(control),
      channel_(MakeLoadChannel(options_.address, options_.tls_ca_pem)),
      resolver_(aka::v1::Resolver::NewStub(channel_)),
      registry_(aka::v1::Registry::NewStub(channel_)),
      random_(0x5eed + options_.worker_index) {}

void LoadWorker::Run() {
  const OpMix& mix = options_.mix;
  const int total = mix.resolve + mix.stream + mix.upsert;
  std::uniform_int_distribution<int> pick(0, total - 1);
  while (std::chrono::steady_clock::now() < control_->end) {
    const int r = pick(random_);
    const Op op = r < mix.resolve ? Op::kResolve : r < mix.resolve + mix.stream ? Op::kStream : Op::kUpsert;
    const auto start = std::chrono::steady_clock::now();
    const int restarts_at_start = control_->restarts.load();
    grpc::Status status;
    switch (op) {
      case Op::kResolve:
        status = Resolve();
        break;
      case Op::kStream:
        status = Stream();
        break;
      case Op::kUpsert:
        status = Upsert();
        break;
    }
    Record(op, start, restarts_at_start, status);
    // While akad is down every call fails at once; pausing keeps the error counts about the outage, not
    // about how fast a loop can spin.
    if (!status.ok() && recovered_kills_ < control_->kills.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void LoadWorker::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() + options_.deadline);
  if (!options_.token.empty()) context->AddMetadata("authorization", "Bearer " + options_.token);
  context->AddMetadata("x-request-id", absl::StrCat("load-", options_.worker_index, "-", sequence_));
}

void LoadWorker::Record(Op op, std::chrono::steady_clock::time_point start, int restarts_at_start,
                        const grpc::Status& status) {
  if (status.ok()) {
    // Recovered from the last kill only by a call started once akad was back.
    recovered_kills_ = std::min(restarts_at_start, control_->kills.load());
    stats_.latency_us[static_cast<int>(op)].push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
    return;
  }
  const bool in_outage = NowNs() < control_->outage_until_ns.load() && recovered_kills_ < control_->kills.load();
  (in_outage ? stats_.expected_errors : stats_.unexpected_errors)[CodeName(status.error_code())]++;
}

const std::string& LoadWorker::RandomName() {
  std::uniform_int_distribution<size_t> pick(0, options_.names->size() - 1);
  return (*options_.names)[pick(random_)];
}

grpc::Status LoadWorker::Resolve() {
  grpc::ClientContext context;
  Prepare(&context);
  aka::v1::ResolveRequest request;
  request.set_name(RandomName());
  aka::v1::ResolveResponse response;
  return resolver_->Resolve(&context, request, &response);
}

grpc::Status LoadWorker::Stream() {
  grpc::ClientContext context;
  Prepare(&context);
  auto stream = resolver_->ResolveStream(&context);
  // Write everything, then read: the batch is small enough for the stream window, like a canonicalize
  // batch; a real batch client interleaves, which the stream tests cover.
  for (int i = 0; i < options_.stream_batch; ++i) {
    aka::v1::ResolveRequest request;
    request.set_request_id(absl::StrCat(i));
    request.set_name(RandomName());
    if (!stream->Write(request)) break;
  }
  stream->WritesDone();
  aka::v1::ResolveResponse response;
  int64_t answered = 0;
  while (stream->Read(&response)) {
    ++answered;
    if (response.has_error()) stats_.unexpected_errors["ITEM_ERROR"]++;
  }
  grpc::Status status = stream->Finish();
  if (status.ok()) {
    stats_.names_streamed += answered;
    if (answered != options_.stream_batch) stats_.unexpected_errors["STREAM_SHORT"]++;
  }
  return status;
}

grpc::Status LoadWorker::Upsert() {
  grpc::ClientContext context;
  Prepare(&context);
  const int64_t sequence = sequence_++;
  aka::v1::UpsertEntityRequest request;
  aka::v1::Entity* entity = request.mutable_entity();
  entity->set_type("organization");
  entity->set_canonical_name(absl::StrCat("Loadtest Org W", options_.worker_index, " N", sequence));
  (*entity->mutable_external_ids())["loadtest"] = absl::StrCat(options_.worker_index, "-", sequence);
  aka::v1::UpsertEntityResponse response;
  grpc::Status status = registry_->UpsertEntity(&context, request, &response);
  if (status.ok()) stats_.acked_writes.push_back({response.entity().id(), entity->canonical_name()});
  return status;
}

double PercentileMs(std::vector<int64_t>* values_us, double p) {
  if (values_us->empty()) return 0;
  const size_t index = std::min(values_us->size() - 1, static_cast<size_t>(std::floor(p * values_us->size())));
  std::nth_element(values_us->begin(), values_us->begin() + index, values_us->end());
  return (*values_us)[index] / 1000.0;
}

}  // namespace aka::load
