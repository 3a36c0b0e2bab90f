#!/usr/bin/env bash
# Regenerates gen/ from proto/ with local plugins only (no Buf registry).
# The gRPC health proto comes from Debian's grpc-proto package at generate time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/share/grpc-proto/grpc/health/v1/health.proto ]; then
  echo "generate: /usr/share/grpc-proto is missing; install it with: sudo apt-get install grpc-proto" >&2
  exit 1
fi
npx buf generate
