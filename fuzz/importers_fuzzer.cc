// libFuzzer targets for the formats importers (formats/entity_source.h): MISP galaxy JSON, OFAC SDN CSV,
// aka JSON lines and STIX 2.1 bundles (formats/stix_bundle_reader.h). `aka import` and akad's default-data load feed them files from outside, so none may crash,
// hang or leak whatever the bytes; every entity they hand over must carry what the registry requires.
//
// One source file, four binaries: AKA_FUZZ_FORMAT selects the reader at compile time (fuzz/CMakeLists.txt).
// The readers take paths, so each input is written to a scratch file first. For OFAC the input is split at
// the first line "=====" into sdn.csv and alt.csv (no such line: alt.csv is empty), so that the fuzzer can
// mutate both files and their cross-references.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "aka/v1/entity.pb.h"
#include "formats/entity_source.h"
#include "formats/stix_bundle_reader.h"
#include "fuzz/fuzz_files.h"

#if !defined(AKA_FUZZ_FORMAT_MISP) && !defined(AKA_FUZZ_FORMAT_OFAC) && !defined(AKA_FUZZ_FORMAT_JSONL) && \
    !defined(AKA_FUZZ_FORMAT_STIX)
#error "define one of AKA_FUZZ_FORMAT_MISP, AKA_FUZZ_FORMAT_OFAC, AKA_FUZZ_FORMAT_JSONL, AKA_FUZZ_FORMAT_STIX"
#endif

namespace {

absl::Status CheckEntity(const aka::v1::Entity& entity) {
#if !defined(AKA_FUZZ_FORMAT_JSONL)
  // MISP and OFAC readers validate names and skip what fails, so every entity has a canonical name. (JSON
  // lines carry whatever the file says; the registry validates those on upsert.)
  if (entity.canonical_name().empty()) {
    std::fprintf(stderr, "reader produced an entity without a canonical name\n");
    std::abort();
  }
#endif
  return absl::OkStatus();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const aka::formats::EntitySink sink = [](aka::v1::Entity entity) { return CheckEntity(entity); };
  const aka::formats::SkipSink skipped = [](const aka::formats::SkippedRecord& record) {
    if (record.reason.empty()) {
      std::fprintf(stderr, "skipped record without a reason at %s\n", record.where.c_str());
      std::abort();
    }
  };
  absl::Status status;
#if defined(AKA_FUZZ_FORMAT_MISP)
  status = aka::formats::ReadMispGalaxy(aka::fuzz::WriteScratchFile("galaxy.json", input), sink, skipped);
#elif defined(AKA_FUZZ_FORMAT_OFAC)
  constexpr std::string_view kSeparator = "\n=====\n";
  const size_t split = input.find(kSeparator);
  const std::string_view sdn = input.substr(0, split);
  const std::string_view alt =
      split == std::string_view::npos ? std::string_view() : input.substr(split + kSeparator.size());
  aka::fuzz::WriteScratchFile("sdn.csv", sdn);
  aka::fuzz::WriteScratchFile("alt.csv", alt);
  status = aka::formats::ReadOfacSdn(aka::fuzz::ScratchDir(), sink, skipped);
#elif defined(AKA_FUZZ_FORMAT_JSONL)
  status = aka::formats::ReadJsonLines(aka::fuzz::WriteScratchFile("entities.jsonl", input), sink, skipped);
#elif defined(AKA_FUZZ_FORMAT_STIX)
  // Every revocation must name two different intrusion-sets the reader sent (the CLI merges them by stix id).
  std::set<std::string> sent;
  const aka::formats::EntitySink stix_sink = [&sent](aka::v1::Entity entity) {
    sent.insert(entity.external_ids().at(aka::formats::kStixIdKey));
    return CheckEntity(entity);
  };
  const aka::formats::StixRevocationSink revoked = [&sent](const aka::formats::StixRevocation& revocation) {
    if (sent.count(revocation.source_stix_id) == 0 || sent.count(revocation.target_stix_id) == 0 ||
        revocation.source_stix_id == revocation.target_stix_id) {
      std::fprintf(stderr, "revocation %s -> %s names no two sent intrusion-sets\n",
                   revocation.source_stix_id.c_str(), revocation.target_stix_id.c_str());
      std::abort();
    }
  };
  status = aka::formats::ReadStixBundle(aka::fuzz::WriteScratchFile("bundle.json", input), stix_sink, skipped,
                                        revoked, nullptr);
#endif
  // Malformed input is refused as INVALID_ARGUMENT; anything else means a reader bug (or an I/O fault on the
  // scratch file, which is just as worth stopping for).
  if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) {
    std::fprintf(stderr, "unexpected status: %s\n", status.ToString().c_str());
    std::abort();
  }
  return 0;
}
