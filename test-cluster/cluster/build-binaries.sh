#!/usr/bin/env bash
# Builds the local cluster's binaries from the Go module proxy into $CACHE/bin-<versions>/.
# kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kubectl come from the k8s.io/kubernetes
# module (which needs a replace line per staging module), etcd from go.etcd.io/etcd/server/v3, kwok from
# sigs.k8s.io/kwok. A finished build is marked with a stamp file, so the second call returns at once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/versions.env"
cache=${MESOS_BRIDGE_CACHE:-$HOME/.cache/mesos-bridge}
bin="$cache/bin-k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
if [[ -f "$bin/.complete" ]]; then echo "$bin"; exit 0; fi
mkdir -p "$bin"
export GOFLAGS=-buildvcs=false CGO_ENABLED=0

work="$cache/go-build-k8s-$K8S_VERSION"
mkdir -p "$work"
staging_version="v0.${K8S_VERSION#v1.}"
(
  cd "$work"
  go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >/dev/null
  upstream_mod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod"
  {
    echo "module mesosbridge.local/k8sbuild"
    echo
    echo "go 1.24.0"
    echo
    echo "require ("
    echo "  k8s.io/kubernetes $K8S_VERSION"
    echo "  go.etcd.io/etcd/server/v3 $ETCD_VERSION"
    echo ")"
    echo
    echo "replace ("
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$upstream_mod" |
      awk -v v="$staging_version" '{print "  " $1 " => " $1 " " v}'
    echo ")"
  } > go.mod
  mkdir -p etcd
  cat > etcd/main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  cat > tools.go <<'GO'
//go:build tools

package k8sbuild

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubectl/pkg/cmd"
)
GO
  go mod tidy >/dev/null 2>&1 || go mod tidy
  echo "building kubernetes $K8S_VERSION and etcd $ETCD_VERSION (first time only; takes a while on 2 cores)" >&2
  go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION" \
    -o "$bin/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl ./etcd
  CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION" \
    -o "$bin/" k8s.io/kubernetes/cmd/kubelet
)
GOBIN="$bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
touch "$bin/.complete"
echo "$bin"
