# aka: multi-stage image. The build stage installs through scripts/install-deps (the same list the set-up
# scripts use); the runtime stage has only the shared libraries akad and aka need, runs as a non-root user,
# keeps the database in a volume, and checks health through `aka health`.

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps scripts/install-deps
RUN scripts/install-deps
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAKA_BUILD_BENCH=OFF \
 && ninja -C /build -j2 akad aka aka-eval \
 && cmake --install /build --prefix /opt/aka \
 && /opt/aka/bin/akad --help >/dev/null

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 librocksdb7.8 libicu72 libcsv3 \
      libabsl20220623 libssl3 zlib1g libsnappy1v5 liblz4-1 libzstd1 libbz2-1.0 ca-certificates \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system aka && useradd --system --gid aka --home-dir /var/lib/aka --create-home aka
COPY --from=build /opt/aka /usr/local
USER aka
WORKDIR /var/lib/aka
VOLUME ["/var/lib/aka"]
EXPOSE 50051 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["aka", "--server", "127.0.0.1:50051", "health"]
# Inside a container the service must be reachable from outside it, so the default command binds all
# interfaces and says --insecure_listen out loud: publish that port only where the network is trusted. In
# production replace the command with TLS and tokens mounted from a secret (docs/OPERATIONS.md), e.g.
#   --listen 0.0.0.0:50051 --tls_cert /etc/aka/tls.crt --tls_key /etc/aka/tls.key --tokens_file /etc/aka/tokens
# The health check talks to 127.0.0.1 in plaintext, which a TLS-only akad refuses: then use
# `aka --tls_ca ... health` in the orchestrator's probe instead (grpc.health.v1 needs no token).
ENTRYPOINT ["akad", "--db", "/var/lib/aka/db", "--data_dir", "/usr/local/share/aka/data"]
CMD ["--listen", "0.0.0.0:50051", "--insecure_listen", "--metrics_listen", "0.0.0.0:9464"]
