// aka::Client: the thin C++ client library. One channel reused for every call; each call has a deadline;
// idempotent reads (Resolve, GetEntity, ListEntities, health) are retried by gRPC's own service-config retry
// policy on UNAVAILABLE. Every call returns a StatusOr; gRPC status codes map 1:1 to absl codes.
// Batch jobs use ResolveAll (pipelined ResolveStream calls, results in input order) or, to keep one stream
// open across batches, BatchResolveStream (client/batch_resolve_stream.h) over OpenResolveStream.
#ifndef AKA_CLIENT_CLIENT_H_
#define AKA_CLIENT_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "aka/v1/admin.pb.h"
#include "aka/v1/registry.pb.h"
#include "aka/v1/resolver.pb.h"

namespace aka {

struct ClientOptions {
  // gRPC target, e.g. "127.0.0.1:50051" or "dns:///aka.internal:50051". Default: 127.0.0.1:50051.
  std::string target = "127.0.0.1:50051";
  // Deadline for unary calls. Default: 5 s.
  std::chrono::milliseconds timeout{5000};
  // Deadline for Import and other long streams. Default: 10 min.
  std::chrono::milliseconds stream_timeout{600000};
  // Attempts (first try included) for idempotent reads on UNAVAILABLE. Default: 4.
  int max_read_attempts = 4;
  // Connect with TLS. Implied by tls_ca_file. Default: false (plaintext, for a loopback akad).
  bool tls = false;
  // PEM CA bundle that signed akad's certificate. Empty with tls: the system's trusted roots.
  std::string tls_ca_file;
  // PEM client certificate and key, for an akad that requires them (--tls_client_ca). Both or neither.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Sent with every call as "authorization: Bearer <token>". Requires TLS: gRPC sends such credentials only
  // over a secure channel. Default: empty (no token).
  std::string token;
};

// The status of a serving check.
enum class HealthState { kServing, kNotServing, kUnknown };

// One open Resolver.ResolveStream call (gRPC's synchronous bidirectional stream underneath).
// Thread safety: one thread may write (Write, WritesDone) while another reads (Read, then Finish); Cancel may be
// called from any thread at any time. The destructor cancels a call that has not finished.
class ResolveStreamCall {
 public:
  virtual ~ResolveStreamCall() = default;
  // Sends one request; blocks while gRPC's flow control holds it back (that is how a server that stops reading
  // pushes back). false: the stream is broken (Finish says why).
  virtual bool Write(const v1::ResolveRequest& request) = 0;
  // Half-closes: no more requests. false: the stream is broken.
  virtual bool WritesDone() = 0;
  // Receives the next response; false once the server has ended the stream (then call Finish).
  virtual bool Read(v1::ResolveResponse* response) = 0;
  // The call's final status. REQUIRES: Read returned false. Call once.
  virtual absl::Status Finish() = 0;
  // Asks gRPC to abandon the call: the server's reactor sees the cancellation and stops; pending Write and
  // Read calls return false.
  virtual void Cancel() = 0;
};

// Options of Client::ResolveAll.
struct ResolveAllOptions {
  // Requests sent but not yet answered, per stream. Bounds memory on both ends and keeps the pipe full.
  // Default: 256.
  size_t window = 256;
  // ResolveStream calls run in parallel; names are dealt to them in chunks and the answers put back in input
  // order. Default: 1.
  int streams = 1;
  // Copied into every request (see ResolveRequest). Defaults: all types, the server's candidate count,
  // every candidate, no explanations.
  std::vector<std::string> types;
  int32_t max_candidates = 0;
  double min_score = 0;
  bool explain = false;
  // Resolve a name that repeats within the job only once and hand every occurrence the same answer. The
  // answers of all distinct names are kept until the job ends; turn this off for jobs with tens of millions
  // of distinct names. Default: true.
  bool deduplicate = true;
  // Deadline of the whole job. 0: ClientOptions::stream_timeout. Default: 0.
  std::chrono::milliseconds timeout{0};
};

// Receives the answer for the input name at `index` (0-based), in input order, on the thread that called
// ResolveAll. A name the server refused has `error` set (the job goes on). Return false to stop the job: its
// streams are cancelled and ResolveAll returns CANCELLED.
using ResolveResultCallback = std::function<bool(size_t index, const v1::ResolveResponse& response)>;
// Produces the next input name into *name; returns false when there are no more. Called on the thread that
// called ResolveAll, ahead of the answers by at most a bounded number of names.
using NameSource = std::function<bool(std::string* name)>;

// Thread-safe: calls may run concurrently from any thread.
class Client {
 public:
  // Creates the channel (connects lazily). INVALID_ARGUMENT for an empty target.
  static absl::StatusOr<std::unique_ptr<Client>> Create(const ClientOptions& options);
  virtual ~Client() = default;

  virtual absl::StatusOr<v1::ResolveResponse> Resolve(const v1::ResolveRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> GetEntity(const std::string& id) = 0;
  virtual absl::StatusOr<v1::ListEntitiesResponse> ListEntities(const v1::ListEntitiesRequest& request) = 0;
  virtual absl::StatusOr<v1::UpsertEntityResponse> UpsertEntity(const v1::UpsertEntityRequest& request) = 0;
  virtual absl::Status DeleteEntity(const v1::DeleteEntityRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> AddAlias(const v1::AddAliasRequest& request) = 0;
  virtual absl::StatusOr<v1::Entity> RemoveAlias(const v1::RemoveAliasRequest& request) = 0;

  // Streams entities from `next` (which returns false when there are no more) into Import and returns the
  // server's summary. `next` is called from the calling thread only.
  virtual absl::StatusOr<v1::ImportResponse> Import(const std::function<bool(v1::Entity*)>& next) = 0;

  // grpc.health.v1 Check for `service` ("" = the whole server).
  virtual absl::StatusOr<HealthState> Health(const std::string& service = "") = 0;

  // Opens a Resolver.ResolveStream call whose deadline is `timeout` from now (0: ClientOptions::stream_timeout).
  // The caller owns the call.
  virtual absl::StatusOr<std::unique_ptr<ResolveStreamCall>> OpenResolveStream(std::chrono::milliseconds timeout) = 0;

  // ---- curation (registry.proto; docs/CURATION.md) ----
  // Unary calls with ClientOptions::timeout.
  virtual absl::StatusOr<v1::MergeEntitiesResponse> MergeEntities(const v1::MergeEntitiesRequest& request) = 0;
  virtual absl::StatusOr<v1::SplitEntityResponse> SplitEntity(const v1::SplitEntityRequest& request) = 0;
  virtual absl::StatusOr<v1::UndoResponse> Undo(const v1::UndoRequest& request) = 0;
  virtual absl::StatusOr<v1::GetHistoryResponse> GetHistory(const v1::GetHistoryRequest& request) = 0;
  virtual absl::StatusOr<v1::AddNegativeResponse> AddNegative(const v1::AddNegativeRequest& request) = 0;
  virtual absl::StatusOr<v1::RemoveNegativeResponse> RemoveNegative(const v1::RemoveNegativeRequest& request) = 0;
  // GetEntity with the whole answer: response.redirected_from is the id asked for when it was merged into
  // response.entity.
  virtual absl::StatusOr<v1::GetEntityResponse> LookupEntity(const std::string& id) = 0;

  // ---- administration (admin.proto; docs/CURATION.md "Backup, restore, verify") ----
  // Unary calls with ClientOptions::stream_timeout: a backup or a verify of a large database takes minutes.
  virtual absl::StatusOr<v1::BackupResponse> Backup(const v1::BackupRequest& request) = 0;
  virtual absl::StatusOr<v1::ListBackupsResponse> ListBackups(const v1::ListBackupsRequest& request) = 0;
  virtual absl::StatusOr<v1::RestoreResponse> Restore(const v1::RestoreRequest& request) = 0;
  virtual absl::StatusOr<v1::VerifyResponse> Verify(const v1::VerifyRequest& request) = 0;

  // Streams the changes after request.after_sequence, in commit order, to `on_change` (on the calling
  // thread) until it returns false (then OK: the call is cancelled) or the call fails. `timeout` 0 means
  // no deadline: a watch is meant to run until its caller stops it. To resume after an error, call again
  // with after_sequence = the last sequence `on_change` saw.
  virtual absl::Status WatchChanges(const v1::WatchChangesRequest& request, std::chrono::milliseconds timeout,
                                    const std::function<bool(const v1::Change&)>& on_change) = 0;

  // Resolves every name with pipelined ResolveStream calls (options.streams of them, each with at most
  // options.window requests in flight) and hands each answer to `on_result` in input order. Memory stays
  // bounded whatever the input length (except the answers kept for de-duplication, see ResolveAllOptions).
  // Errors: INVALID_ARGUMENT for bad options; the stream's status when a call fails (names answered before
  // that were delivered); CANCELLED when `on_result` returned false; DEADLINE_EXCEEDED after options.timeout.
  // Implemented in resolve_all.cc over OpenResolveStream, so it works over any Client that implements that.
  absl::Status ResolveAll(const NameSource& next_name, const ResolveAllOptions& options,
                          const ResolveResultCallback& on_result);
  absl::Status ResolveAll(const std::vector<std::string>& names, const ResolveAllOptions& options,
                          const ResolveResultCallback& on_result);

 protected:
  Client() = default;
};

}  // namespace aka

#endif  // AKA_CLIENT_CLIENT_H_
