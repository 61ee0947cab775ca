#include "tests/health_probe.h"

#include <grpcpp/generic/generic_stub.h>

#include <future>
#include <vector>

namespace aka::testing {
namespace {

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// Reads a varint at *pos; false if the bytes end first.
bool ReadVarint(const std::string& bytes, size_t* pos, uint64_t* value) {
  *value = 0;
  for (int shift = 0; *pos < bytes.size() && shift < 64; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(bytes[(*pos)++]);
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                         std::chrono::milliseconds timeout, ServingStatus* status) {
  std::string request;
  if (!service.empty()) {
    request.push_back(0x0a);  // field 1, length-delimited
    AppendVarint(service.size(), &request);
    request += service;
  }
  grpc::Slice request_slice(request);
  grpc::ByteBuffer request_buffer(&request_slice, 1);
  grpc::ByteBuffer response_buffer;

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::GenericStub stub(channel);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request_buffer,
                 &response_buffer, [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status rpc_status = done.get_future().get();
  if (!rpc_status.ok()) return rpc_status;

  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "cannot read the health response");
  }
  std::string response;
  for (const grpc::Slice& slice : slices) response.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  *status = ServingStatus::kUnknown;  // proto3: an absent field is the zero value
  size_t pos = 0;
  while (pos < response.size()) {
    uint64_t tag = 0;
    uint64_t value = 0;
    if (!ReadVarint(response, &pos, &tag) || (tag & 7) != 0 || !ReadVarint(response, &pos, &value)) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "unexpected health response encoding");
    }
    if (tag >> 3 == 1) *status = static_cast<ServingStatus>(value);
  }
  return grpc::Status::OK;
}

}  // namespace aka::testing
