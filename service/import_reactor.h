// The reactor behind Registry.Import: reads entities one at a time, writes each with Store::ImportEntity
// (an exported id the database lacks is recreated exactly; else as UpsertEntity with expected_version 0), counts the outcomes, and answers with one summary when the client half-closes.
// A rejected entity is recorded (the first kMaxImportRejections in detail) and the import goes on.
#ifndef AKA_SERVICE_IMPORT_REACTOR_H_
#define AKA_SERVICE_IMPORT_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "aka/v1/registry.pb.h"
#include "storage/store.h"

namespace aka::service {

// Rejections listed in ImportResponse.rejections; further ones are only counted (registry.proto).
inline constexpr int kMaxImportRejections = 100;

// Created by RegistryService::Import for one call; deletes itself in OnDone. One read is in flight at a time;
// the next read starts only after the previous entity's WriteBatch returned, so an entity counts as stored
// only once it is durable to the configured degree, and a slow store slows the client (back-pressure).
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
  // Parses and upserts one entity and counts the outcome; only store failures that are not about the entity
  // (INTERNAL, UNAVAILABLE, ...) are returned, and they end the import. A message that does not parse (e.g. a
  // name that is not UTF-8) is one rejected entity.
  absl::Status ImportOne(const grpc::ByteBuffer& request_bytes);
  void Reject(absl::string_view canonical_name, absl::string_view reason);
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

  absl::Mutex mu_;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_IMPORT_REACTOR_H_
