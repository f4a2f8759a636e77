# shellcheck shell=bash
# What other tools read about the fleet: its Ansible inventory and its `ospatch import` YAML.
# Sourced after common.sh and nodes.sh.

LAB_PYTHON=/usr/local/bin/lab-python3
LAB_REBOOT_COMMAND=/usr/local/sbin/lab-reboot
LAB_BOOT_TIME_COMMAND='cat /run/lab-boot-id'

lab_ssh_common_args() {
  printf -- '-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes' "$LAB_KNOWN_HOSTS"
}

# known_hosts_write — the host key of every node, as ssh looks it up for 127.0.0.1 and its port.
known_hosts_write() {
  local name _cluster _role port type key _comment
  while IFS=$'\t' read -r name _cluster _role port; do
    read -r type key _comment < "$NODES_DIR/$name/root/etc/ssh/ssh_host_ed25519_key.pub"
    printf '[127.0.0.1]:%s %s %s\n' "$port" "$type" "$key"
  done < "$FLEET_TSV" > "$LAB_KNOWN_HOSTS.tmp"
  mv "$LAB_KNOWN_HOSTS.tmp" "$LAB_KNOWN_HOSTS"
}

# inventory_write — $LAB_INVENTORY: one group per lab cluster, every connection setting per host.
inventory_write() {
  local name cluster role port current=
  {
    printf '# Ansible inventory of the ospatch lab fleet, written by lab/fleet up. Do not edit.\n'
    printf 'all:\n  vars:\n'
    printf '    os_patch_reboot_command: %s\n' "$LAB_REBOOT_COMMAND"
    printf '    os_patch_reboot_boot_time_command: %s\n' "$LAB_BOOT_TIME_COMMAND"
    printf '  children:\n'
    while IFS=$'\t' read -r name cluster role port; do
      if [[ $cluster != "$current" ]]; then
        printf '    %s:\n      hosts:\n' "$cluster"
        current=$cluster
      fi
      printf '        %s:\n' "$name"
      printf '          ansible_host: 127.0.0.1\n'
      printf '          ansible_port: %s\n' "$port"
      printf '          ansible_user: root\n'
      printf '          ansible_ssh_private_key_file: %s\n' "$(yaml_scalar "$LAB_KEY")"
      printf '          ansible_ssh_common_args: "%s"\n' "$(lab_ssh_common_args)"
      printf '          ansible_python_interpreter: %s\n' "$LAB_PYTHON"
      printf '          lab_cluster: %s\n' "$cluster"
      printf '          lab_role: %s\n' "$role"
    done < "$FLEET_TSV"
  } > "$LAB_INVENTORY.tmp"
  mv "$LAB_INVENTORY.tmp" "$LAB_INVENTORY"
}

# fleet_yaml — the fleet in the format `ospatch import` reads. ospatch takes no raw SSH arguments:
# the known-hosts file is a setting of its own, which ospatch turns into the same strict options.
fleet_yaml() {
  local name cluster role port current=
  printf 'clusters:\n'
  while IFS=$'\t' read -r name cluster role port; do
    if [[ $cluster != "$current" ]]; then
      current=$cluster
      printf '  - name: %s\n' "$cluster"
      printf '    kind: provisioned\n'
      printf '    timezone: UTC\n'
      printf '    max-unavailable: 1\n'
      printf '    failure-budget: 1\n'
      printf '    contacts: [security@lab.invalid]\n'
      printf '    ssh-user: root\n'
      printf '    ssh-key: %s\n' "$(yaml_scalar "$LAB_KEY")"
      printf '    known-hosts: %s\n' "$(yaml_scalar "$LAB_KNOWN_HOSTS")"
      printf '    inventory-vars:\n'
      printf '      ansible_python_interpreter: %s\n' "$LAB_PYTHON"
      printf '      os_patch_reboot_command: %s\n' "$LAB_REBOOT_COMMAND"
      printf '      os_patch_reboot_boot_time_command: %s\n' "$LAB_BOOT_TIME_COMMAND"
      printf '    nodes:\n'
    fi
    printf '      - name: %s\n' "$name"
    printf '        address: 127.0.0.1\n'
    printf '        port: %s\n' "$port"
    printf '        role: %s\n' "$role"
  done < "$FLEET_TSV"
}
