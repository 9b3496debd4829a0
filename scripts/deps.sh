# Sourced by the scripts in this folder: installs Debian packages when missing.
# ensure_debian_packages PKG... installs with apt-get (as root, or via sudo).
ensure_debian_packages() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	echo "Installing Debian packages: ${missing[*]}" >&2
	$sudo apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# The packages a cgo build of a Fyne 2.8 app needs on Debian.
FYNE_BUILD_PACKAGES=(gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev)
