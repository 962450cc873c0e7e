#!/usr/bin/env bash
# Generates the local cluster's certificates with openssl into the folder given: a CA, the API server's serving
# certificate, client certificates for the admin, the API server (to kubelets) and the node, and the service
# account signing key. Existing files are kept.
set -euo pipefail
dir=$1
node=$2
mkdir -p "$dir"
cd "$dir"
if [[ ! -f ca.crt ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=mesos-bridge-local-ca" 2>/dev/null
fi
issue() { # name subject [subjectAltName]
  local name=$1 subject=$2 san=${3:-}
  [[ -f "$name.crt" ]] && return 0
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  local ext
  ext=$(mktemp)
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n "$san" ]]; then echo "extendedKeyUsage=serverAuth,clientAuth"; echo "subjectAltName=$san";
    else echo "extendedKeyUsage=clientAuth"; fi
  } > "$ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 3650 \
    -extfile "$ext" 2>/dev/null
  rm -f "$name.csr" "$ext"
}
issue apiserver "/CN=kube-apiserver" \
  "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
issue admin "/O=system:masters/CN=mesos-bridge-admin"
issue apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
issue "node-$node" "/O=system:nodes/CN=system:node:$node"
if [[ ! -f sa.key ]]; then
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
fi
