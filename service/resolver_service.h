// aka.v1.Resolver over gRPC's callback API: the read path. Thin: the Resolver validates and answers; this
// layer honours deadlines, converts statuses and runs the bidirectional stream (resolve_stream_reactor.h).
// Both methods are registered as raw callback methods (bytes in, bytes out) and parse through resolve_wire.h,
// so that a name that is not valid UTF-8 is answered with INVALID_ARGUMENT naming the rule, as resolver.proto
// promises, instead of failing inside the generated parser.
#ifndef AKA_SERVICE_RESOLVER_SERVICE_H_
#define AKA_SERVICE_RESOLVER_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "aka/v1/resolver.grpc.pb.h"
#include "resolve/resolver.h"
#include "service/answer_cache.h"
#include "service/stream_slots.h"
#include "service/worker_pool.h"

namespace aka::service {

// The callback service with both methods taking raw bytes.
using RawResolverCallbackService = aka::v1::Resolver::WithRawCallbackMethod_Resolve<
    aka::v1::Resolver::WithRawCallbackMethod_ResolveStream<aka::v1::Resolver::Service>>;

// Thread-safe: gRPC calls the handlers concurrently; the Resolver is const and thread-safe.
class ResolverService final : public RawResolverCallbackService {
 public:
  // `resolver` is not owned and must outlive the gRPC server this service is registered with. Resolutions run
  // on `workers` (not owned; null: on gRPC's callback threads), which must be drained (WorkerPool::Shutdown)
  // after the gRPC server has stopped and before the resolver goes away; a call finding its queue full is
  // answered RESOURCE_EXHAUSTED. At most `max_concurrent_streams` ResolveStream calls run at once (0:
  // unbounded); more are refused with RESOURCE_EXHAUSTED. `answer_cache` (not owned, must outlive the server;
  // null: no cache) answers repeated questions of every call, unary and streamed, and keeps new answers.
  ResolverService(const resolve::Resolver* resolver, WorkerPool* workers, int max_concurrent_streams = 0,
                  AnswerCache* answer_cache = nullptr)
      : resolver_(resolver),
        workers_(workers),
        answer_cache_(answer_cache),
        stream_slots_(max_concurrent_streams) {}

  // aka.v1.ResolveRequest in, aka.v1.ResolveResponse out.
  grpc::ServerUnaryReactor* Resolve(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;

  // A stream of aka.v1.ResolveRequest in, one aka.v1.ResolveResponse out per request.
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* ResolveStream(
      grpc::CallbackServerContext* context) override;

 private:
  const resolve::Resolver* resolver_;
  WorkerPool* workers_;
  AnswerCache* answer_cache_;
  StreamSlots stream_slots_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_RESOLVER_SERVICE_H_
