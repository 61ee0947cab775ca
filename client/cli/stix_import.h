// The steps `aka import --format stix` adds around the Import stream: entities the bundle shares with stored
// actors (same ATT&CK G id as a MISP cluster, or the same STIX id from an earlier import) are sent as the stored
// entity plus what the bundle adds, so that importing never drops another source's aliases; and each
// `revoked-by` becomes a MergeEntities call once the entities are stored. Re-importing the same bundle
// changes nothing: entities come back unchanged, and a revoked actor already merged into its target is
// neither created again nor merged twice.
//
// Done in the client (not the import reactor) because it is a policy of this one format built from existing
// Registry calls; the server's Import stays "upsert by external id" for every format.
#ifndef AKA_CLIENT_CLI_STIX_IMPORT_H_
#define AKA_CLIENT_CLI_STIX_IMPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "aka/v1/entity.pb.h"
#include "client/client.h"
#include "formats/stix_bundle_reader.h"

namespace aka::cli {

// The threat_actor entities stored when Load ran, found by external id. Not updated afterwards.
class StoredActors {
 public:
  // Pages through ListEntities(type "threat_actor"): one round trip per 1000 actors.
  static absl::StatusOr<StoredActors> Load(Client& client);

  // The stored entity holding one of `entity`'s external ids (key and value equal), or null when none does.
  // Null too, with *ambiguous set, when its ids are held by two different entities (the server then rejects
  // the entity, naming both).
  const v1::Entity* Find(const v1::Entity& entity, bool* ambiguous) const;

 private:
  std::vector<v1::Entity> entities_;
  std::map<std::pair<std::string, std::string>, size_t> by_external_id_;
};

// `stored` with what `incoming` adds: aliases whose names it lacks (incoming's canonical name too, as an alias
// with the provenance of incoming's aliases), and external ids and attributes whose keys it lacks. Stored
// values win: a curator's canonical name, another source's description or id stay. Keeps stored's id, so
// the Import replaces exactly that entity. Union of an entity with itself adds nothing.
v1::Entity UnionWithStored(const v1::Entity& stored, const v1::Entity& incoming);

// How the bundle's revoked-by relationships ended.
struct RevocationOutcome {
  int64_t merged = 0;
  // Already merged by an earlier import (or the two are one entity already).
  int64_t unchanged = 0;
  // "where: reason" for each revocation that could not be applied.
  std::vector<std::string> failures;
};

// Before the stream: combines the copies of an actor that several inputs share (same STIX id, as ATT&CK's
// enterprise and mobile bundles do) into one entity and their revocations into one (a source revoked by two
// different targets keeps the first and is a failure); replaces each entity that matches a stored actor by
// UnionWithStored; and removes the source of every revocation that an earlier import already merged into its
// target (found in the target's history: a MERGE whose source had the revoked STIX id), counting it unchanged
// and dropping it from `revocations`. RPC errors are returned; nothing has been written then.
absl::Status PrepareStixImport(Client& client, std::vector<v1::Entity>* entities,
                               std::vector<formats::StixRevocation>* revocations, RevocationOutcome* outcome);

// After the stream: merges each revocation's source into its target (both found again by their STIX ids),
// with the relationship in the merge's note. A revocation whose entities are missing (rejected by the server)
// or whose merge is refused is a failure; an RPC error other than the merge's own refusal is returned.
absl::Status ApplyStixRevocations(Client& client, const std::vector<formats::StixRevocation>& revocations,
                                  RevocationOutcome* outcome);

}  // namespace aka::cli

#endif  // AKA_CLIENT_CLI_STIX_IMPORT_H_
