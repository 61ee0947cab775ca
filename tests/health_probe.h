// A grpc.health.v1.Health/Check call for tests, without the health proto: Debian's gRPC packages ship the
// health service but not its generated messages, and the two messages involved have one field each, so they
// are encoded by hand (HealthCheckRequest{string service = 1}, HealthCheckResponse{ServingStatus status = 1}).
#ifndef AKA_TESTS_HEALTH_PROBE_H_
#define AKA_TESTS_HEALTH_PROBE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace aka::testing {

// grpc.health.v1.HealthCheckResponse.ServingStatus values.
enum class ServingStatus { kUnknown = 0, kServing = 1, kNotServing = 2, kServiceUnknown = 3 };

// Calls Health/Check for `service` ("" = the whole server) with `timeout` as deadline. On an OK status,
// *status is the reported serving status. Thread-safe.
grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                         std::chrono::milliseconds timeout, ServingStatus* status);

}  // namespace aka::testing

#endif  // AKA_TESTS_HEALTH_PROBE_H_
