#include "bench/echo_service.h"

namespace aka::bench {
namespace {

// Echoes every message back, in order: a read is started only after the previous write finished, so
// exactly one read or one write is in flight, like a stream whose server work takes no time.
class EchoStreamReactor final : public grpc::ServerBidiReactor<EchoMessage, EchoMessage> {
 public:
  EchoStreamReactor() { StartRead(&message_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);
      return;
    }
    StartWrite(&message_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::UNKNOWN, "write failed"));
      return;
    }
    StartRead(&message_);
  }
  void OnDone() override { delete this; }

 private:
  EchoMessage message_;
};

}  // namespace

grpc::ServerUnaryReactor* EchoService::Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                            EchoMessage* response) {
  *response = *request;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerBidiReactor<EchoMessage, EchoMessage>* EchoService::EchoStream(grpc::CallbackServerContext*) {
  return new EchoStreamReactor();
}

}  // namespace aka::bench
