#!/usr/bin/env bash
# Builds Agora and starts the all-in-one demo: the workspace service on an embedded MariaDB and one
# site adapter on libvirt's test driver (or real QEMU guests with --libvirt-uri qemu:///system, where
# libvirtd runs), with a development CA and credentials under ./data/demo.
# Installs the Debian packages it needs (libvirt0, libvirt-clients) when they are missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

missing=()
for pkg in libvirt0 libvirt-clients; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "demo: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${AGORA_SKIP_BUILD:-}" != "1" ]; then
  echo "demo: building (mvn -DskipTests install; the first build downloads dependencies)"
  mvn -B -q -DskipTests install
fi
exec "$top/deploy/target/agora/bin/agora-demo" --data-dir "$top/data/demo" "$@"
