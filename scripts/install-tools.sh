#!/usr/bin/env bash
# Installs the test servers (versitygw for S3, Toxiproxy for faults) into .tools/ at pinned
# versions. Each is skipped when the binary there already reports the pinned module version, so
# re-runs cost nothing and a pin change reinstalls.
set -euo pipefail

cd "$(dirname "$0")/.."
export GOBIN="$PWD/.tools"
# The tools must build with the Go that is installed here, never download another toolchain.
export GOTOOLCHAIN=local
mkdir -p "$GOBIN"

# binary name, package, module path (as `go version -m` prints it), version
TOOLS=(
  "versitygw github.com/versity/versitygw/cmd/versitygw github.com/versity/versitygw v1.8.0"
  "server github.com/Shopify/toxiproxy/v2/cmd/server github.com/Shopify/toxiproxy/v2 v2.5.0"
)

for line in "${TOOLS[@]}"; do
  read -r bin pkg mod version <<<"$line"
  target="$GOBIN/$bin"
  if [[ -x "$target" ]] && go version -m "$target" 2>/dev/null | awk -v m="$mod" -v v="$version" '$1 == "mod" && $2 == m && $3 == v { found = 1 } END { exit !found }'; then
    echo "install-tools: $bin $version already in .tools/"
    continue
  fi
  echo "install-tools: installing $pkg@$version"
  start=$SECONDS
  go install "$pkg@$version"
  echo "install-tools: $bin $version installed in $((SECONDS - start)) s"
done

# The Actions cache service for the backend: github tests: nektos/act's artifactcache behind the
# small main in ../shared/tools/actions-cache-server (read-only in CI: built with -o into .tools/,
# nothing written beside the source).
ACS_SRC="../shared/tools/actions-cache-server"
ACS_BIN="$GOBIN/actions-cache-server"
ACS_DEP="github.com/nektos/act v0.2.89"
if [[ -x "$ACS_BIN" ]] && go version -m "$ACS_BIN" 2>/dev/null | awk '$1 == "dep" && $2 " " $3 == "'"$ACS_DEP"'" { found = 1 } END { exit !found }'; then
  echo "install-tools: actions-cache-server ($ACS_DEP) already in .tools/"
elif [[ -d "$ACS_SRC" ]]; then
  echo "install-tools: building actions-cache-server from $ACS_SRC"
  start=$SECONDS
  (cd "$ACS_SRC" && go build -buildvcs=false -trimpath -o "$ACS_BIN" .)
  echo "install-tools: actions-cache-server built in $((SECONDS - start)) s"
else
  echo "install-tools: $ACS_SRC is missing; the backend: github tests will say so" >&2
fi

# The reference implementation, for bench/side-by-side.ts only (not the tests): with --with-reference.
REF_SRC="../shared/peers/gobuildcache"
if [[ " $* " == *" --with-reference "* ]]; then
  if [[ -x "$GOBIN/gobuildcache-ref" ]]; then
    echo "install-tools: gobuildcache-ref already in .tools/"
  elif [[ -d "$REF_SRC" ]]; then
    echo "install-tools: building the reference gobuildcache from $REF_SRC"
    (cd "$REF_SRC" && go build -buildvcs=false -trimpath -o "$GOBIN/gobuildcache-ref" .)
  else
    echo "install-tools: $REF_SRC is missing; the side-by-side bench needs it" >&2
    exit 1
  fi
fi
