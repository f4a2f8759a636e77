# shellcheck shell=bash
# The node image, kept in $LAB_CACHE:
#   base/root      Debian bookworm made by debootstrap (minbase + python3, python3-apt, openssh-server),
#                  built once; base/debs holds the base-files .deb it installed (the "current" one).
#   lab-HASH/      built from base + lab/node/* in seconds, rebuilt when those inputs change:
#     layer/       the lab's changes to the root (an overlayfs upper dir, used as a lower layer by nodes)
#     debs/        the dummy packages, old and new
#     repo/        the local apt repository: current base-files + the new dummy packages
#     behind/      rebuilt base-files packages with lower versions (made on demand by `behind`)
# Sourced after common.sh.

IMAGE_SUITE=bookworm
IMAGE_INCLUDE=python3,python3-apt,openssh-server
# Dummy packages: name, version installed in the image, version in the local repository.
IMAGE_DUMMIES=(
  "kubelet 1.30.0-lab1 1.30.1-lab1"
  "kubectl 1.30.0-lab1 1.30.1-lab1"
  "lab-tools 1.0-lab1 1.1-lab1"
)
IMAGE_BASE_DIR="$LAB_CACHE/base"

# image_ensure_base — debootstrap the bookworm root into the cache unless it is there.
image_ensure_base() {
  [[ -d $IMAGE_BASE_DIR/root ]] && return 0
  ensure_commands debootstrap:debootstrap
  local tmp="$IMAGE_BASE_DIR.tmp" started
  started=$(now)
  remove_tree "$tmp"
  mkdir -p "$tmp/debs"
  info "building the bookworm root with debootstrap from $LAB_MIRROR (once; takes a few minutes)"
  # In namespaces of its own, so that a daemon a package starts and the proc/sys mounts debootstrap
  # makes end with it, even when it is interrupted.
  if ! unshare --fork --pid --kill-child --mount --propagation private --mount-proc -- \
      debootstrap --variant=minbase --include="$IMAGE_INCLUDE" "$IMAGE_SUITE" "$tmp/root" "$LAB_MIRROR" \
      > "$tmp/debootstrap.log" 2>&1; then
    tail -n 20 "$tmp/debootstrap.log" >&2
    die "debootstrap failed (log: $tmp/debootstrap.log)"
  fi
  cp "$tmp"/root/var/cache/apt/archives/base-files_*.deb "$tmp/debs/"
  # Nodes get their own host keys, and apt lists only from the source their mode names.
  rm -f "$tmp"/root/var/cache/apt/archives/*.deb "$tmp"/root/var/cache/apt/*.bin \
    "$tmp"/root/etc/ssh/ssh_host_*
  find "$tmp/root/var/lib/apt/lists" -maxdepth 1 -type f -delete
  mv "$tmp" "$IMAGE_BASE_DIR"
  info "bookworm root ready in $(elapsed_since "$started") s ($(du -sh "$IMAGE_BASE_DIR/root" | cut -f1))"
}

# The current base-files package (the one debootstrap installed).
image_base_files_deb() {
  local debs=("$IMAGE_BASE_DIR"/debs/base-files_*.deb)
  [[ -f ${debs[0]} ]] || die "no base-files package in $IMAGE_BASE_DIR/debs; remove $IMAGE_BASE_DIR to rebuild"
  printf '%s' "${debs[0]}"
}

image_layer_hash() {
  local node_src=$1
  {
    basename "$(image_base_files_deb)"
    cat "${BASH_SOURCE[0]}"
    find "$node_src" -type f | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -c1-12
}

# image_ensure_layer NODE_SRC — print the lab layer directory for the current inputs, building it
# if needed (and dropping older layers no mounted overlay still uses).
image_ensure_layer() {
  local node_src=$1 hash dir
  hash=$(image_layer_hash "$node_src")
  dir="$LAB_CACHE/lab-$hash"
  if [[ ! -d $dir ]]; then
    image_build_layer "$node_src" "$dir"
    image_prune_layers "$dir"
  fi
  printf '%s' "$dir"
}

image_build_layer() {
  local node_src=$1 dir=$2 tmp="$2.tmp" entry name old new started
  started=$(now)
  remove_tree "$tmp"
  mkdir -p "$tmp"/{debs,repo,layer,work,mnt,behind}
  for entry in "${IMAGE_DUMMIES[@]}"; do
    read -r name old new <<< "$entry"
    image_build_dummy "$name" "$old" "$tmp/debs"
    image_build_dummy "$name" "$new" "$tmp/debs"
    cp "$tmp/debs/${name}_${new}_all.deb" "$tmp/repo/"
  done
  cp "$(image_base_files_deb)" "$tmp/repo/"
  image_index_repo "$tmp/repo"
  # The overlay mount lives in a private mount namespace: it cannot outlive the build.
  # shellcheck disable=SC2016  # expanded by the inner bash, from its arguments
  unshare --fork --pid --kill-child --mount --propagation private -- \
    bash -c 'source "$1/common.sh" && source "$1/image.sh" && shift && image_customize "$@"' \
    image_customize "$LAB_LIB" "$tmp" "$node_src" \
    || die "building the lab layer failed"
  rm -rf --one-file-system "${tmp:?}/work" "${tmp:?}/mnt"
  mv "$tmp" "$dir"
  info "lab layer $(basename "$dir") built in $(elapsed_since "$started") s"
}

# image_customize TMP NODE_SRC — runs in a private mount namespace: the lab's changes to the root.
image_customize() {
  local tmp=$1 node_src=$2 root="$1/mnt" name entry old _new
  mount -t overlay overlay -o "lowerdir=$IMAGE_BASE_DIR/root,upperdir=$tmp/layer,workdir=$tmp/work" "$root"
  install -m 0755 "$node_src/lab-reboot" "$root/usr/local/sbin/lab-reboot"
  install -m 0755 "$node_src/lab-python3" "$root/usr/local/bin/lab-python3"
  install -m 0755 "$node_src/policy-rc.d" "$root/usr/sbin/policy-rc.d"
  install -m 0644 "$node_src/sshd_config" "$root/etc/ssh/sshd_config.d/lab.conf"
  # reboot, shutdown, halt, poweroff restart only the node; a diversion keeps them ours even if
  # a package that ships the real ones is installed later.
  for name in reboot shutdown halt poweroff; do
    chroot "$root" dpkg-divert --quiet --local --no-rename --divert "/sbin/$name.distrib" --add "/sbin/$name"
    install -m 0755 "$node_src/reboot" "$root/usr/sbin/$name"
  done
  install -d -m 0755 "$root/srv/lab-repo" "$root/etc/lab"
  printf 'deb [trusted=yes] file:/srv/lab-repo ./\n' > "$root/etc/apt/sources.list"
  install -d -m 0755 "$root/tmp/lab-debs"
  for entry in "${IMAGE_DUMMIES[@]}"; do
    read -r name old _new <<< "$entry"
    cp "$tmp/debs/${name}_${old}_all.deb" "$root/tmp/lab-debs/"
  done
  env -i PATH="$LAB_NODE_PATH" DEBIAN_FRONTEND=noninteractive \
    chroot "$root" sh -c 'dpkg -i /tmp/lab-debs/*.deb' > "$tmp/dpkg.log" 2>&1 \
    || { cat "$tmp/dpkg.log" >&2; return 1; }
  rm -rf "$root/tmp/lab-debs" "$root"/var/log/dpkg.log "$root"/var/cache/debconf/*-old
  umount "$root"
}

# image_build_dummy NAME VERSION OUTDIR — a small Debian package standing in for a real one.
image_build_dummy() {
  local name=$1 version=$2 out=$3 tree
  tree=$(mktemp -d)
  install -d "$tree/DEBIAN" "$tree/usr/share/doc/$name"
  case $name in
    kubelet|kubectl)
      install -d "$tree/usr/bin"
      printf '#!/bin/sh\necho "%s v%s (ospatch lab dummy)"\n' "$name" "${version%%-*}" > "$tree/usr/bin/$name"
      chmod 0755 "$tree/usr/bin/$name"
      ;;
    *)
      install -d "$tree/usr/share/$name"
      printf '%s\n' "$version" > "$tree/usr/share/$name/VERSION"
      ;;
  esac
  printf 'ospatch lab dummy package %s %s\n' "$name" "$version" > "$tree/usr/share/doc/$name/README"
  if [[ $name == lab-tools ]]; then
    image_lab_tools_changelog "$version" | gzip -9n > "$tree/usr/share/doc/$name/changelog.Debian.gz"
  fi
  cat > "$tree/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: all
Maintainer: ospatch lab <lab@lab.invalid>
Section: admin
Priority: optional
Description: ospatch lab dummy $name
 Stands in for the real $name so that patch runs have packages to upgrade and hold.
EOF
  dpkg-deb --root-owner-group -Zgzip -b "$tree" "$out/${name}_${version}_all.deb" >/dev/null
  rm -rf "$tree"
}

# image_lab_tools_changelog VERSION — the Debian changelog lab-tools VERSION ships, newest entry
# first: its own entry and the older ones. The CVE ids are made up; a patch from 1.0-lab1 to 1.1-lab1
# must report those of 1.1-lab1 only, not the one 1.0-lab1 already fixed.
image_lab_tools_changelog() {
  local version=$1
  if [[ $version == 1.1-lab1 ]]; then
    cat <<'EOF'
lab-tools (1.1-lab1) lab; urgency=high

  * Security update (made-up ids, for the ospatch lab):
    - CVE-2026-20001: buffer overflow in the lab tool's parser.
    - cve-2026-20002: path traversal in its unpacker.

 -- ospatch lab <lab@lab.invalid>  Mon, 02 Mar 2026 12:00:00 +0000

EOF
  fi
  cat <<'EOF'
lab-tools (1.0-lab1) lab; urgency=medium

  * Initial lab release; fixes CVE-2025-10001 (made up, for the ospatch lab).

 -- ospatch lab <lab@lab.invalid>  Mon, 06 Jan 2025 12:00:00 +0000
EOF
}

# image_index_repo DIR — make DIR a flat apt repository (Packages, Packages.gz, Release).
image_index_repo() {
  local repo=$1 file
  ( cd "$repo" && dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null )
  gzip -9nkf "$repo/Packages"
  {
    printf 'Origin: ospatch-lab\nLabel: ospatch-lab\nSuite: lab\nCodename: lab\n'
    printf 'Date: %s\nArchitectures: amd64 all\nDescription: ospatch lab repository\nSHA256:\n' \
      "$(LC_ALL=C date -Ru)"
    for file in Packages Packages.gz; do
      printf ' %s %s %s\n' "$(sha256sum < "$repo/$file" | cut -d' ' -f1)" "$(stat -c %s "$repo/$file")" "$file"
    done
  } > "$repo/Release"
}

image_prune_layers() {
  local keep=$1 dir options
  options=$(findmnt -rn -t overlay -o OPTIONS || true)
  for dir in "$LAB_CACHE"/lab-*; do
    [[ -d $dir && $dir != "$keep" && $dir != *.tmp ]] || continue
    # A fleet (of any lab dir) still mounted on it keeps it.
    [[ $options == *"lowerdir=$dir/layer:"* ]] && continue
    remove_tree "$dir"
  done
}

# image_base_files_version — e.g. 12.4+deb12u15
image_base_files_version() {
  dpkg-deb -f "$(image_base_files_deb)" Version
}

# image_behind_deb LAYER_DIR K — print the path of base-files 12.4+deb12uK, building it if needed:
# the current package with a lower version and /etc/debian_version 12.K.
image_behind_deb() {
  local dir=$1 k=$2 current version out tree
  current=$(image_base_files_version)
  version="${current%+deb12u*}+deb12u$k"
  out="$dir/behind/base-files_${version}_amd64.deb"
  [[ -f $out ]] && { printf '%s' "$out"; return 0; }
  tree=$(mktemp -d)
  # As root, dpkg-deb -R keeps the owners of the package (/var/local is root:staff).
  dpkg-deb -R "$(image_base_files_deb)" "$tree/pkg"
  sed -i "s/^Version: .*/Version: $version/" "$tree/pkg/DEBIAN/control"
  printf '12.%s\n' "$k" > "$tree/pkg/etc/debian_version"
  # Conffiles such as /etc/debian_version are not in md5sums; recompute the listed files anyway so the
  # package stays consistent whatever it lists.
  ( cd "$tree/pkg" && sed 's/^[0-9a-f]*  //' DEBIAN/md5sums | xargs -r -d '\n' md5sum > DEBIAN/md5sums.new \
      && mv DEBIAN/md5sums.new DEBIAN/md5sums )
  mkdir -p "$dir/behind"
  dpkg-deb -Zgzip -b "$tree/pkg" "$out.tmp" >/dev/null
  mv "$out.tmp" "$out"
  rm -rf "$tree"
  printf '%s' "$out"
}
