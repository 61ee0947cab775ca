// The server interceptor every call passes through: it takes or makes the request id (x-request-id metadata,
// echoed in the response's initial metadata), counts messages, reads resolution outcomes from the responses,
// and when the call ends records its metrics (metrics.h) and writes its access-log line (logging.h). One
// place, so a new RPC is measured and logged without anyone remembering to.
#ifndef AKA_SERVICE_METRICS_INTERCEPTOR_H_
#define AKA_SERVICE_METRICS_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "service/logging.h"
#include "service/metrics.h"

namespace aka::service {

// Creates one CallObserver per call. `metrics` (may be null: no metrics) and `logger` (may be null: no
// log) must outlive the server. Thread-safe.
class CallObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  CallObserverFactory(ServerMetrics* metrics, const CallLogger* logger) : metrics_(metrics), logger_(logger) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServerMetrics* metrics_;
  const CallLogger* logger_;
};

}  // namespace aka::service

#endif  // AKA_SERVICE_METRICS_INTERCEPTOR_H_
