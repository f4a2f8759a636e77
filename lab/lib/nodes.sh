# shellcheck shell=bash disable=SC2034  # NODE_* and the paths are read by the files that source this one
# The running fleet: its state files in $LAB_DIR, and each node's life (create, start, stop, enter).
#   fleet.tsv      one line per node: name, cluster, role, port (the fleet exists while this file does)
#   fleet.env      layer=DIR — the lab layer the nodes were built from
#   nodes/NAME/    upper/ work/ (overlayfs), root/ (the node's root, mounted), supervisor.pid,
#                  unshare.pid, state, console.log (supervisor and sshd output), hold (fault unreachable)
# Sourced after common.sh.

FLEET_TSV="$LAB_DIR/fleet.tsv"
FLEET_ENV="$LAB_DIR/fleet.env"
NODES_DIR="$LAB_DIR/nodes"
LAB_KEY="$LAB_DIR/ssh/id_ed25519"
LAB_KNOWN_HOSTS="$LAB_DIR/known_hosts"
LAB_INVENTORY="$LAB_DIR/inventory.yml"

# Files inside a node that hold its faults and its apt sources.
NODE_APT_BROKEN=etc/apt/sources.list.d/lab-fault-apt-broken.list
NODE_SLOW=etc/lab/slow
NODE_INSTALL_DELAY=etc/apt/apt.conf.d/99lab-install-delay
NODE_SOURCES=etc/apt/sources.list

fleet_exists() { [[ -f $FLEET_TSV ]]; }

require_fleet() {
  fleet_exists || { printf 'fleet: no fleet running (start one with: lab/fleet up N)\n' >&2; exit "$EXIT_NO_FLEET"; }
}

# node_lookup NAME — sets NODE_NAME NODE_CLUSTER NODE_ROLE NODE_PORT NODE_DIR, or exits (usage error).
node_lookup() {
  local want=$1 name cluster role port
  require_fleet
  while IFS=$'\t' read -r name cluster role port; do
    if [[ $name == "$want" ]]; then
      NODE_NAME=$name NODE_CLUSTER=$cluster NODE_ROLE=$role NODE_PORT=$port
      NODE_DIR="$NODES_DIR/$name"
      return 0
    fi
  done < "$FLEET_TSV"
  usage_error "unknown node '$want' (nodes: $(cut -f1 "$FLEET_TSV" | paste -sd' '))"
}

fleet_layer() {
  local key value
  while IFS='=' read -r key value; do
    [[ $key == layer ]] && { printf '%s' "$value"; return 0; }
  done < "$FLEET_ENV"
  die "$FLEET_ENV names no layer"
}

# fleet_plan N K — the fleet's node lines: K clusters lab-a, lab-b, ... split contiguously (the first
# N mod K clusters get one node more); the first node of each cluster is its control plane.
fleet_plan() {
  local n=$1 k=$2 c i size index=0 letters=abcdefghijklmnopqrstuvwxyz cluster role
  for (( c = 0; c < k; c++ )); do
    size=$(( n / k + (c < n % k ? 1 : 0) ))
    cluster="lab-${letters:c:1}"
    for (( i = 1; i <= size; i++ )); do
      index=$(( index + 1 ))
      role=worker
      (( i == 1 )) && role=control-plane
      printf '%s\t%s\t%s\t%s\n' "$cluster-$i" "$cluster" "$role" "$(( LAB_PORT_BASE + index ))"
    done
  done
}

ensure_lab_key() {
  [[ -f $LAB_KEY ]] && return 0
  install -d -m 0700 "$(dirname "$LAB_KEY")"
  ssh-keygen -q -t ed25519 -N '' -C "ospatch-lab@$(hostname)" -f "$LAB_KEY"
  info "generated the lab key $LAB_KEY"
}

# node_create NAME PORT LAYER APT_MODE — the node's own overlay root, identity and keys.
node_create() {
  local name=$1 port=$2 layer=$3 mode=$4 dir="$NODES_DIR/$1" root
  root="$dir/root"
  mkdir -p "$dir/upper" "$dir/work" "$root"
  mount -t overlay overlay \
    -o "lowerdir=$layer/layer:$IMAGE_BASE_DIR/root,upperdir=$dir/upper,workdir=$dir/work" "$root"
  printf '%s\n' "$name" > "$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$name" > "$root/etc/hosts"
  tr -d '-' < /proc/sys/kernel/random/uuid > "$root/etc/machine-id"
  [[ -f /etc/resolv.conf ]] && cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  ssh-keygen -q -t ed25519 -N '' -C "root@$name" -f "$root/etc/ssh/ssh_host_ed25519_key"
  printf 'Port %s\n' "$port" > "$root/etc/ssh/sshd_config.d/lab-node.conf"
  install -d -m 0700 "$root/root/.ssh"
  install -m 0600 "$LAB_KEY.pub" "$root/root/.ssh/authorized_keys"
  node_write_sources "$root" "$mode"
}

# node_write_sources ROOT local|mirror
node_write_sources() {
  local root=$1 mode=$2
  case $mode in
    local)
      printf 'deb [trusted=yes] file:/srv/lab-repo ./\n' > "$root/$NODE_SOURCES"
      ;;
    mirror)
      printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
        "$LAB_MIRROR" "$LAB_MIRROR" "$LAB_SECURITY_MIRROR" > "$root/$NODE_SOURCES"
      ;;
  esac
}

node_apt_mode() {
  local root="$NODES_DIR/$1/root"
  if grep -q 'file:/srv/lab-repo' "$root/$NODE_SOURCES" 2>/dev/null; then printf local; else printf mirror; fi
}

# node_start NAME REPO — start the node's supervisor (which starts the node).
node_start() {
  local name=$1 repo=$2 dir="$NODES_DIR/$1"
  rm -f "$dir/state"
  # Closed 8 and 9: the supervisor must not hold the lab's locks for its whole life.
  setsid "$LAB_LIB/node-supervisor" "$dir" "$name" "$repo" "$LAB_BOOT_DELAY" \
    </dev/null >>"$dir/console.log" 2>&1 8>&- 9>&- &
  printf '%s\n' "$!" > "$dir/supervisor.pid"
}

# node_init_pid NAME — the host pid of the node's PID 1, or nothing when the node is not running.
node_init_pid() {
  local dir="$NODES_DIR/$1" unshare_pid children
  unshare_pid=$(read_pid "$dir/unshare.pid")
  [[ -n $unshare_pid ]] && pid_matches "$unshare_pid" unshare || return 0
  read -r children < "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true
  [[ -n ${children:-} ]] && printf '%s' "${children%% *}"
  return 0
}

# node_is_up NAME PORT [LISTENING] — the node runs and its sshd listens (LISTENING: the output of
# listening_ports, when the caller has it already).
node_is_up() {
  local ports=${3:-}
  [[ -n $(node_init_pid "$1") ]] || return 1
  [[ -n $ports ]] || ports=$(listening_ports)
  [[ $'\n'$ports$'\n' == *$'\n'"$2"$'\n'* ]]
}

# node_exec NAME CMD... — run CMD inside the running node (its namespaces and root), as root.
node_exec() {
  local name=$1 pid
  shift
  pid=$(node_init_pid "$name")
  [[ -n $pid ]] || die "node $name is not running"
  nsenter --target "$pid" --mount --uts --pid --root --wd -- \
    env -i PATH="$LAB_NODE_PATH" HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# node_run_file NAME PATH — PATH (absolute, inside the node) as the host sees it in the running node,
# including its private /run.
node_run_file() {
  local pid
  pid=$(node_init_pid "$1")
  [[ -n $pid ]] || die "node $1 is not running"
  printf '/proc/%s/root%s' "$pid" "$2"
}

# wait_nodes_up SECONDS NAME:PORT... — wait until every node listens; false when time runs out.
wait_nodes_up() {
  local deadline=$(( SECONDS + $1 )) entry pending ports
  shift
  local -a todo=("$@")
  while (( ${#todo[@]} > 0 )); do
    pending=()
    ports=$(listening_ports)
    for entry in "${todo[@]}"; do
      node_is_up "${entry%%:*}" "${entry##*:}" "$ports" || pending+=("$entry")
    done
    todo=("${pending[@]}")
    (( ${#todo[@]} == 0 )) && return 0
    (( SECONDS >= deadline )) && { info "not up in time: ${todo[*]%%:*}"; return 1; }
    sleep 0.1
  done
}

# node_hold NAME — stop the node and keep it stopped (fault unreachable).
node_hold() {
  local name=$1 dir="$NODES_DIR/$1" tries=100 pid init state=
  touch "$dir/hold"
  init=$(node_init_pid "$name")
  while (( tries-- > 0 )); do
    pid=$(read_pid "$dir/unshare.pid")
    if [[ -n $pid ]] && pid_matches "$pid" unshare; then kill -KILL "$pid" 2>/dev/null || true; fi
    read -r state < "$dir/state" 2>/dev/null || state=
    [[ $state == held && -z $(read_pid "$dir/unshare.pid") ]] && break
    sleep 0.1
  done
  [[ $state == held ]] || die "node $name did not stop"
  [[ -z $init ]] || wait_gone "$init" 10 || die "the processes of node $name did not end"
}

# node_release NAME PORT — let the supervisor start the node again and wait until it is up.
node_release() {
  local name=$1 port=$2
  rm -f "$NODES_DIR/$name/hold"
  wait_nodes_up 60 "$name:$port" || die "node $name did not come up again (see $NODES_DIR/$name/console.log)"
}

# node_faults NAME — the node's faults, comma-separated, or "-".
node_faults() {
  local name=$1 root="$NODES_DIR/$1/root" seconds pid
  local -a faults=()
  [[ -e $NODES_DIR/$name/hold ]] && faults+=(unreachable)
  [[ -e $root/$NODE_APT_BROKEN ]] && faults+=(apt-broken)
  if [[ -f $root/$NODE_SLOW ]]; then
    read -r seconds < "$root/$NODE_SLOW" || seconds='?'
    faults+=("slow=${seconds}s")
  fi
  if [[ -f $root/$NODE_INSTALL_DELAY ]]; then
    seconds=$(sed -n 's/^DPkg::Pre-Invoke {"sleep \([0-9]*\)";};$/\1/p' "$root/$NODE_INSTALL_DELAY")
    faults+=("install-delay=${seconds:-?}s")
  fi
  pid=$(node_init_pid "$name")
  [[ -n $pid && -e /proc/$pid/root/run/reboot-required ]] && faults+=(reboot-required)
  local IFS=,
  if (( ${#faults[@]} )); then printf '%s' "${faults[*]}"; else printf -- '-'; fi
}

# fleet_teardown — stop every node of $LAB_DIR (also of a half-built fleet) and remove its state.
fleet_teardown() {
  local dir pid
  local -a inits=()
  for dir in "$NODES_DIR"/*/; do
    [[ -d $dir ]] || continue
    dir=${dir%/}
    pid=$(node_init_pid "$(basename "$dir")")
    [[ -n $pid ]] && inits+=("$pid")
    pid=$(read_pid "$dir/supervisor.pid")
    if [[ -n $pid ]] && pid_matches "$pid" node-supervisor; then
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
    fi
    pid=$(read_pid "$dir/unshare.pid")
    if [[ -n $pid ]] && pid_matches "$pid" unshare; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  sweep_node_processes
  for pid in "${inits[@]}"; do
    wait_gone "$pid" 15 || die "node process $pid did not end"
  done
  remove_tree "$NODES_DIR"
  rm -f "$FLEET_TSV" "$FLEET_ENV" "$LAB_INVENTORY" "$LAB_KNOWN_HOSTS"
  fleet_check_clean
}

# fleet_processes — pids of this lab dir's supervisors and node boots, and of every process rooted in
# one of its nodes (whatever a pid file missed). One find and one grep: no fork per process.
fleet_processes() {
  local file pid
  local -a args
  {
    find /proc/[0-9]*/root -maxdepth 0 -lname "$NODES_DIR/*" 2>/dev/null || true
    grep -lsaF -e node-supervisor -e node-boot /proc/[0-9]*/cmdline 2>/dev/null || true
  } | while read -r file; do
    pid=${file#/proc/}
    pid=${pid%%/*}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    if [[ $file == */cmdline ]]; then
      mapfile -d '' -t args 2>/dev/null < "$file" || continue
      [[ " ${args[*]} " == *" $NODES_DIR/"* ]] || continue
    fi
    printf '%s\n' "$pid"
  done | sort -un
}

sweep_node_processes() {
  local pid
  for pid in $(fleet_processes); do
    kill -KILL "$pid" 2>/dev/null || true  # it may have ended meanwhile
  done
  return 0
}

# fleet_check_clean — fail unless no process and no mount of this lab dir is left.
fleet_check_clean() {
  local left tries=50
  left=$(fleet_processes | paste -sd' ')
  # Killed processes take a moment to be gone.
  while [[ -n $left ]] && (( tries-- > 0 )); do
    sleep 0.1
    left=$(fleet_processes | paste -sd' ')
  done
  [[ -z $left ]] || die "processes left behind: $left"
  [[ -z $(mounts_under "$NODES_DIR") ]] || die "mounts left behind: $(mounts_under "$NODES_DIR" | paste -sd' ')"
}
