// The reactor behind Registry.Import: reads entities one at a time and writes them in batches of up to
// kImportBatchEntities (or kImportBatchBytes) with Store::ImportEntities - one WriteBatch per batch; each entity
// as Store::ImportEntity would write it (an exported id the database lacks is recreated exactly; else as
// UpsertEntity with expected_version 0) - counts the outcomes, and answers with one summary when the client
// half-closes. A rejected entity is recorded (the first kMaxImportRejections in detail) and the import goes
// on: a batch the store refuses is written again one entity at a time, so only the bad entities are rejected.
#ifndef AKA_SERVICE_IMPORT_REACTOR_H_
#define AKA_SERVICE_IMPORT_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/registry.pb.h"
#include "storage/store.h"

namespace aka::service {

// Rejections listed in ImportResponse.rejections; further ones are only counted (registry.proto).
inline constexpr int kMaxImportRejections = 100;
// A batch is written when it holds this many entities or this many bytes of requests, whichever comes first:
// enough to amortize the per-write costs (docs/PERFORMANCE.md, "Import"), bounded in memory and in how long
// the write mutex is held (other writers wait for a batch; readers do not).
inline constexpr size_t kImportBatchEntities = 1000;
inline constexpr size_t kImportBatchBytes = size_t{8} << 20;

// Created by RegistryService::Import for one call; deletes itself in OnDone. One read is in flight at a time;
// a full batch is written before the next read starts, and the summary only after the last batch, so an
// entity counts as stored only once it is durable to the configured degree, and a slow store slows the client
// (back-pressure). A cancelled call stores the batches written before it, not the one being gathered.
class ImportReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  // Neither pointer is owned. `store` must outlive the call; `response_bytes` is the call's response
  // buffer, filled with the serialized ImportResponse when the client half-closes.
  // `who` (the caller's identity, may be empty) is recorded as the author of every change the import makes.
  ImportReactor(storage::Store* store, std::string who, grpc::ByteBuffer* response_bytes);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Where an entity waiting in the batch came from, for the summary.
  struct Pending {
    int64_t index = 0;  // 0-based position in the stream
    std::string canonical_name;
  };

  // Parses and checks one request; adds its entity to the batch, or counts it as rejected (a message that does
  // not parse, e.g. a name that is not UTF-8, or a bad entity).
  void Gather(const grpc::ByteBuffer& request_bytes);
  // Writes the batch in one Store::ImportEntities call and counts the outcomes; if the store refuses it, writes
  // the entities one at a time instead. Only store failures that are not about an entity (INTERNAL,
  // UNAVAILABLE, ...) are returned, and they end the import.
  absl::Status WriteBatch();
  // Store::ImportEntity for one entity of a refused batch, counting the outcome.
  absl::Status WriteOne(const Pending& pending, aka::v1::Entity entity);
  void Count(const Pending& pending, const storage::WriteResult& written);
  void Reject(int64_t index, absl::string_view canonical_name, absl::string_view reason);
  void FinishOnce(grpc::Status status);

  storage::Store* const store_;
  const std::string who_;
  grpc::ByteBuffer* const response_bytes_;
  // The summary so far; only touched from OnReadDone (never two at once) and, once, when finishing OK.
  aka::v1::ImportResponse summary_;
  // Target of the one read in flight; only touched between StartRead and its OnReadDone.
  grpc::ByteBuffer request_;
  // 0-based index of the entity in request_.
  int64_t index_ = 0;
  // Entities read and not written yet (batch_entities_[i] came from batch_[i]), and the bytes of their
  // requests; only touched from OnReadDone.
  std::vector<Pending> batch_;
  std::vector<aka::v1::Entity> batch_entities_;
  size_t batch_bytes_ = 0;

  absl::Mutex mu_;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_IMPORT_REACTOR_H_
