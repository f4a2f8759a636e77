# shellcheck shell=bash disable=SC2034  # the settings are read by the files that source this one
# Settings, messages, locks, process and port helpers shared by lab/fleet and its helpers.
# Sourced, never run. Settings come from OSPATCH_LAB_* environment variables (see lab/README.md).

LAB_DIR=${OSPATCH_LAB_DIR:-/var/lib/ospatch-lab}
LAB_CACHE=${OSPATCH_LAB_CACHE:-/var/cache/ospatch-lab}
LAB_PORT_BASE=${OSPATCH_LAB_PORT_BASE:-2200}
LAB_MIRROR=${OSPATCH_LAB_MIRROR:-http://deb.debian.org/debian}
LAB_SECURITY_MIRROR=${OSPATCH_LAB_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# Seconds a node stays down between the end of its processes and its next start (a "reboot").
LAB_BOOT_DELAY=${OSPATCH_LAB_BOOT_DELAY:-1}

# The PATH every process the lab starts in a node gets, whatever the caller's environment holds.
LAB_NODE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

EXIT_FAILED=1
EXIT_USAGE=2
EXIT_NO_FLEET=3

info() { printf 'fleet: %s\n' "$*" >&2; }
die() { printf 'fleet: error: %s\n' "$*" >&2; exit "$EXIT_FAILED"; }
usage_error() { printf 'fleet: %s\n' "$*" >&2; printf "fleet: try 'lab/fleet help'\n" >&2; exit "$EXIT_USAGE"; }

is_positive_int() { [[ $1 =~ ^[1-9][0-9]{0,5}$ ]]; }

# Paths go into overlayfs mount options and YAML unquoted: keep them to characters safe in both.
check_settings() {
  local name value
  for name in LAB_DIR LAB_CACHE; do
    value=${!name}
    [[ $value =~ ^/[A-Za-z0-9._/-]+$ ]] \
      || die "$name '$value' must be an absolute path of letters, digits and . _ / - only"
  done
  if [[ ! $LAB_PORT_BASE =~ ^[0-9]+$ ]] || (( LAB_PORT_BASE < 1024 || LAB_PORT_BASE > 65000 )); then
    die "OSPATCH_LAB_PORT_BASE '$LAB_PORT_BASE' must be a number from 1024 to 65000"
  fi
  [[ $LAB_BOOT_DELAY =~ ^[0-9]+$ ]] || die "OSPATCH_LAB_BOOT_DELAY '$LAB_BOOT_DELAY' must be whole seconds"
  local url
  for url in "$LAB_MIRROR" "$LAB_SECURITY_MIRROR"; do
    [[ $url =~ ^https?://[A-Za-z0-9._:/-]+$ ]] || die "mirror URL '$url' is not a plain http(s) URL"
  done
}

require_root() {
  (( EUID == 0 )) || die "lab/fleet must run as root (it mounts, chroots and makes namespaces)"
}

# ensure_commands CMD:PACKAGE... — install the Debian packages of missing commands (as root).
ensure_commands() {
  local pair cmd pkg
  local -a missing=()
  for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if ! command -v "$cmd" >/dev/null 2>&1 && [[ " ${missing[*]} " != *" $pkg "* ]]; then
      missing+=("$pkg")
    fi
  done
  (( ${#missing[@]} == 0 )) && return 0
  (( EUID == 0 )) || die "missing Debian packages: ${missing[*]} (install them as root)"
  info "installing missing Debian packages: apt-get install -y ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    info "apt-get install failed; running apt-get update and trying again"
    apt-get update >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
      || die "could not install ${missing[*]}"
  fi
}

# The commands lab/fleet itself runs, with the Debian package that brings each.
ensure_fleet_commands() {
  ensure_commands ssh:openssh-client ssh-keygen:openssh-client dpkg-deb:dpkg \
    dpkg-scanpackages:dpkg-dev gzip:gzip sha256sum:coreutils chroot:coreutils timeout:coreutils \
    unshare:util-linux nsenter:util-linux setsid:util-linux flock:util-linux findmnt:util-linux \
    mount:mount umount:mount
  if ! grep -qw overlay /proc/filesystems; then
    command -v modprobe >/dev/null 2>&1 && modprobe overlay
    grep -qw overlay /proc/filesystems || die "this kernel has no overlayfs; the lab needs it"
  fi
}

# Locks: one lab/fleet command changes a fleet at a time; one builds the cache at a time.
# Long-lived children (node supervisors) must be started with these descriptors closed.
lock_fleet() {
  mkdir -p "$LAB_DIR"
  exec 9>"$LAB_DIR/.lock"
  flock -w 900 9 || die "another lab/fleet command still holds $LAB_DIR/.lock"
}
lock_cache() {
  mkdir -p "$LAB_CACHE"
  exec 8>"$LAB_CACHE/.lock"
  flock -w 1800 8 || die "another lab/fleet command still holds $LAB_CACHE/.lock"
}

now() { printf '%s' "$EPOCHREALTIME"; }
elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# read_pid FILE — the pid in FILE, or nothing.
read_pid() {
  local pid=''
  if [[ -r $1 ]]; then read -r pid < "$1" || true; fi
  if [[ $pid =~ ^[0-9]+$ ]]; then printf '%s' "$pid"; fi
  return 0
}

# pid_matches PID WORD — PID is alive and its command line holds WORD (guards against reused pids).
pid_matches() {
  local pid=$1 word=$2
  local -a args
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  mapfile -d '' -t args 2>/dev/null < "/proc/$pid/cmdline" || return 1
  [[ " ${args[*]} " == *"$word"* ]]
}

# wait_gone PID SECONDS — wait until PID has ended (or is a zombie); false on timeout.
wait_gone() {
  local pid=$1 tries=$(( $2 * 10 )) state
  while (( tries-- > 0 )); do
    [[ -e /proc/$pid ]] || return 0
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 0
    [[ $state == Z ]] && return 0
    sleep 0.1
  done
  return 1
}

# Ports with a listening TCP socket on 127.0.0.1 or 0.0.0.0, read from /proc/net/tcp (no connection).
listening_ports() {
  local _sl local_addr _rem st _rest
  while read -r _sl local_addr _rem st _rest; do
    [[ $st == 0A ]] || continue
    case ${local_addr%:*} in
      0100007F|00000000) printf '%d\n' "0x${local_addr#*:}" ;;
    esac
  done < /proc/net/tcp
}

# Mount points at or under DIR, deepest first.
mounts_under() {
  local dir=$1
  findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r
}

# remove_tree DIR — unmount what is mounted under DIR, then delete it without crossing filesystems.
remove_tree() {
  local dir=$1 target
  [[ -e $dir ]] || return 0
  while read -r target; do
    [[ -n $target ]] || continue
    umount "$target" 2>/dev/null || umount -l "$target" || die "cannot unmount $target"
  done < <(mounts_under "$dir")
  rm -rf --one-file-system "$dir"
}

# yaml_scalar VALUE — VALUE as a YAML scalar: plain when safe, double-quoted otherwise.
yaml_scalar() {
  local value=$1
  if [[ $value =~ ^[A-Za-z0-9_./@-][A-Za-z0-9_./@:-]*$ ]]; then
    printf '%s' "$value"
  else
    value=${value//\\/\\\\}
    printf '"%s"' "${value//\"/\\\"}"
  fi
}
