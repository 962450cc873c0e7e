#!/usr/bin/env bash
# One entry point for the example/test Mesos frameworks used by the integration tests.
#
#   examples/run-client.sh pymesos  [MASTER] [TIMEOUT_SECONDS]
#   examples/run-client.sh pymesos-executor MASTER SERVE_ADDRESS [IMAGE] [TIMEOUT_SECONDS]
#   examples/run-client.sh pesos    [MASTER] [--timeout SECONDS] [--name NAME] ...
#   examples/run-client.sh mesos-go [-master URL] [-tasks N] [-kill-after DUR] [-timeout DUR] ...
#   examples/run-client.sh rxjava   [-master URL] [-tasks N] [-kill-after DUR] [-timeout DUR] ...
#   examples/run-client.sh mesos-go-example [-url URL] [-tasks N] [-server.address IP] ...   # mesos-go's own example
#   examples/run-client.sh setup [pymesos|pesos|mesos-go|mesos-go-example|rxjava ...]   # only build/install (all by default)
#
# On first use each client is set up once and cached under
# ${MESOS_BRIDGE_CACHE:-$HOME/.cache/mesos-bridge} (venv-pymesos/, venv-pesos/, bin/mesosgo, bin/mesosgo-example/, rxjava/);
# the cache is rebuilt when the client's sources change. Setup output goes to stderr,
# so stdout carries only the client's own lines. Then the client is exec'd, so its
# exit code is the script's exit code (see examples/README.md).
# Needs: python3 (3.11), Python 2.7 for pesos (python2.7 on PATH, pyenv's 2.7.x, or
# $PESOS_PYTHON), go (>= 1.22), java (17) and network access to PyPI, the Go
# module proxy and Maven Central (Maven itself comes via ../mvnw).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cache=${MESOS_BRIDGE_CACHE:-$HOME/.cache/mesos-bridge}
mkdir -p "$cache"

log() { echo "run-client: $*" >&2; }
die() { echo "run-client: error: $*" >&2; exit 70; }

# fingerprint of the files a client is built from
fingerprint() {
  (cd "$here" && find "$@" -type f ! -path '*/target/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# serialize setups of the same client (tests may start several clients at once)
with_lock() {
  local name=$1; shift
  if command -v flock >/dev/null 2>&1; then
    exec {lockfd}>"$cache/.$name.lock"
    flock "$lockfd"
    "$@"
    flock -u "$lockfd"
  else
    "$@"
  fi
}

setup_pymesos() {
  local venv="$cache/venv-pymesos" stamp want py=${PYTHON:-python3}
  want="$($py -c 'import sys; print("%d.%d" % sys.version_info[:2])')-$(fingerprint pymesos-example/requirements.txt)"
  stamp="$venv/.stamp"
  [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  log "setting up pymesos venv in $venv (one time)"
  command -v "$py" >/dev/null || die "python3 not found"
  rm -rf "$venv"
  "$py" -m venv "$venv" >&2 || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  local pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
  # http-parser 0.9.0 (a pymesos dependency) must be re-cythonized to build on Python 3.11
  "${pip[@]}" install "cython==0.29.37" >&2
  local tmp; tmp=$(mktemp -d)
  "${pip[@]}" download --no-deps --no-binary :all: "http-parser==0.9.0" -d "$tmp" >&2
  tar -xzf "$tmp"/http-parser-0.9.0.tar.gz -C "$tmp"
  rm -f "$tmp"/http-parser-0.9.0/http_parser/*.so
  (cd "$tmp/http-parser-0.9.0/http_parser" && "$venv/bin/cython" parser.pyx -o parser.c) >&2
  "${pip[@]}" install "$tmp/http-parser-0.9.0" >&2
  rm -rf "$tmp"
  "${pip[@]}" install -r "$here/pymesos-example/requirements.txt" >&2
  "$venv/bin/python" -c 'import pymesos, http_parser.parser' >&2 || die "pymesos install is broken"
  echo "$want" > "$stamp"
}

# pesos (the pure-Python v0 driver) needs tornado 4.1 and trollius: Python 2.7
find_python27() {
  local candidate
  for candidate in "${PESOS_PYTHON:-}" "$(command -v python2.7 || true)" \
      $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7*/bin/python2.7 2>/dev/null | sort -V -r); do
    if [[ -n "$candidate" && -x "$candidate" ]] \
        && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

setup_pesos() {
  local venv="$cache/venv-pesos" stamp="$cache/venv-pesos/.stamp" want py req="$here/pesos-framework/requirements.txt"
  py=$(find_python27) || die "pesos needs Python 2.7: put python2.7 on PATH, install it with pyenv, or set PESOS_PYTHON"
  want="$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')-$(fingerprint pesos-framework/requirements.txt)"
  [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  log "setting up pesos venv in $venv with $py (one time)"
  rm -rf "$venv"
  local tmp; tmp=$(mktemp -d)
  # Python 2.7 has no venv module: virtualenv 16.7.12 (single file, pip/setuptools wheels bundled)
  "$py" -m pip --disable-pip-version-check -q install --target "$tmp/virtualenv" "virtualenv==16.7.12" >&2
  PYTHONPATH="$tmp/virtualenv" "$py" -m virtualenv --no-download -q "$venv" >&2
  local pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-python-version-warning -q)
  # protobuf 2.6.1 (sdist only) has setup_requires=['google-apputils'], which no longer installs on
  # Python 2.7: drop it and install the pure-Python package from the patched tree
  local pb; pb=$(sed -n 's/^protobuf==//p' "$req")
  [[ -n "$pb" ]] || die "no protobuf pin in $req"
  "${pip[@]}" download --no-deps --no-binary :all: "protobuf==$pb" -d "$tmp" >&2
  tar -xzf "$tmp/protobuf-$pb.tar.gz" -C "$tmp"
  sed -i "/setup_requires = \['google-apputils'\],/d" "$tmp/protobuf-$pb/setup.py"
  "${pip[@]}" install --no-deps "$tmp/protobuf-$pb" >&2
  rm -rf "$tmp"
  # compactor 0.3.0 instead of pesos's compactor==0.2.2 pin: hence --no-deps, every dependency pinned
  "${pip[@]}" install --no-deps -r "$req" >&2
  "$venv/bin/python" -c 'import pesos.scheduler, compactor.context, mesos.interface, tornado, trollius' >&2 \
    || die "pesos install is broken"
  echo "$want" > "$stamp"
}

setup_mesosgo() {
  local bin="$cache/bin/mesosgo" stamp="$cache/bin/.mesosgo.stamp" want
  command -v go >/dev/null || die "go not found"
  want="$(go env GOVERSION)-$(fingerprint mesos-go-framework)"
  [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  log "building mesos-go client into $bin (one time)"
  mkdir -p "$cache/bin"
  (cd "$here/mesos-go-framework" && go build -mod=readonly -buildvcs=false -trimpath -o "$bin.tmp" .) >&2
  mv "$bin.tmp" "$bin"
  echo "$want" > "$stamp"
}

# mesos-go's own example scheduler and example executor, unmodified (the executor is static: it runs in any image)
setup_mesosgo_example() {
  local dir="$cache/bin/mesosgo-example" stamp="$cache/bin/.mesosgo-example.stamp" want
  command -v go >/dev/null || die "go not found"
  want="$(go env GOVERSION)-$(fingerprint mesos-go-example)"
  [[ -x "$dir/example-scheduler" && -x "$dir/example-executor" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  log "building mesos-go's example scheduler and executor into $dir (one time)"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$here/mesos-go-example" && CGO_ENABLED=0 go build -mod=readonly -buildvcs=false -trimpath -o "$dir.tmp/" \
      github.com/mesos/mesos-go/api/v1/cmd/example-scheduler github.com/mesos/mesos-go/api/v1/cmd/example-executor) >&2
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  echo "$want" > "$stamp"
}

setup_rxjava() {
  local dir="$cache/rxjava" jar="$cache/rxjava/rxjava-framework.jar" stamp="$cache/rxjava/.stamp" want
  command -v java >/dev/null || die "java not found"
  want=$(fingerprint rxjava-framework)
  [[ -f "$jar" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  log "building mesos-rxjava client into $jar (one time)"
  mkdir -p "$dir"
  "$repo/mvnw" -q -B -f "$here/rxjava-framework/pom.xml" -Drx.buildDir="$dir/build" package >&2
  cp "$dir/build/rxjava-framework.jar" "$jar.tmp"
  mv "$jar.tmp" "$jar"
  echo "$want" > "$stamp"
}

usage() {
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

client=${1:-}
[[ $# -gt 0 ]] && shift
case "$client" in
  pymesos)
    with_lock pymesos setup_pymesos
    exec "$cache/venv-pymesos/bin/python" -u "$here/pymesos-example/example_scheduler.py" "$@" ;;
  pymesos-executor)
    # a pymesos scheduler and its custom executor (pymesos's executor driver) exchanging framework messages
    with_lock pymesos setup_pymesos
    exec "$cache/venv-pymesos/bin/python" -u "$here/pymesos-executor/scheduler.py" "$@" ;;
  pesos)
    with_lock pesos setup_pesos
    exec "$cache/venv-pesos/bin/python" -u "$here/pesos-framework/pesos_framework.py" "$@" ;;
  mesos-go|mesosgo|go)
    with_lock mesosgo setup_mesosgo
    exec "$cache/bin/mesosgo" "$@" ;;
  mesos-go-example)
    # mesos-go's example scheduler; it serves the example executor binary to the executor's fetcher itself
    with_lock mesosgo-example setup_mesosgo_example
    exec "$cache/bin/mesosgo-example/example-scheduler" -executor "$cache/bin/mesosgo-example/example-executor" "$@" ;;
  rxjava|mesos-rxjava|java)
    with_lock rxjava setup_rxjava
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -jar "$cache/rxjava/rxjava-framework.jar" "$@" ;;
  setup)
    [[ $# -eq 0 ]] && set -- pymesos pesos mesos-go mesos-go-example rxjava
    for c in "$@"; do
      case "$c" in
        pymesos) with_lock pymesos setup_pymesos ;;
        pesos) with_lock pesos setup_pesos ;;
        mesos-go) with_lock mesosgo setup_mesosgo ;;
        mesos-go-example) with_lock mesosgo-example setup_mesosgo_example ;;
        rxjava) with_lock rxjava setup_rxjava ;;
        *) usage ;;
      esac
    done
    log "setup done in $cache" ;;
  -h|--help|help|"") usage ;;
  *) echo "run-client: unknown client '$client'" >&2; usage ;;
esac
