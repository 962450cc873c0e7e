#!/usr/bin/env bash
# Builds mesos-bridge/agent:local, the agent DaemonSet's image, from this machine (there is no registry to pull from):
# a Java runtime made by jlink from the JDK here, the agent jar and its runtime libraries (agent-daemonset/target, built
# with Maven when missing or older than the sources), and the shared libraries that runtime loads (ldd). It writes the
# OCI archive agent.tar into the folder given; an unchanged input (sources, JDK, this script) gives the same image
# and is not built again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$1
mkdir -p "$out"
target="$root/agent-daemonset/target"
jar="$target/agent-daemonset-0.1.0-SNAPSHOT.jar"
sources=("$root/pom.xml" "$root"/{agent-daemonset,agent-link,conventions,mesos-compat-api,crds}/{pom.xml,src})
if [[ ! -f "$jar" || ! -d "$target/lib" ]] || [[ -n "$(find "${sources[@]}" -newer "$jar" -type f -print -quit)" ]]; then
  echo "build-agent-image: building the agent jar" >&2
  (cd "$root" && ./mvnw -o -B -q -pl agent-daemonset -am package -DskipTests -Dfuzz.skip=true >&2)
fi
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
stamp=$( { cat "$0" "$here/build_oci_image.py"; "$java_home/bin/java" -version 2>&1; sha256sum "$jar" "$target"/lib/*.jar; } \
  | sha256sum | cut -c1-16)
if [[ -f "$out/agent.tar" && "$(cat "$out/agent.stamp" 2>/dev/null)" == "$stamp" ]]; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the modules the agent and its libraries use (Vert.x and Netty: jdk.unsupported, DNS through JNDI; fabric8: TLS with
# EC keys, java.management; Jackson: java.sql types)
"$java_home/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.naming.dns,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$work/java"
mkdir -p "$work/agent" "$work/etc"
cp "$jar" "$target"/lib/*.jar "$work/agent/"
# the root's and the agent's users (the JVM looks its user up), and name lookups from /etc/hosts then DNS
printf 'root:x:0:0:root:/root:/sbin/nologin\nagent:x:65532:65532:agent:/tmp:/sbin/nologin\n' > "$work/etc/passwd"
printf 'root:x:0:\nagent:x:65532:\n' > "$work/etc/group"
printf 'hosts: files dns\n' > "$work/etc/nsswitch.conf"
libs=()
while read -r lib; do
  libs+=(--file "$lib:$lib")
done < <(find "$work/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
  | grep -o '=> /[^ ]*\|^\s*/[^ :]*' | sed 's/^=> //; s/^\s*//' | grep -v "^$work/" | sort -u)
python3 "$here/build_oci_image.py" mesos-bridge/agent:local "$out/agent.tar.part" /opt/java/bin/java \
  --tree "$work/java:/opt/java" --tree "$work/agent:/opt/agent" "${libs[@]}" \
  --file "$work/etc/passwd:/etc/passwd" --file "$work/etc/group:/etc/group" \
  --file "$work/etc/nsswitch.conf:/etc/nsswitch.conf" --dir /tmp \
  --arg=-XX:MaxRAMPercentage=75 --arg=-XX:+UseSerialGC --arg=-Djava.io.tmpdir=/tmp --arg=-Dvertx.cacheDirBase=/tmp/vertx \
  --arg=-cp --arg='/opt/agent/*' --arg=io.mesosbridge.agent.AgentMain --user 65532:65532
mv "$out/agent.tar.part" "$out/agent.tar"
echo "$stamp" > "$out/agent.stamp"
