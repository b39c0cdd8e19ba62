#!/usr/bin/env bash
# Installs what vgtrace needs on a Debian 12 machine (idempotent; needs root or sudo).
# Java 25 is not packaged for bookworm: the machine must already have a Java 25 JDK (e.g. Temurin).
set -euo pipefail
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
pkgs=(
  maven
  # replay: virglrenderer in-process on Mesa llvmpipe (surfaceless EGL), Venus on lavapipe
  libvirglrenderer1 libgl1-mesa-dri libegl-mesa0 libegl1 libgbm1 mesa-vulkan-drivers
  # ui: JavaFX headless rendering needs fonts and pango; xvfb for a real window
  libfreetype6 fontconfig fonts-dejavu-core libpangoft2-1.0-0 libgtk-3-0 libxtst6 xvfb xauth
)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
