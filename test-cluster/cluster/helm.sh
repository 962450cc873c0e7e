#!/usr/bin/env bash
# Prints the path of a helm binary at the pinned version, building it from the Go module proxy the first time
# (cached beside the cluster binaries, so later runs take no time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${MESOS_BRIDGE_CACHE:-$HOME/.cache/mesos-bridge}"
bin="$cache/helm-$HELM_VERSION"
if [[ ! -x "$bin/helm" ]]; then
  echo "helm.sh: building helm $HELM_VERSION (once)" >&2
  mkdir -p "$bin.tmp"
  GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$bin.tmp" \
    go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
  rm -rf "$bin"
  mv "$bin.tmp" "$bin"
fi
echo "$bin/helm"
