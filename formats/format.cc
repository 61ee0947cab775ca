// ParseFormat and ReadEntities: the names `aka import --format` accepts and the dispatch to each reader.
#include <string>

#include "absl/strings/str_cat.h"
#include "formats/entity_source.h"
#include "formats/stix_bundle_reader.h"

namespace aka::formats {
namespace {

struct FormatName {
  absl::string_view name;
  Format format;
};

// The one table of names, so that ParseFormat's error message can never disagree with what it accepts.
constexpr FormatName kFormatNames[] = {
    {"misp-galaxy", Format::kMispGalaxy},
    {"ofac-sdn", Format::kOfacSdn},
    {"jsonl", Format::kJsonl},
    {"stix", Format::kStix},
};

}  // namespace

absl::StatusOr<Format> ParseFormat(absl::string_view name) {
  std::string accepted;
  for (const FormatName& entry : kFormatNames) {
    if (entry.name == name) return entry.format;
    absl::StrAppend(&accepted, accepted.empty() ? "" : ", ", entry.name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", name, "\"; accepted formats: ", accepted));
}

absl::Status ReadEntities(Format format, const std::string& path, const EntitySink& sink,
                          const SkipSink& skipped) {
  // Readers report skips unconditionally; a caller that does not care passes null, which is swallowed here
  // once rather than checked in every reader.
  const SkipSink skip_sink = skipped ? skipped : [](const SkippedRecord&) {};
  switch (format) {
    case Format::kMispGalaxy:
      return ReadMispGalaxy(path, sink, skip_sink);
    case Format::kOfacSdn:
      return ReadOfacSdn(path, sink, skip_sink);
    case Format::kJsonl:
      return ReadJsonLines(path, sink, skip_sink);
    case Format::kStix:
      return ReadStixBundle(path, sink, skip_sink, nullptr, nullptr);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown format value ", static_cast<int>(format)));
}

}  // namespace aka::formats
