#!/usr/bin/env bash
# Builds the two images the real node needs, from files on this machine (there is no registry to pull from):
#   mesos-bridge/pause:local    the pod sandbox (a static C program that waits for a signal)
#   mesos-bridge/busybox:local  a small base image with a shell (Debian's busybox-static)
# and writes them as OCI archives into the folder given, once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
if [[ ! -f "$out/pause.tar" ]]; then
  gcc -static -O2 -o "$out/pause" "$here/pause.c"
  python3 "$here/build_oci_image.py" mesos-bridge/pause:local "$out/pause.tar.part" /pause --file "$out/pause:/pause"
  mv "$out/pause.tar.part" "$out/pause.tar"
fi
if [[ ! -f "$out/busybox.tar" ]]; then
  links=()
  for applet in $(/bin/busybox --list); do
    [[ "$applet" == busybox ]] || links+=(--link "/bin/$applet:busybox")
  done
  python3 "$here/build_oci_image.py" mesos-bridge/busybox:local "$out/busybox.tar.part" "" \
    --file /bin/busybox:/bin/busybox "${links[@]}" --dir /tmp --dir /etc --dir /root --dir /var
  mv "$out/busybox.tar.part" "$out/busybox.tar"
fi
