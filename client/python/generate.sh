#!/usr/bin/env bash
# Generates the Python modules of the `aka` package from the .proto files: aka/v1/{entity,resolver,registry}_pb2.py
# and *_pb2_grpc.py from proto/aka/v1, and aka/v1/health_pb2.py from client/proto/grpc/health/v1/health.proto.
# The generated files are not committed (.gitignore); the CMake target aka_python runs this script.
#
# Environment: PROTOC (default: protoc), GRPC_PYTHON_PLUGIN (default: grpc_python_plugin on PATH). Use Debian's
# /usr/bin tools: the generated code must match /usr/bin/python3's python3-protobuf (there is no grpc_tools).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
protoc=${PROTOC:-protoc}
plugin=${GRPC_PYTHON_PLUGIN:-$(command -v grpc_python_plugin || true)}
if [ -z "$plugin" ] || [ ! -x "$plugin" ]; then
  echo "generate.sh: grpc_python_plugin not found (Debian package protobuf-compiler-grpc)" >&2
  exit 1
fi

# Generate into a scratch folder and move into place only when everything worked, so an interrupted or failed
# run never leaves a mix of old and new modules behind.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$protoc" --proto_path="$root/proto" \
  --python_out="$scratch" --grpc_out="$scratch" --plugin=protoc-gen-grpc="$plugin" \
  "$root/proto/aka/v1/entity.proto" "$root/proto/aka/v1/resolver.proto" "$root/proto/aka/v1/registry.proto"

# Only the health messages are generated: the client calls Check through channel.unary_unary, because the
# generated health_pb2_grpc.py would import "grpc.health.v1", a package path that collides with grpcio's "grpc".
"$protoc" --proto_path="$root/client/proto" --python_out="$scratch" \
  "$root/client/proto/grpc/health/v1/health.proto"

mkdir -p "$here/aka/v1"
mv -f "$scratch"/aka/v1/*_pb2*.py "$here/aka/v1/"
mv -f "$scratch/grpc/health/v1/health_pb2.py" "$here/aka/v1/health_pb2.py"
