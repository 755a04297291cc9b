# Sourced by the setup scripts. ensure_debian_packages PKG[:COMMAND]...: installs, with apt-get,
# the Debian packages that are missing (a package counts as present when its COMMAND is on PATH,
# or, without a command, when dpkg lists it installed). apt-get update runs only when needed.
ensure_debian_packages() {
  local missing=() spec package command
  for spec in "$@"; do
    package=${spec%%:*}
    command=${spec#*:}
    if [[ "$command" != "$spec" ]]; then
      command -v "$command" >/dev/null 2>&1 && continue
    else
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' && continue
    fi
    missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
