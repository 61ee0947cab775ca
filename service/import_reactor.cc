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
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
  }
  if (ok) {
    Gather(request_);
    ++index_;
  }
  // The writes run on the callback thread: one synchronous RocksDB WriteBatch per batch. The next read starts
  // only after a full batch was written.
  if (!ok || batch_.size() >= kImportBatchEntities || batch_bytes_ >= kImportBatchBytes) {
    absl::Status status = WriteBatch();
    if (!status.ok()) {
      FinishOnce(ToGrpcStatus(status));
      return;
    }
  }
  if (!ok) {
    // The client half-closed: every entity it sent has been handled, so the summary is complete.
    FinishOnce(ToGrpcStatus(SerializeMessage(summary_, response_bytes_)));
    return;
  }
  StartRead(&request_);
}

void ImportReactor::Gather(const grpc::ByteBuffer& request_bytes) {
  aka::v1::ImportRequest request;
  absl::Status parsed = ParseMessage(request_bytes, "request", &request);
  if (!parsed.ok()) {
    Reject(index_, "", parsed.message());
    return;
  }
  const std::string& name = request.entity().canonical_name();
  if (!request.has_entity()) {
    Reject(index_, name, "entity: is missing");
    return;
  }
  absl::Status valid = ValidateEntityForUpsert(request.entity(), "entity.");
  if (!valid.ok()) {
    Reject(index_, name, valid.message());
    return;
  }
  batch_bytes_ += request_bytes.Length();
  batch_.push_back(Pending{index_, name});
  batch_entities_.push_back(std::move(*request.mutable_entity()));
}

absl::Status ImportReactor::WriteBatch() {
  const std::vector<Pending> batch = std::move(batch_);
  // Kept for a refused batch (ImportEntities takes its own copy).
  std::vector<aka::v1::Entity> entities = std::move(batch_entities_);
  batch_.clear();
  batch_entities_.clear();
  batch_bytes_ = 0;
  if (batch.empty()) return absl::OkStatus();
  // An exported entity keeps its id, version, times and provenance in a database that lacks it
  // (Store::ImportEntity), so export -> import -> export gives the same bytes.
  absl::StatusOr<std::vector<storage::WriteResult>> written =
      store_->ImportEntities(entities, storage::ChangeContext{who_, ""});
  if (written.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) Count(batch[i], (*written)[i]);
    return absl::OkStatus();
  }
  // Nothing of the batch was written. One at a time, only the entities the store refuses are rejected, and a
  // failure that is not about an entity stops the import at the entity that met it.
  for (size_t i = 0; i < batch.size(); ++i) RETURN_IF_ERROR(WriteOne(batch[i], std::move(entities[i])));
  return absl::OkStatus();
}

absl::Status ImportReactor::WriteOne(const Pending& pending, aka::v1::Entity entity) {
  absl::StatusOr<storage::WriteResult> written = store_->ImportEntity(std::move(entity), storage::ChangeContext{who_, ""});
  if (!written.ok()) {
    if (!IsEntityRejection(written.status())) {
      return absl::Status(written.status().code(), absl::StrCat("import stopped at entity ", pending.index, " (\"",
                                                                pending.canonical_name, "\"): ",
                                                                written.status().message()));
    }
    Reject(pending.index, pending.canonical_name, written.status().message());
    return absl::OkStatus();
  }
  Count(pending, *written);
  return absl::OkStatus();
}

void ImportReactor::Count(const Pending& pending, const storage::WriteResult& written) {
  if (!written.redirected_from.empty()) {
    summary_.set_redirected(summary_.redirected() + 1);
    if (summary_.redirects_size() < kMaxImportRejections) {
      aka::v1::ImportRedirect* redirect = summary_.add_redirects();
      redirect->set_index(pending.index);
      redirect->set_canonical_name(pending.canonical_name);
      redirect->set_merged_id(written.redirected_from);
      redirect->set_target_id(written.entity.id());
    }
  }
  if (written.created) {
    summary_.set_created(summary_.created() + 1);
  } else if (written.unchanged) {
    summary_.set_unchanged(summary_.unchanged() + 1);
  } else {
    summary_.set_updated(summary_.updated() + 1);
  }
}

void ImportReactor::Reject(int64_t index, absl::string_view canonical_name, absl::string_view reason) {
  summary_.set_rejected(summary_.rejected() + 1);
  if (summary_.rejections_size() >= kMaxImportRejections) return;
  aka::v1::ImportRejection* rejection = summary_.add_rejections();
  rejection->set_index(index);
  rejection->set_canonical_name(std::string(canonical_name));
  rejection->set_reason(std::string(reason));
}

void ImportReactor::OnCancel() {
  // Batches already written stay stored: each was its own atomic write. The batch being gathered is dropped.
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
