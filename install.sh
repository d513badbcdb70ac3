#!/bin/sh
# Owlat installer: curl -fsSL <url>/install.sh | sh
# Puts the owlat binary in $OWLAT_PREFIX/bin (default /usr/local/bin) and, as root on a systemd host,
# installs an `owlat` service that runs `owlat serve` with its data in /var/lib/owlat.
#
#   OWLAT_VERSION   release to install (default: latest)
#   OWLAT_RELEASES  where release binaries live (default: the project's GitHub releases)
#   OWLAT_BINARY    install this local file instead of downloading (e.g. ./dist/owlat)
#   OWLAT_PREFIX    install prefix (default /usr/local)
#   OWLAT_NO_SERVICE=1  do not install the systemd service
set -eu

prefix=${OWLAT_PREFIX:-/usr/local}
releases=${OWLAT_RELEASES:-https://github.com/owlat/owlat/releases}
version=${OWLAT_VERSION:-latest}

say() { printf 'owlat-install: %s\n' "$*"; }
fail() { printf 'owlat-install: error: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = "Linux" ] || fail "Owlat runs on Linux (found $(uname -s))."
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) fail "unsupported CPU $(uname -m)" ;;
esac

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if [ -n "${OWLAT_BINARY:-}" ]; then
  [ -f "$OWLAT_BINARY" ] || fail "OWLAT_BINARY=$OWLAT_BINARY does not exist"
  cp "$OWLAT_BINARY" "$tmp"
else
  command -v curl >/dev/null 2>&1 || fail "curl is required"
  if [ "$version" = latest ]; then url="$releases/latest/download/owlat-linux-$arch"; else url="$releases/download/v$version/owlat-linux-$arch"; fi
  say "downloading $url"
  curl -fsSL "$url" -o "$tmp" || fail "download failed: $url"
  if curl -fsSL "$url.sha256" -o "$tmp.sha256" 2>/dev/null; then
    want=$(cut -d' ' -f1 < "$tmp.sha256"); have=$(sha256sum "$tmp" | cut -d' ' -f1); rm -f "$tmp.sha256"
    [ "$want" = "$have" ] || fail "checksum mismatch for $url"
    say "checksum verified"
  fi
fi
chmod 0755 "$tmp"
"$tmp" version >/dev/null 2>&1 || fail "the downloaded file does not run on this machine"

mkdir -p "$prefix/bin"
mv "$tmp" "$prefix/bin/owlat"
trap - EXIT
say "installed $("$prefix/bin/owlat" version) to $prefix/bin/owlat"

if [ "$(id -u)" = 0 ] && [ -z "${OWLAT_NO_SERVICE:-}" ] && command -v systemctl >/dev/null 2>&1; then
  id owlat >/dev/null 2>&1 || useradd --system --home /var/lib/owlat --shell /usr/sbin/nologin owlat
  mkdir -p /var/lib/owlat && chown owlat: /var/lib/owlat
  cat > /etc/systemd/system/owlat.service <<UNIT
[Unit]
Description=Owlat email platform
After=network-online.target
Wants=network-online.target

[Service]
User=owlat
Environment=OWLAT_DATA_DIR=/var/lib/owlat
ExecStart=$prefix/bin/owlat serve
Restart=on-failure
KillSignal=SIGTERM
TimeoutStopSec=30
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now owlat
  say "service started: open http://$(hostname -f 2>/dev/null || echo localhost):3000/setup"
else
  say "run it with: owlat serve   (then open http://localhost:3000/setup)"
fi
