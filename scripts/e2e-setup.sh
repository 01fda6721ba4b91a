#!/usr/bin/env bash
# Installs what the end-to-end suite drives: code-server (VS Code's own server and web
# workbench) into .e2e/code-server, outside the project's dependencies, and Debian's Chromium.
# Idempotent: a second run with everything in place returns at once.
# --code-server-only skips Chromium (for `npm run try`, which uses your own browser).
# Each workaround below is one of the install pitfalls measured in ../shared/notes/vscode-e2e.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3      # the newest code-server whose postinstall runs on Node 20
RIPGREP_PACKAGE_VERSION=1.15.11  # @vscode/ripgrep inside that code-server
RIPGREP_RELEASE=v13.0.0-10       # the prebuilt it would download from GitHub

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix="$root/.e2e/code-server"
bin="$prefix/node_modules/.bin/code-server"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }

with_chromium=true
[ "${1:-}" = "--code-server-only" ] && with_chromium=false

apt_packages=()
if $with_chromium && [ ! -x /usr/bin/chromium ]; then apt_packages+=(chromium); fi
command -v rg >/dev/null 2>&1 || apt_packages+=(ripgrep)
installed_version=$(node -p "require('$prefix/node_modules/code-server/package.json').version" 2>/dev/null || true)
if [ "$installed_version" != "$CODE_SERVER_VERSION" ] || [ ! -x "$bin" ]; then
  [ -f /usr/include/gssapi/gssapi.h ] || apt_packages+=(libkrb5-dev)
fi

if [ ${#apt_packages[@]} -gt 0 ]; then
  log "apt-get install ${apt_packages[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    log "not root: install these Debian packages yourself: ${apt_packages[*]}"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # An empty package list means `apt-get update` never ran on this machine.
  if ! apt-cache show "${apt_packages[0]}" >/dev/null 2>&1; then apt-get update -qq; fi
  apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

if [ "$installed_version" = "$CODE_SERVER_VERSION" ] && [ -x "$bin" ]; then
  log "code-server $CODE_SERVER_VERSION already in $prefix"
  exit 0
fi

log "installing code-server@$CODE_SERVER_VERSION into $prefix (about 2 minutes)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
# release tarball; a tarball of Debian's rg, with `rg` at its root, satisfies it.
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) log "unsupported architecture $(uname -m)"; exit 1 ;;
esac
rg_cache="$work/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz" -C "$(dirname "$(command -v rg)")" rg

rm -rf "$prefix"
mkdir -p "$prefix"
# node-pty's postinstall runs `npx node-gyp`, refused unless npm's `yes` is true; as root the
# lifecycle scripts need --unsafe-perm.
if ! TMPDIR="$work" npm_config_yes=true npm install --prefix "$prefix" --no-save --no-audit --no-fund \
    --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$work/install.log" 2>&1; then
  tail -n 60 "$work/install.log" >&2
  log "code-server install failed"
  exit 1
fi
XDG_CONFIG_HOME="$work" XDG_DATA_HOME="$work" "$bin" --version >&2
log "done"
