// `aka import`: reads data sets with formats::ReadEntities and streams the entities into Registry.Import
// (for --format stix with formats::ReadStixBundle, plus the steps of client/cli/stix_import.h).
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "client/cli/stix_import.h"
#include "formats/entity_source.h"
#include "formats/stix_bundle_reader.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

using Json = nlohmann::ordered_json;

// How many reader skips the summary lists one by one; the count always covers all of them. (The server keeps
// the first 100 rejections; skips can be as many as the input has lines, so they are capped here as well.)
constexpr size_t kListedSkips = 100;
constexpr size_t kListedSkipsText = 10;

struct ReadResult {
  std::vector<v1::Entity> entities;
  std::vector<formats::SkippedRecord> skipped;
  size_t skipped_count = 0;
  // --format stix only: the bundle's revoked-by relationships and what else it held.
  std::vector<formats::StixRevocation> revocations;
  formats::StixBundleCounts stix_counts;
};

// --format stix: what became of the revoked-by merges (null for the other formats).
using Revocations = const RevocationOutcome*;

// "attack-pattern 1, identity 2": the bundle's objects that are not actors, by type.
std::string OtherObjectsText(const formats::StixBundleCounts& counts) {
  std::string text;
  for (const auto& [type, count] : counts.other_objects) {
    text += (text.empty() ? "" : ", ") + type + " " + std::to_string(count);
  }
  return text;
}

void PrintTextRevocations(const ReadResult& read, const RevocationOutcome& merges, std::ostream& out) {
  out << "merged:        " << merges.merged << " (revoked-by)\n";
  out << "already merged: " << merges.unchanged << "\n";
  out << "merge failures: " << merges.failures.size() << "\n";
  out << "other objects: " << OtherObjectsText(read.stix_counts) << "\n";
  for (const std::string& failure : merges.failures) out << "  " << failure << "\n";
}

void PrintTextSummary(const ReadResult& read, size_t file_count, const v1::ImportResponse& response,
                      Revocations merges, std::ostream& out) {
  out << "sent:          " << read.entities.size() << " entities from " << file_count
      << (file_count == 1 ? " input\n" : " inputs\n");
  out << "created:       " << response.created() << "\n";
  out << "updated:       " << response.updated() << "\n";
  out << "unchanged:     " << response.unchanged() << "\n";
  out << "rejected:      " << response.rejected() << "\n";
  out << "redirected:    " << response.redirected() << " (records of merged entities, applied to the target)\n";
  out << "reader skips:  " << read.skipped_count << "\n";
  if (merges != nullptr) PrintTextRevocations(read, *merges, out);
  if (!response.rejections().empty()) {
    out << "first rejections:\n";
    for (const v1::ImportRejection& rejection : response.rejections()) {
      out << "  #" << rejection.index() << " " << Quoted(rejection.canonical_name()) << ": " << rejection.reason()
          << "\n";
    }
  }
  if (!response.redirects().empty()) {
    out << "first redirects:\n";
    for (const v1::ImportRedirect& redirect : response.redirects()) {
      out << "  #" << redirect.index() << " " << Quoted(redirect.canonical_name()) << ": record of "
          << redirect.merged_id() << ", merged into " << redirect.target_id() << "\n";
    }
  }
  if (read.skipped_count > 0) {
    out << "first reader skips:\n";
    for (size_t i = 0; i < read.skipped.size() && i < kListedSkipsText; ++i) {
      out << "  " << read.skipped[i].where << ": " << read.skipped[i].reason << "\n";
    }
  }
}

void PrintJsonSummary(const ReadResult& read, const v1::ImportResponse& response, Revocations merges,
                      std::ostream& out) {
  Json rejections = Json::array();
  for (const v1::ImportRejection& rejection : response.rejections()) {
    rejections.push_back(Json{
        {"index", rejection.index()}, {"canonical_name", rejection.canonical_name()}, {"reason", rejection.reason()}});
  }
  Json redirects = Json::array();
  for (const v1::ImportRedirect& redirect : response.redirects()) {
    redirects.push_back(Json{{"index", redirect.index()},
                             {"canonical_name", redirect.canonical_name()},
                             {"merged_id", redirect.merged_id()},
                             {"target_id", redirect.target_id()}});
  }
  Json skipped = Json::array();
  for (const formats::SkippedRecord& record : read.skipped) {
    skipped.push_back(Json{{"where", record.where}, {"reason", record.reason}});
  }
  Json json{{"sent", read.entities.size()},       {"created", response.created()},
            {"updated", response.updated()},      {"unchanged", response.unchanged()},
            {"rejected", response.rejected()},    {"rejections", std::move(rejections)},
            {"redirected", response.redirected()}, {"redirects", std::move(redirects)},
            {"reader_skips", read.skipped_count}, {"skipped", std::move(skipped)}};
  if (merges != nullptr) {
    json["merged"] = merges->merged;
    json["already_merged"] = merges->unchanged;
    json["merge_failures"] = merges->failures;
    json["other_objects"] = read.stix_counts.other_objects;
  }
  out << json.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace

int RunImport(const ImportArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  absl::StatusOr<formats::Format> format = formats::ParseFormat(args.format);
  if (!format.ok()) {
    err << "aka: import: --format: " << format.status().message() << "\n";
    return kExitUsage;
  }

  // Everything is read before the stream opens: Import commits what it receives, so reading while streaming
  // would leave half a data set stored when a later file turns out to be missing or malformed.
  ReadResult read;
  for (const std::string& path : args.paths) {
    const formats::EntitySink sink = [&read](v1::Entity entity) {
      read.entities.push_back(std::move(entity));
      return absl::OkStatus();
    };
    const formats::SkipSink skip = [&read](const formats::SkippedRecord& record) {
      ++read.skipped_count;
      if (read.skipped.size() < kListedSkips) read.skipped.push_back(record);
    };
    absl::Status status =
        *format == formats::Format::kStix
            ? formats::ReadStixBundle(
                  path, sink, skip,
                  [&read](const formats::StixRevocation& revocation) { read.revocations.push_back(revocation); },
                  &read.stix_counts)
            : formats::ReadEntities(*format, path, sink, skip);
    if (!status.ok()) {
      PrintError(err, "import " + Quoted(path), status);
      return kExitLocalError;
    }
  }

  // STIX: entities shared with stored actors are sent with what is stored, and revoked actors already merged
  // are left out (client/cli/stix_import.h).
  std::optional<RevocationOutcome> merges;
  if (*format == formats::Format::kStix) {
    merges.emplace();
    absl::Status prepared = PrepareStixImport(client, &read.entities, &read.revocations, &*merges);
    if (!prepared.ok()) {
      PrintError(err, "import: comparing with the stored actors", prepared);
      return kExitRpcError;
    }
  }

  size_t next_index = 0;
  absl::StatusOr<v1::ImportResponse> response = client.Import([&](v1::Entity* entity) {
    if (next_index == read.entities.size()) return false;
    // Moved out: the vector's copy is not needed again, and entities can be large.
    *entity = std::move(read.entities[next_index++]);
    return true;
  });
  if (!response.ok()) {
    PrintError(err, "import", response.status());
    return kExitRpcError;
  }

  const absl::Status merged =
      merges.has_value() ? ApplyStixRevocations(client, read.revocations, &*merges) : absl::OkStatus();
  const Revocations merge_outcome = merges.has_value() ? &*merges : nullptr;
  if (args.json) {
    PrintJsonSummary(read, *response, merge_outcome, out);
  } else {
    PrintTextSummary(read, args.paths.size(), *response, merge_outcome, out);
  }
  out.flush();
  if (!merged.ok()) {
    // The entities are stored (the summary says how); the merges from the failing call on are missing, and
    // importing the bundle again applies them.
    PrintError(err, "import: revoked-by merges", merged);
    return kExitRpcError;
  }
  // Reader skips are the input's own gaps (OFAC's alt.csv names delisted entries, for one) and are reported
  // above; only entities the server refused make the import "negative".
  const bool merges_failed = merges.has_value() && !merges->failures.empty();
  return response->rejected() == 0 && !merges_failed ? kExitOk : kExitNegative;
}

}  // namespace aka::cli
