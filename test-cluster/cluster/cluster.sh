#!/usr/bin/env bash
# The project's local Kubernetes cluster: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (for
# simulated nodes) and one real node (kubelet + containerd + runc + CNI bridge), all on 127.0.0.1, built and cached
# under $MESOS_BRIDGE_CACHE (default ~/.cache/mesos-bridge).
#
#   cluster.sh up       start it (idempotent) and print the export lines
#   cluster.sh down     stop it and delete its state (binaries and images stay cached)
#   cluster.sh status   exit 0 when the API server is ready and the real node is Ready
#   cluster.sh env      print the export lines
#   cluster.sh agent-image  build mesos-bridge/agent:local (images/build-agent-image.sh) and import it into the node
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/versions.env"
cache=${MESOS_BRIDGE_CACHE:-$HOME/.cache/mesos-bridge}
state="$cache/cluster"
run=/run/mesos-bridge
pki="$state/pki"
logs="$state/logs"
pids="$state/pids"
node_name=$(hostname)
apiserver_port=6443
etcd_port=23790
containerd_socket="$run/containerd.sock"
kubeconfig="$state/admin.kubeconfig"
bin="$cache/bin-k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"

log() { echo "dev-cluster: $*" >&2; }

print_env() {
  echo "export KUBECONFIG='$kubeconfig'"
  echo "export MESOS_BRIDGE_KUBECTL='$bin/kubectl'"
  echo "export PATH='$bin':\"\$PATH\""
}

kubectl_() { "$bin/kubectl" --kubeconfig="$kubeconfig" "$@"; }

# A component runs when its recorded pid is alive and is still that component (pids are reused after a reboot or
# once a previous session's processes were ended).
running() {
  [[ -f "$pids/$1.pid" ]] || return 1
  local pid
  pid=$(cat "$pids/$1.pid")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1"
}

start() { # name command...
  local name=$1; shift
  if running "$name"; then return 0; fi
  mkdir -p "$logs" "$pids"
  setsid "$@" >>"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pids/$name.pid"
}

wait_for() { # description seconds command...
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS > deadline )); then
      log "timed out waiting for $what; last log lines:"
      tail -n 30 "$logs"/*.log >&2 || true
      return 1
    fi
    sleep 1
  done
}

ensure_packages() {
  local missing=()
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  if (( ${#missing[@]} )); then
    log "installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

write_kubeconfig() { # file cert-name
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority: $pki/ca.crt
users:
- name: user
  user:
    client-certificate: $pki/$2.crt
    client-key: $pki/$2.key
contexts:
- name: local
  context: {cluster: local, user: user}
current-context: local
KC
}

start_control_plane() {
  start etcd "$bin/etcd" --name local --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$((etcd_port + 10))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 10))" \
    --initial-cluster "local=http://127.0.0.1:$((etcd_port + 10))" \
    --listen-metrics-urls "http://127.0.0.1:$((etcd_port + 20))" \
    --quota-backend-bytes 4294967296 --log-level warn
  start kube-apiserver "$bin/kube-apiserver" \
    --bind-address=127.0.0.1 --secure-port=$apiserver_port \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --client-ca-file="$pki/ca.crt" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=Hostname,InternalIP \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true --profiling=false --v=1
  wait_for "the API server" 120 kubectl_ get --raw /readyz
  start kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig="$kubeconfig" --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --use-service-account-credentials=false --controllers='*,-nodeipam,-cloud-node-lifecycle' \
    --node-monitor-grace-period=40s --concurrent-gc-syncs=20 --v=1
  start kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig="$kubeconfig" --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false --v=1
  start kwok "$bin/kwok" --kubeconfig="$kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom \
    --cidr=10.244.0.0/16 --node-ip=127.0.0.1 --server-address=127.0.0.1:10247 \
    --node-lease-duration-seconds=40
}

start_real_node() {
  mkdir -p "$run" "$state/cni/net.d" "$state/containerd" "$state/kubelet"
  cat > "$state/cni/net.d/10-mesos-bridge.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "mesos-bridge",
  "plugins": [
    {"type": "bridge", "bridge": "mbr0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "$state/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CNI
  cat > "$state/containerd/config.toml" <<TOML
version = 2
root = "$state/containerd/root"
state = "$run/containerd-state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.aufs",
                    "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$containerd_socket"
[plugins."io.containerd.internal.v1.opt"]
  path = "$state/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/mesos-bridge/pause:local"
  # this machine does not let root lower oom_score_adj below its own, which the sandbox's -998 would need
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "$(command -v runc)"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$state/cni/net.d"
TOML
  start containerd containerd --config "$state/containerd/config.toml"
  wait_for "containerd" 60 ctr --address "$containerd_socket" version
  "$here/images/build-images.sh" "$cache/images"
  import_images
  write_kubeconfig "$state/kubelet.kubeconfig" "node-$node_name"
  cat > "$state/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: "$pki/ca.crt"}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: "unix://$containerd_socket"
imageServiceEndpoint: "unix://$containerd_socket"
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
registerNode: true
serializeImagePulls: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
nodeStatusUpdateFrequency: 5s
syncFrequency: 10s
YAML
  start kubelet "$bin/kubelet" --config="$state/kubelet/config.yaml" --kubeconfig="$state/kubelet.kubeconfig" \
    --root-dir="$state/kubelet/root" --cert-dir="$state/kubelet/pki" --hostname-override="$node_name" --v=1
}

# Every image archive built into the cache (pause, busybox, and the agent's once built) that containerd does not hold
# at the same digest yet.
import_images() {
  local archive reference digest
  for archive in "$cache"/images/*.tar; do
    read -r reference digest < <(tar -xOf "$archive" index.json | python3 -c 'import json, sys
manifest = json.load(sys.stdin)["manifests"][0]
print(manifest["annotations"]["io.containerd.image.name"], manifest["digest"])')
    if ! ctr --address "$containerd_socket" -n k8s.io images ls "name==$reference" 2>/dev/null | grep -q "$digest"; then
      ctr --address "$containerd_socket" -n k8s.io images import --no-unpack=false "$archive" >/dev/null
    fi
  done
}

node_ready() {
  [[ "$(kubectl_ get node "$node_name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

status() {
  [[ -f "$kubeconfig" ]] && kubectl_ get --raw /readyz >/dev/null 2>&1 && node_ready && running kwok
}

add_default_kwok_nodes() {
  local i
  for i in 0 1; do
    kubectl_ apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {type: kwok, kubernetes.io/hostname: kwok-node-$i, topology.kubernetes.io/zone: zone-$i}
status:
  capacity: {cpu: "8", memory: 16Gi, ephemeral-storage: 100Gi, pods: "110"}
  allocatable: {cpu: "8", memory: 16Gi, ephemeral-storage: 100Gi, pods: "110"}
NODE
  done
}

up() {
  if status; then import_images; print_env; return 0; fi
  # whatever is left of an earlier cluster (processes, mounts, state) goes first, so every start is a clean one
  if [[ -d "$state" || -d "$run" ]]; then down 2>/dev/null; fi
  ensure_packages
  "$here/build-binaries.sh" >/dev/null
  mkdir -p "$state"
  "$here/pki.sh" "$pki" "$node_name"
  write_kubeconfig "$kubeconfig" admin
  start_control_plane
  start_real_node
  wait_for "the real node $node_name to be Ready" 180 node_ready
  add_default_kwok_nodes
  wait_for "the kwok nodes to be Ready" 60 bash -c \
    "[[ \$('$bin/kubectl' --kubeconfig='$kubeconfig' get nodes -l type=kwok -o jsonpath='{.items[*].status.conditions[?(@.type==\"Ready\")].status}') == 'True True' ]]"
  log "cluster ready: API server https://127.0.0.1:$apiserver_port, real node $node_name, logs in $logs"
  print_env
}

down() {
  local name
  for name in kwok kubelet kube-scheduler kube-controller-manager; do
    running "$name" && kill "$(cat "$pids/$name.pid")" 2>/dev/null || true
  done
  if [[ -S "$containerd_socket" ]]; then
    local task
    for task in $(ctr --address "$containerd_socket" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$containerd_socket" -n k8s.io tasks kill -s KILL "$task" >/dev/null 2>&1 || true
    done
  fi
  for name in containerd kube-apiserver etcd; do
    running "$name" && kill "$(cat "$pids/$name.pid")" 2>/dev/null || true
  done
  pkill -f "containerd-shim-runc-v2 .*-address $containerd_socket" 2>/dev/null || true
  sleep 2
  for name in kwok kubelet kube-scheduler kube-controller-manager containerd kube-apiserver etcd; do
    running "$name" && kill -9 "$(cat "$pids/$name.pid")" 2>/dev/null || true
  done
  # kubelet and containerd leave mounts (volumes, overlay roots, sandbox shm) under the state folder
  { grep -E " ($state|$run)" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  ip link delete mbr0 2>/dev/null || true
  rm -rf "$state" "$run"
  log "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if status; then echo "running: API server https://127.0.0.1:$apiserver_port"; print_env; else echo "not running"; exit 1; fi ;;
  env) print_env ;;
  agent-image) "$here/images/build-agent-image.sh" "$cache/images"; import_images ;;
  *) echo "usage: $0 up|down|status|env|agent-image" >&2; exit 2 ;;
esac
