// The per-call observer for metrics and the access log; see metrics_interceptor.h.
#include "service/metrics_interceptor.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "service/auth.h"

namespace aka::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kResolve[] = "/aka.v1.Resolver/Resolve";
constexpr char kResolveStream[] = "/aka.v1.Resolver/ResolveStream";
// A request id longer than this is cut: it is echoed and logged, and the caller controls it.
constexpr size_t kMaxRequestIdBytes = 128;

const char* CodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {
      "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("%016x", random());
}

// Flattens a ByteBuffer (the services use raw ByteBuffer methods, so messages reach interceptors serialized).
std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return bytes;
}

// Reads one top-level field from serialized protobuf without a full parse: a varint field's value or a
// length-delimited field's bytes. Returns false if absent or the bytes are malformed.
bool ReadVarint(absl::string_view* in, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool FindField(absl::string_view message, uint32_t wanted, uint64_t* varint, absl::string_view* bytes) {
  while (!message.empty()) {
    uint64_t key = 0;
    if (!ReadVarint(&message, &key)) return false;
    const uint32_t field = static_cast<uint32_t>(key >> 3);
    const uint32_t type = key & 7;
    uint64_t value = 0;
    switch (type) {
      case 0:
        if (!ReadVarint(&message, &value)) return false;
        if (field == wanted) {
          *varint = value;
          return true;
        }
        break;
      case 1:
        if (message.size() < 8) return false;
        message.remove_prefix(8);
        break;
      case 2:
        if (!ReadVarint(&message, &value) || value > message.size()) return false;
        if (field == wanted) {
          *bytes = message.substr(0, value);
          return true;
        }
        message.remove_prefix(value);
        break;
      case 5:
        if (message.size() < 4) return false;
        message.remove_prefix(4);
        break;
      default:
        return false;
    }
  }
  return false;
}

class CallObserver : public grpc::experimental::Interceptor {
 public:
  CallObserver(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics, const CallLogger* logger)
      : info_(info),
        metrics_(metrics),
        logger_(logger),
        // Methods nobody registered are named by the caller: one label value for all of them keeps a
        // scanner from creating unbounded metric series.
        method_(RequiredAccess(info->method()).kind == MethodAccess::Kind::kDenied ? "unknown" : info->method()),
        is_resolve_(method_ == kResolve || method_ == kResolveStream),
        is_stream_(info->type() != grpc::experimental::ServerRpcInfo::Type::UNARY),
        start_(std::chrono::steady_clock::now()) {
    if (is_stream_ && metrics_ != nullptr) metrics_->AddActiveStream(method_, 1);
  }

  ~CallObserver() override {
    Finish(grpc::StatusCode::CANCELLED);  // no status was sent: the client went away or the call was cancelled
    if (is_stream_ && metrics_ != nullptr) metrics_->AddActiveStream(method_, -1);
    if (method_ == kResolveStream && metrics_ != nullptr) {
      // Whatever was never answered leaves the backlog with the call.
      metrics_->AddStreamBacklog(-(received_.load() - sent_.load()));
    }
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find("x-request-id");
      request_id_ = it != metadata->end() && !it->second.empty()
                        ? std::string(it->second.data(), std::min(it->second.size(), kMaxRequestIdBytes))
                        : NewRequestId();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("x-request-id", request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      ObserveRequest(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      ObserveResponse(methods->GetSerializedSendMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void ObserveRequest(void* message) {
    // A failed read (end of stream) also passes here with no message.
    if (message == nullptr) return;
    received_.fetch_add(1);
    if (method_ == kResolveStream && metrics_ != nullptr) metrics_->AddStreamBacklog(1);
    if (!is_resolve_ || logger_ == nullptr || !logger_->logs_names()) return;
    absl::MutexLock lock(&mu_);
    if (!first_name_.empty()) return;
    const std::string bytes = Flatten(*static_cast<const grpc::ByteBuffer*>(message));
    uint64_t unused = 0;
    absl::string_view name;
    if (FindField(bytes, /*ResolveRequest.name=*/2, &unused, &name)) first_name_ = std::string(name);
  }

  void ObserveResponse(const grpc::ByteBuffer* message) {
    sent_.fetch_add(1);
    if (!is_resolve_ || metrics_ == nullptr || message == nullptr) return;
    if (method_ == kResolveStream) metrics_->AddStreamBacklog(-1);
    const std::string bytes = Flatten(*message);
    uint64_t outcome = 0;
    absl::string_view error;
    if (FindField(bytes, /*ResolveResponse.error=*/4, &outcome, &error)) {
      metrics_->RecordOutcome("ERROR");
      return;
    }
    outcome = 0;
    FindField(bytes, /*ResolveResponse.outcome=*/2, &outcome, &error);
    metrics_->RecordOutcome(outcome == 1 ? "MATCHED" : outcome == 2 ? "AMBIGUOUS" : "NO_MATCH");
  }

  void Finish(grpc::StatusCode code) {
    if (finished_.exchange(true)) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const char* code_name = CodeName(code);
    if (metrics_ != nullptr) metrics_->RecordCall(method_, code_name, seconds);
    if (logger_ == nullptr) return;
    CallRecord record;
    record.request_id = request_id_;
    record.method = method_;
    record.code = code_name;
    record.latency_ms = seconds * 1000;
    record.peer = info_->server_context() != nullptr ? info_->server_context()->peer() : "";
    record.messages_received = received_.load();
    record.messages_sent = sent_.load();
    {
      absl::MutexLock lock(&mu_);
      record.name = first_name_;
    }
    logger_->Log(record);
  }

  grpc::experimental::ServerRpcInfo* info_;
  ServerMetrics* metrics_;
  const CallLogger* logger_;
  const std::string method_;
  const bool is_resolve_;
  const bool is_stream_;
  const std::chrono::steady_clock::time_point start_;
  // Written at POST_RECV_INITIAL_METADATA, before any message hook of the call runs.
  std::string request_id_;
  // Reads and writes of one stream may be intercepted on different threads at once.
  std::atomic<int64_t> received_{0};
  std::atomic<int64_t> sent_{0};
  std::atomic<bool> finished_{false};
  absl::Mutex mu_;
  std::string first_name_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

grpc::experimental::Interceptor* CallObserverFactory::CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) {
  return new CallObserver(info, metrics_, logger_);
}

}  // namespace aka::service
