#!/usr/bin/env bash
# Regenerates gen/ with local plugins only (there is no Buf registry here):
#   buf.gen.yaml           TypeScript for proto/ plus the gRPC health/reflection
#                          protos (Debian grpc-proto) and google/rpc error details
#                          (npm google-proto-files), taken at generate time.
#   buf.gen.polyglot.yaml  Python, Go and Java messages and gRPC stubs for proto/.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -f /usr/share/grpc-proto/grpc/health/v1/health.proto ] || missing+=(grpc-proto)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v grpc_python_plugin >/dev/null || missing+=(protobuf-compiler-grpc)
command -v protoc-gen-go >/dev/null || missing+=(protoc-gen-go)
command -v protoc-gen-go-grpc >/dev/null || missing+=(protoc-gen-go-grpc)
command -v grpc_java_plugin >/dev/null || missing+=(protobuf-compiler-grpc-java-plugin)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "generate: missing tools; install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

npx buf generate
npx buf generate --template buf.gen.polyglot.yaml
# gen/go is a Go module that services import as github.com/latchkey/latchkey/gen/go.
printf 'module github.com/latchkey/latchkey/gen/go\n\ngo 1.19\n' > gen/go/go.mod
# Python packages need their __init__.py files.
find gen/python -type d -exec touch {}/__init__.py \;
