// aka's own JSON lines: ReadJsonLines and WriteJsonLine (see entity_source.h).
//
// Determinism: protobuf 3.21's JSON printer renders a message by serializing it to the wire format first,
// and map fields serialize in hash-map order, so two equal entities can print their external_ids and
// attributes in different orders (jsonl_test shows it). WriteJsonLine therefore re-parses the printer's
// output into nlohmann's ordered_json, which keeps the printer's field-number order for message fields, sorts
// the keys of every map field (found through the message descriptor, so a map added to the proto later is
// covered too) and prints the result compactly.
#include <algorithm>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "formats/entity_source.h"
#include "formats/source_text.h"

namespace aka::formats {
namespace {

using OrderedJson = nlohmann::ordered_json;
namespace protobuf = ::google::protobuf;

// Well-known types (Timestamp, Duration, Struct, ...) have JSON forms of their own that are not objects of
// their fields, so the descriptor walk stops at them.
bool IsWellKnownType(const protobuf::Descriptor& descriptor) {
  return descriptor.file()->name().rfind("google/protobuf/", 0) == 0;
}

void SortMapFields(const protobuf::Descriptor& descriptor, OrderedJson& message);

// Sorts the map fields of a message-typed JSON value, if it is a message we can walk.
void SortMessageValue(const protobuf::Descriptor* descriptor, OrderedJson& value) {
  if (descriptor != nullptr && value.is_object() && !IsWellKnownType(*descriptor)) {
    SortMapFields(*descriptor, value);
  }
}

// Rebuilds the JSON object of a map field with its keys in byte order (map keys are unique, so that is a
// total order); message-typed map values are sorted in turn.
void SortMapObject(const protobuf::FieldDescriptor& field, OrderedJson& object) {
  const protobuf::Descriptor* value_type = field.message_type()->map_value()->message_type();
  std::vector<std::pair<std::string, OrderedJson>> entries;
  entries.reserve(object.size());
  for (auto& item : object.items()) entries.emplace_back(item.key(), std::move(item.value()));
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  OrderedJson sorted = OrderedJson::object();
  for (auto& [key, value] : entries) {
    SortMessageValue(value_type, value);
    sorted[key] = std::move(value);
  }
  object = std::move(sorted);
}

// Sorts, in place, the keys of every map field of `message` (a message printed with
// preserve_proto_field_names) and of the messages nested in it.
void SortMapFields(const protobuf::Descriptor& descriptor, OrderedJson& message) {
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const protobuf::FieldDescriptor& field = *descriptor.field(i);
    const auto it = message.find(field.name());
    if (it == message.end()) continue;
    if (field.is_map()) {
      if (it->is_object()) SortMapObject(field, *it);
    } else if (field.is_repeated()) {
      if (!it->is_array()) continue;
      for (OrderedJson& element : *it) SortMessageValue(field.message_type(), element);
    } else {
      SortMessageValue(field.message_type(), *it);
    }
  }
}

}  // namespace

absl::Status WriteJsonLine(const aka::v1::Entity& entity, std::ostream& out) {
  protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;  // snake_case, as the proto and the docs spell fields.
  std::string printed;
  const protobuf::util::Status status = protobuf::util::MessageToJsonString(entity, &printed, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot print entity \"", entity.id(),
                                                   "\" as JSON: ", status.message().as_string()));
  }
  std::string line;
  try {
    OrderedJson json = OrderedJson::parse(printed);
    SortMapFields(*entity.GetDescriptor(), json);
    // ensure_ascii=false keeps names in their own script readable; strict UTF-8 handling cannot fail here
    // because the protobuf printer has already checked every string.
    line = json.dump(/*indent=*/-1, /*indent_char=*/' ', /*ensure_ascii=*/false);
  } catch (const nlohmann::json::exception& e) {
    return absl::InternalError(absl::StrCat("re-encoding the JSON of entity \"", entity.id(), "\": ", e.what()));
  }
  line.push_back('\n');
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  if (!out) return absl::UnavailableError("writing a JSON line failed (output stream error)");
  return absl::OkStatus();
}

absl::Status ReadJsonLines(const std::string& path, const EntitySink& sink, const SkipSink& skipped) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // ReadFileToString classifies the failure (missing, directory, permission) with the path in the message.
    absl::StatusOr<std::string> probe = ReadFileToString(path);
    return probe.ok() ? absl::UnknownError(absl::StrCat(path, ": cannot open")) : probe.status();
  }
  protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // A misspelt field is a mistake to report, not data to drop.
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    aka::v1::Entity entity;
    const protobuf::util::Status status = protobuf::util::JsonStringToMessage(line, &entity, options);
    if (!status.ok()) {
      if (skipped) skipped({absl::StrCat(path, ":", line_number), status.message().as_string()});
      continue;
    }
    absl::Status sink_status = sink(std::move(entity));
    if (!sink_status.ok()) return sink_status;
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat(path, ": read failed"));
  return absl::OkStatus();
}

}  // namespace aka::formats
