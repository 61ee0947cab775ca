#include "service/resolve_wire.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/utf8.h"
#include "google/protobuf/unknown_field_set.h"
#include "service/proto_wire.h"

namespace aka::service {
namespace {

// Position of the first byte that does not start a well-formed UTF-8 sequence, or -1 if there is none.
int64_t FirstInvalidUtf8Byte(const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (core::utf8::DecodeNext(text, &pos) < 0) return static_cast<int64_t>(start);
  }
  return -1;
}

absl::Status RequireUtf8(const std::string& value, const std::string& field) {
  const int64_t bad = FirstInvalidUtf8Byte(value);
  if (bad < 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": is not valid UTF-8 at byte ", bad));
}

// The generated k*FieldNumber constants keep the numbers below in step with resolver.proto.
using Request = aka::v1::ResolveRequest;

// Reads the fields of `fields` into `*request` as the generated parser would, but without the UTF-8 check.
// Like protobuf, a field with an unexpected wire type is ignored as unknown; for a repeated scalar the last
// value wins.
void ReadLeniently(const google::protobuf::UnknownFieldSet& fields, Request* request) {
  using Field = google::protobuf::UnknownField;
  for (int i = 0; i < fields.field_count(); ++i) {
    const Field& field = fields.field(i);
    const bool bytes = field.type() == Field::TYPE_LENGTH_DELIMITED;
    const bool varint = field.type() == Field::TYPE_VARINT;
    switch (field.number()) {
      case Request::kRequestIdFieldNumber:
        if (bytes) request->set_request_id(field.length_delimited());
        break;
      case Request::kNameFieldNumber:
        if (bytes) request->set_name(field.length_delimited());
        break;
      case Request::kTypesFieldNumber:
        if (bytes) request->add_types(field.length_delimited());
        break;
      case Request::kMaxCandidatesFieldNumber:
        if (varint) request->set_max_candidates(static_cast<int32_t>(field.varint()));
        break;
      case Request::kMinScoreFieldNumber:
        if (field.type() == Field::TYPE_FIXED64) {
          const uint64_t raw = field.fixed64();
          double value;
          std::memcpy(&value, &raw, sizeof(value));
          request->set_min_score(value);
        }
        break;
      case Request::kExplainFieldNumber:
        if (varint) request->set_explain(field.varint() != 0);
        break;
      default:
        break;
    }
  }
}

}  // namespace

absl::Status ParseResolveRequest(const grpc::ByteBuffer& buffer, aka::v1::ResolveRequest* request) {
  request->Clear();
  const std::string bytes = FlattenByteBuffer(buffer);
  if (request->ParseFromString(bytes)) return absl::OkStatus();

  // The strict parse failed: most likely a string field that is not UTF-8. Read the fields schema-free.
  request->Clear();
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) {
    return absl::InvalidArgumentError("request: is not a valid aka.v1.ResolveRequest message");
  }
  ReadLeniently(fields, request);
  absl::Status request_id_valid = RequireUtf8(request->request_id(), "request_id");
  if (!request_id_valid.ok()) {
    request->clear_request_id();  // never echo bytes the client's own parser would refuse
    return request_id_valid;
  }
  for (int i = 0; i < request->types_size(); ++i) {
    absl::Status type_valid = RequireUtf8(request->types(i), absl::StrCat("types[", i, "]"));
    if (!type_valid.ok()) return type_valid;
  }
  // Only `name` can be left: the Resolver validates it and names the rule.
  return absl::OkStatus();
}

}  // namespace aka::service
