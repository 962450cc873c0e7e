#!/usr/bin/env bash
# Builds the images the real node needs, from files on this machine (there is no registry to pull from):
#   mesos-bridge/pause:local    the pod sandbox (a static C program that waits for a signal)
#   mesos-bridge/busybox:local  a small base image with a shell (Debian's busybox-static)
#   mesos-bridge/python:local   Debian's python3 with its standard library and a busybox shell, for executors
#                               written in Python (the pymesos ITs)
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
if [[ ! -f "$out/python.tar" ]]; then
  python=$(readlink -f /usr/bin/python3)
  stdlib=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  files=(--file "$python:/usr/bin/python3" --file /bin/busybox:/bin/busybox --link /bin/sh:busybox)
  while IFS= read -r file; do files+=(--file "$file:$file"); done < <(
    find "$stdlib" -type f ! -name '*.pyc' ! -path '*/test/*' ! -path '*/tests/*' ! -path '*/idlelib/*' \
      ! -path '*/tkinter/*' ! -path '*/ensurepip/*' ! -path '*/lib2to3/*' ! -path '*/turtledemo/*' \
      ! -path '*/site-packages/*' ! -path '*/dist-packages/*' ! -path '*/config-*' | sort
    # the shared libraries the interpreter and its extension modules link against
    { ldd "$python"; find "$stdlib/lib-dynload" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
      | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
  python3 "$here/build_oci_image.py" mesos-bridge/python:local "$out/python.tar.part" "" \
    "${files[@]}" --dir /tmp --dir /etc --dir /root
  mv "$out/python.tar.part" "$out/python.tar"
fi
