// The echo service of echo.proto on gRPC's callback API, written the way akad's services are (unary reactor
// answered inline; a bidi reactor with one read and one write in flight), so that it is a fair floor.
#ifndef AKA_BENCH_ECHO_SERVICE_H_
#define AKA_BENCH_ECHO_SERVICE_H_

#include "bench/echo.grpc.pb.h"

namespace aka::bench {

class EchoService final : public aka::bench::Echo::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                 EchoMessage* response) override;
  grpc::ServerBidiReactor<EchoMessage, EchoMessage>* EchoStream(grpc::CallbackServerContext* context) override;
};

}  // namespace aka::bench

#endif  // AKA_BENCH_ECHO_SERVICE_H_
