#include "service/import_reactor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/proto_wire.h"
#include "service/registry_service.h"
#include "service/status_conversion.h"

namespace aka::service {

ImportReactor::ImportReactor(storage::Store* store, std::string who, grpc::ByteBuffer* response_bytes)
    : store_(store), who_(std::move(who)), response_bytes_(response_bytes) {
  StartRead(&request_);
}

void ImportReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed: every entity it sent has been handled, so the summary is complete.
    FinishOnce(ToGrpcStatus(SerializeMessage(summary_, response_bytes_)));
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
  }
  // The upsert runs on the callback thread: one synchronous RocksDB WriteBatch per entity, acceptable for
  // this issue (see registry_service.cc). The read of the next entity starts only after it returned.
  absl::Status status = ImportOne(request_);
  ++index_;
  if (!status.ok()) {
    FinishOnce(ToGrpcStatus(status));
    return;
  }
  StartRead(&request_);
}

absl::Status ImportReactor::ImportOne(const grpc::ByteBuffer& request_bytes) {
  aka::v1::ImportRequest request;
  absl::Status parsed = ParseMessage(request_bytes, "request", &request);
  if (!parsed.ok()) {
    Reject("", parsed.message());
    return absl::OkStatus();
  }
  const std::string& name = request.entity().canonical_name();
  if (!request.has_entity()) {
    Reject(name, "entity: is missing");
    return absl::OkStatus();
  }
  absl::Status valid = ValidateEntityForUpsert(request.entity(), "entity.");
  if (!valid.ok()) {
    Reject(name, valid.message());
    return absl::OkStatus();
  }
  // An exported entity keeps its id, version, times and provenance in a database that lacks it
  // (Store::ImportEntity), so export -> import -> export gives the same bytes.
  absl::StatusOr<storage::WriteResult> written = store_->ImportEntity(request.entity(), storage::ChangeContext{who_, ""});
  if (!written.ok()) {
    if (!IsEntityRejection(written.status())) {
      return absl::Status(written.status().code(), absl::StrCat("import stopped at entity ", index_, " (\"", name,
                                                                "\"): ", written.status().message()));
    }
    Reject(name, written.status().message());
    return absl::OkStatus();
  }
  if (!written->redirected_from.empty()) {
    summary_.set_redirected(summary_.redirected() + 1);
    if (summary_.redirects_size() < kMaxImportRejections) {
      aka::v1::ImportRedirect* redirect = summary_.add_redirects();
      redirect->set_index(index_);
      redirect->set_canonical_name(name);
      redirect->set_merged_id(written->redirected_from);
      redirect->set_target_id(written->entity.id());
    }
  }
  if (written->created) {
    summary_.set_created(summary_.created() + 1);
  } else if (written->unchanged) {
    summary_.set_unchanged(summary_.unchanged() + 1);
  } else {
    summary_.set_updated(summary_.updated() + 1);
  }
  return absl::OkStatus();
}

void ImportReactor::Reject(absl::string_view canonical_name, absl::string_view reason) {
  summary_.set_rejected(summary_.rejected() + 1);
  if (summary_.rejections_size() >= kMaxImportRejections) return;
  aka::v1::ImportRejection* rejection = summary_.add_rejections();
  rejection->set_index(index_);
  rejection->set_canonical_name(std::string(canonical_name));
  rejection->set_reason(std::string(reason));
}

void ImportReactor::OnCancel() {
  // Entities already upserted stay stored: each was its own atomic write.
  FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "import cancelled"));
}

void ImportReactor::OnDone() { delete this; }

void ImportReactor::FinishOnce(grpc::Status status) {
  {
    absl::MutexLock lock(&mu_);
    // gRPC requires exactly one Finish per call, even after cancellation; OnCancel may race a read.
    if (finished_) return;
    finished_ = true;
  }
  Finish(std::move(status));
}

}  // namespace aka::service
