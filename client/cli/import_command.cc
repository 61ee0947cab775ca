// `aka import`: reads data sets with formats::ReadEntities and streams the entities into Registry.Import.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "aka/v1/registry.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "formats/entity_source.h"
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
};

void PrintTextSummary(const ReadResult& read, size_t file_count, const v1::ImportResponse& response,
                      std::ostream& out) {
  out << "sent:          " << read.entities.size() << " entities from " << file_count
      << (file_count == 1 ? " input\n" : " inputs\n");
  out << "created:       " << response.created() << "\n";
  out << "updated:       " << response.updated() << "\n";
  out << "unchanged:     " << response.unchanged() << "\n";
  out << "rejected:      " << response.rejected() << "\n";
  out << "reader skips:  " << read.skipped_count << "\n";
  if (!response.rejections().empty()) {
    out << "first rejections:\n";
    for (const v1::ImportRejection& rejection : response.rejections()) {
      out << "  #" << rejection.index() << " " << Quoted(rejection.canonical_name()) << ": " << rejection.reason()
          << "\n";
    }
  }
  if (read.skipped_count > 0) {
    out << "first reader skips:\n";
    for (size_t i = 0; i < read.skipped.size() && i < kListedSkipsText; ++i) {
      out << "  " << read.skipped[i].where << ": " << read.skipped[i].reason << "\n";
    }
  }
}

void PrintJsonSummary(const ReadResult& read, const v1::ImportResponse& response, std::ostream& out) {
  Json rejections = Json::array();
  for (const v1::ImportRejection& rejection : response.rejections()) {
    rejections.push_back(Json{
        {"index", rejection.index()}, {"canonical_name", rejection.canonical_name()}, {"reason", rejection.reason()}});
  }
  Json skipped = Json::array();
  for (const formats::SkippedRecord& record : read.skipped) {
    skipped.push_back(Json{{"where", record.where}, {"reason", record.reason}});
  }
  Json json{{"sent", read.entities.size()},       {"created", response.created()},
            {"updated", response.updated()},      {"unchanged", response.unchanged()},
            {"rejected", response.rejected()},    {"rejections", std::move(rejections)},
            {"reader_skips", read.skipped_count}, {"skipped", std::move(skipped)}};
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
    absl::Status status = formats::ReadEntities(
        *format, path,
        [&read](v1::Entity entity) {
          read.entities.push_back(std::move(entity));
          return absl::OkStatus();
        },
        [&read](const formats::SkippedRecord& record) {
          ++read.skipped_count;
          if (read.skipped.size() < kListedSkips) read.skipped.push_back(record);
        });
    if (!status.ok()) {
      PrintError(err, "import " + Quoted(path), status);
      return kExitLocalError;
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

  if (args.json) {
    PrintJsonSummary(read, *response, out);
  } else {
    PrintTextSummary(read, args.paths.size(), *response, out);
  }
  out.flush();
  // Reader skips are the input's own gaps (OFAC's alt.csv names delisted entries, for one) and are reported
  // above; only entities the server refused make the import "negative".
  return response->rejected() == 0 ? kExitOk : kExitNegative;
}

}  // namespace aka::cli
