#!/usr/bin/env bash
# Installs the test servers (versitygw for S3, fake-gcs-server for GCS, Toxiproxy for faults, the
# Actions cache services v1 and v2) into .tools/ at pinned versions, from the Go module proxy and this repository's
# files only. Each is skipped when the binary there already reports the pinned module version, so
# re-runs cost nothing and a pin change reinstalls. ../shared is read only for --with-reference.
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
  "fake-gcs-server github.com/fsouza/fake-gcs-server github.com/fsouza/fake-gcs-server v1.56.1"
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

# The two Actions cache services the backend: github tests run against, each built from a go.mod
# of this repository's own (scripts/tools/*/, see their READMEs) that requires the module:
# - actions-cache-server: nektos/act's artifactcache behind a small main, the v1 protocol
#   (ACTIONS_CACHE_URL, what GitHub Enterprise Server speaks);
# - omni-cache: cirruslabs/omni-cache, the v2 protocol (Twirp + blob URLs, what github.com
#   speaks), over the versitygw above.
# Built with -o into .tools/ and -mod=readonly, so nothing is written beside the source. Skipped
# when the binary already holds the module at the version the go.mod requires (as its main module
# when the package is the module's own command).
# binary name, source folder, package, module it must hold
BUILT=(
  "actions-cache-server scripts/tools/actions-cache-server . github.com/nektos/act"
  "omni-cache scripts/tools/actions-cache-v2 github.com/cirruslabs/omni-cache/cmd/omni-cache github.com/cirruslabs/omni-cache"
)

for line in "${BUILT[@]}"; do
  read -r bin src pkg mod <<<"$line"
  target="$GOBIN/$bin"
  version=$(awk -v m="$mod" '($1 == m || ($1 == "require" && $2 == m)) { print $NF; exit }' "$src/go.mod")
  if [[ -z "$version" ]]; then
    echo "install-tools: $src/go.mod does not require $mod" >&2
    exit 1
  fi
  if [[ -x "$target" ]] && go version -m "$target" 2>/dev/null | awk -v m="$mod" -v v="$version" '($1 == "dep" || $1 == "mod") && $2 == m && $3 == v { found = 1 } END { exit !found }'; then
    echo "install-tools: $bin ($mod $version) already in .tools/"
    continue
  fi
  echo "install-tools: building $bin ($mod $version) from $src"
  start=$SECONDS
  (cd "$src" && go build -mod=readonly -buildvcs=false -trimpath -o "$target" "$pkg")
  echo "install-tools: $bin built in $((SECONDS - start)) s"
done

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
