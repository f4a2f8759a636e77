# -*- coding: utf-8 -*-
"""Filters that turn package-manager output into the records of the os_patch result.

They run on the controller and only parse text, so they are unit-tested without a node
(playbooks/tests/test_os_patch_filters.py). Package snapshots share one shape,
``{name: {"versions": [str, ...], "held": bool}}``, so that a before/after diff works the
same for dpkg and rpm.
"""

from __future__ import absolute_import, division, print_function

import re
import shlex

__metaclass__ = type

# apt-get -s: "Inst NAME [FROM] (TO ORIGIN, ORIGIN [ARCH])" (no [FROM] for a new package);
# an origin is "Label:Version/Suite", e.g. "Debian-Security:12/stable-security".
_APT_INST = re.compile(r"^Inst (\S+) (?:\[([^\]]*)\] )?\((\S+) ([^)]*)\)")
_APT_REMV = re.compile(r"^Remv (\S+)(?: \[([^\]]*)\])?")
_SECURITY = re.compile(r"security", re.IGNORECASE)
# Debian's base-files version carries the point release: 12.4+deb12u15 -> 12.15.
_DEBIAN_BASE_FILES = re.compile(r"^(\d+)(?:\.\d+)*\+deb\d+u(\d+)$")
# An RPM NEVRA as dnf prints it: name-[epoch:]version-release.arch
_NEVRA = re.compile(r"^(?P<name>.+)-(?:\d+:)?[^-:]+-[^-]+\.[^.]+$")


def os_release(text):
    """Parse the KEY=VALUE lines of /etc/os-release into a dict."""
    result = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        try:
            words = shlex.split(value)
        except ValueError:
            words = [value.strip("\"'")]
        result[key.strip()] = " ".join(words)
    return result


def os_version(os_release_text, debian_version_text=""):
    """The full OS version of a node: Debian's point release from /etc/debian_version,
    Ubuntu's from VERSION ("18.04.5 LTS" -> "18.04.5"), anything else VERSION_ID."""
    debian_version = (debian_version_text or "").strip()
    if debian_version:
        return debian_version
    fields = os_release(os_release_text)
    if fields.get("ID") == "ubuntu":
        match = re.match(r"\d+(?:\.\d+)*", fields.get("VERSION", ""))
        if match:
            return match.group(0)
    return fields.get("VERSION_ID", "")


def debian_version_from_base_files(version):
    """Best guess of the Debian point release a base-files version brings ('' if none)."""
    match = _DEBIAN_BASE_FILES.match(version or "")
    return "%s.%s" % match.groups() if match else ""


def dpkg_packages(text):
    """Parse ``dpkg-query -W -f '${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\t${db:Status-Want}\\n'``.

    Keeps installed packages only (not config-files or not-installed). A package of a
    foreign architecture is named NAME:ARCH as apt-get names it; the native architecture is
    the one of dpkg itself.
    """
    rows = []
    for line in (text or "").splitlines():
        fields = line.split("\t")
        if len(fields) < 5:
            continue
        name, arch, version, abbrev, want = fields[:5]
        if len(abbrev) < 2 or abbrev[1] in "nc":
            continue
        rows.append((name, arch, version, want.strip()))
    native = next((arch for name, arch, _, _ in rows if name == "dpkg"), None)
    packages = {}
    for name, arch, version, want in rows:
        key = name if arch in (native, "all") or native is None else "%s:%s" % (name, arch)
        packages[key] = {"versions": [version], "held": want == "hold"}
    return packages


def rpm_packages(package_facts):
    """Turn ``ansible_facts.packages`` (package_facts, manager rpm) into a snapshot."""
    packages = {}
    for name, entries in (package_facts or {}).items():
        versions = set()
        for entry in entries:
            evr = "%s-%s" % (entry.get("version"), entry.get("release"))
            if entry.get("epoch") not in (None, 0, "0", ""):
                evr = "%s:%s" % (entry["epoch"], evr)
            versions.add(evr)
        packages[name] = {"versions": sorted(versions), "held": False}
    return packages


def apt_simulation(text):
    """The changes ``apt-get -s dist-upgrade`` announces: [{name, from, to, security}]."""
    changes = []
    for line in (text or "").splitlines():
        match = _APT_INST.match(line)
        if match:
            name, old, new, origins = match.groups()
            changes.append({"name": name, "from": old or None, "to": new,
                            "security": bool(_SECURITY.search(origins))})
            continue
        match = _APT_REMV.match(line)
        if match:
            changes.append({"name": match.group(1), "from": match.group(2) or None,
                            "to": None, "security": False})
    return sorted(changes, key=lambda change: change["name"])


def dnf_upgrades(text, installed):
    """Parse ``dnf repoquery --upgrades --qf '%{name}\\t%{evr}\\t%{reponame}\\n'`` into
    [{name, from, to, security=False}] (security comes from dnf updateinfo)."""
    changes = {}
    for line in (text or "").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip():
            continue
        name, evr = fields[0].strip(), fields[1].strip()
        current = (installed or {}).get(name, {}).get("versions", [])
        changes[name] = {"name": name, "from": ", ".join(current) or None, "to": evr,
                         "security": False}
    return [changes[name] for name in sorted(changes)]


def dnf_security_names(text):
    """Names of the packages that ``dnf updateinfo list --security`` lists."""
    names = set()
    for line in (text or "").splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        match = _NEVRA.match(fields[-1])
        if match:
            names.add(match.group("name"))
    return sorted(names)


def with_security(changes, security_names):
    """Mark the changes whose package is in security_names as security updates."""
    names = set(security_names or [])
    return [dict(change, security=change["security"] or change["name"] in names)
            for change in changes]


def package_changes(before, after, plan=None):
    """Diff two snapshots: [{name, from, to, security}], sorted by name.

    ``from`` is None for a package that was installed, ``to`` None for one that was
    removed. The security flag is taken from the plan (what the upgrade announced).
    """
    security = {change["name"] for change in (plan or []) if change.get("security")}
    changes = []
    for name in sorted(set(before or {}) | set(after or {})):
        old = set((before or {}).get(name, {}).get("versions", []))
        new = set((after or {}).get(name, {}).get("versions", []))
        if old == new:
            continue
        changes.append({
            "name": name,
            "from": ", ".join(sorted(old - new) or sorted(old)) or None,
            "to": ", ".join(sorted(new - old) or sorted(new)) or None,
            "security": name in security,
        })
    return changes


def failure_message(result):
    """The error text of a failed task result: its msg, with stderr when msg does not
    already carry it; for a loop, the messages of the failed items."""
    if not isinstance(result, dict):
        return str(result or "")
    if isinstance(result.get("results"), list):
        messages = [failure_message(item) for item in result["results"]
                    if isinstance(item, dict) and item.get("failed")]
        if messages:
            return "\n".join(message for message in messages if message)
    message = str(result.get("msg") or "").strip()
    stderr = str(result.get("stderr") or "").strip()
    if stderr and message == "non-zero return code":
        # command/shell: the command's own words say more than the module's.
        return stderr
    if stderr and stderr not in message:
        message = "%s\n%s" % (message, stderr) if message else stderr
    return message or "unknown error"


class FilterModule(object):
    """os_patch filters."""

    def filters(self):
        return {
            "os_patch_os_version": os_version,
            "os_patch_debian_version_from_base_files": debian_version_from_base_files,
            "os_patch_dpkg_packages": dpkg_packages,
            "os_patch_rpm_packages": rpm_packages,
            "os_patch_apt_simulation": apt_simulation,
            "os_patch_dnf_upgrades": dnf_upgrades,
            "os_patch_dnf_security_names": dnf_security_names,
            "os_patch_with_security": with_security,
            "os_patch_package_changes": package_changes,
            "os_patch_failure_message": failure_message,
        }
