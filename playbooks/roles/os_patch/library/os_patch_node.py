#!/usr/bin/python
# -*- coding: utf-8 -*-
"""os_patch_node: one phase of an OS patch, done on the node in one module run.

The role used to do this in about 57 tasks per host; each task is a round trip and a module
transfer, and at fleet scale the controller's CPU was the limit. Here the node does the work
itself with its own package tools (apt-get/dpkg, dnf/rpm), and the controller pays for one
module run per phase.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: os_patch_node
short_description: Inspect or patch a node's OS within its release, in one module run
description:
  - C(phase=inspect) reads the node's OS, the installed packages and, with I(look_ahead), what an
    upgrade within the installed release would change and which point release it brings.
    It changes nothing on the node.
  - C(phase=patch) does the same, then upgrades within the release (Debian/Ubuntu
    C(apt-get dist-upgrade), RedHat family C(dnf upgrade)) with the I(hold) packages kept at
    their version, releases the holds on every path, and reports what changed.
  - Under check mode, C(phase=patch) only looks ahead and reports what the upgrade would change.
  - After a real upgrade each changed package carries the CVE ids its update names: Debian/Ubuntu
    from the package's installed changelog (the entries after C(from) up to C(to)), RedHat family
    from C(dnf updateinfo) read before the upgrade. Inspect and check mode give none: nothing new is
    installed, so there is no changelog to read yet.
  - The result keys match the ospatch result (playbooks/README.md, format 2).
options:
  phase:
    description: C(inspect) looks; C(patch) upgrades.
    type: str
    required: true
    choices: [inspect, patch]
  look_ahead:
    description:
      - C(phase=inspect) only. Look at what an upgrade would bring (packages, target version).
        False reads the OS and whether a reboot is pending, nothing else (after a reboot).
    type: bool
    default: true
  hold:
    description: Packages kept at their installed version by the upgrade and left out of C(packages).
    type: list
    elements: str
    default: []
  refresh_private_lists:
    description:
      - Debian/Ubuntu, look-ahead without upgrading (inspect, or patch under check mode). Refresh
        a private temporary copy of the package lists first; the node's own lists stay untouched.
        False uses the node's lists as they are. C(phase=patch) refreshes the node's own lists.
    type: bool
    default: true
  lock_timeout:
    description: Debian/Ubuntu, seconds to wait for a dpkg/apt lock another process holds.
    type: int
    default: 300
  hold_note:
    description:
      - Debian/Ubuntu, the file that names the packages this module held, written before holding
        them and removed after releasing them, so a run cut short is cleaned up by the next one.
    type: path
    default: /var/lib/os-patch/held-packages
  release_packages:
    description: RedHat family, the packages that carry the release version; the first installed one counts.
    type: list
    elements: str
    default: [redhat-release, rocky-release, almalinux-release, centos-stream-release, oraclelinux-release]
  needs_restarting_package:
    description: RedHat family, the package that provides C(needs-restarting); patch installs it.
    type: str
    default: yum-utils
author: ospatch
"""

EXAMPLES = r"""
- name: Patch the node within its release
  os_patch_node:
    phase: patch
    hold: [kubelet, kubeadm, kubectl]
  register: patched

- name: Look at what a patch would bring, changing nothing
  os_patch_node:
    phase: inspect
"""

RETURN = r"""
before:
  description: The OS when the run started, C({distribution, os_family, version, kernel}).
  returned: always, null only when it could not be read
  type: dict
os:
  description: The OS at the end of the run (after the upgrade for C(phase=patch)); same keys.
  returned: success
  type: dict
status:
  description: patch C(patched) or C(already-current); inspect C(updates-available) or C(already-current).
  returned: success
  type: str
target_version:
  description: The version an upgrade brings; empty when it could not be found.
  returned: when looked ahead
  type: str
packages:
  description:
    - C({name, from, to, security, cves}) sorted by name. Patch what changed; inspect and check mode
      what an upgrade would change. Hold packages never appear.
    - C(cves) the CVE ids the update names (upper case, sorted, unique); empty for inspect, check mode,
      an installed or removed package, and whenever they could not be read.
  returned: always
  type: list
held:
  description: The hold packages installed on the node.
  returned: always
  type: list
reboot_required:
  description: A reboot is pending at the end of the run.
  returned: success
  type: bool
step:
  description: On failure, what the module was doing, e.g. "Refresh the node's package lists".
  returned: failure
  type: str
"""

import glob
import gzip
import io
import os
import platform
import re
import shlex
import shutil
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule

SUPPORTED_FAMILIES = ("Debian", "RedHat")
# os-release ID -> (distribution, os_family), named as Ansible's setup names them. Read here from
# /etc/os-release rather than through Ansible's fact collectors: those would make the module's
# payload several times bigger, and every run pays for building, sending and unpacking it.
DISTRIBUTIONS = {
    "debian": ("Debian", "Debian"), "ubuntu": ("Ubuntu", "Debian"),
    "rhel": ("RedHat", "RedHat"), "rocky": ("Rocky", "RedHat"), "almalinux": ("AlmaLinux", "RedHat"),
    "centos": ("CentOS", "RedHat"), "ol": ("OracleLinux", "RedHat"), "fedora": ("Fedora", "RedHat"),
    "amzn": ("Amazon", "RedHat"),
}

# apt-get -s: "Inst NAME [FROM] (TO ORIGIN, ORIGIN [ARCH])" (no [FROM] for a new package);
# an origin is "Label:Version/Suite", e.g. "Debian-Security:12/stable-security".
_APT_INST = re.compile(r"^Inst (\S+) (?:\[([^\]]*)\] )?\((\S+) ([^)]*)\)")
_APT_REMV = re.compile(r"^Remv (\S+)(?: \[([^\]]*)\])?")
_SECURITY = re.compile(r"security", re.IGNORECASE)
# Debian's base-files version carries the point release: 12.4+deb12u15 -> 12.15.
_DEBIAN_BASE_FILES = re.compile(r"^(\d+)(?:\.\d+)*\+deb\d+u(\d+)$")
# An RPM NEVRA as dnf prints it: name-[epoch:]version-release.arch
_NEVRA = re.compile(r"^(?P<name>.+)-(?:\d+:)?[^-:]+-[^-]+\.[^.]+$")
# What apt-get and dpkg say when another process holds their lock (apt before 1.9.11 cannot wait).
_APT_LOCKED = re.compile(r"Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock|"
                         r"is another process using it")
_DPKG_INTERRUPTED = re.compile(r"dpkg was interrupted")

# A CVE id as changelogs and advisories name it (the Java side accepts the same shape only).
_CVE = re.compile(r"\bCVE-\d{4}-\d{4,7}\b", re.IGNORECASE)
# A Debian changelog entry's first line: "source (version) distribution(s); urgency=...".
_CHANGELOG_HEADER = re.compile(r"^[a-z0-9][-+.a-z0-9]*\s+\(([^()\s]+)\)\s+[^;]*;", re.IGNORECASE)
# Where a package's changelog lies once installed; doc dirs may be symlinks to another package's.
CHANGELOG_NAMES = ("changelog.Debian.gz", "changelog.gz", "changelog.Debian", "changelog")

LOCK_RETRY_SECONDS = 3
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LANGUAGE": "C"}
# A look-ahead reads and writes nothing of apt's own state: no lock, no binary cache files.
APT_READONLY_OPTIONS = ["-o", "Debug::NoLocking=true", "-o", "Dir::Cache::pkgcache=",
                        "-o", "Dir::Cache::srcpkgcache="]
# The update hooks (Ubuntu: command-not-found, update-notifier) would write the node's state.
APT_NO_UPDATE_HOOKS = ("#clear APT::Update::Pre-Invoke;\n#clear APT::Update::Post-Invoke;\n"
                       "#clear APT::Update::Post-Invoke-Success;\n")
# As the apt module: keep the node's changed configuration files, never ask.
APT_UPGRADE_OPTIONS = ["-y", "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"]
APT_UPGRADE_ENVIRONMENT = dict(C_LOCALE, DEBIAN_FRONTEND="noninteractive", DEBCONF_NONINTERACTIVE_SEEN="true")
DPKG_QUERY_FORMAT = "${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\t${db:Status-Want}\\n"
RPM_QUERY_FORMAT = "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\n"
APT_RELEASE_PACKAGE = "base-files"
REBOOT_REQUIRED_FILE = "/var/run/reboot-required"


class StepFailed(Exception):
    """A step of the phase failed; the message is the package tool's own where it gave one."""

    def __init__(self, step, message):
        super(StepFailed, self).__init__(message)
        self.step = step


# --- parsers: text of the package tools into records (unit-tested without a node) ----------

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


def distribution(fields):
    """(distribution, os_family) of a parsed os-release. An unknown ID is named by the first word of
    NAME, and its family follows ID_LIKE (Linux Mint: Debian), else it is its own family."""
    known = DISTRIBUTIONS.get(fields.get("ID", "").lower())
    if known:
        return known
    name = (fields.get("NAME") or fields.get("ID") or "Unknown").split()[0]
    like = set(fields.get("ID_LIKE", "").lower().split())
    if like & {"debian", "ubuntu"}:
        return name, "Debian"
    if like & {"rhel", "fedora", "centos"}:
        return name, "RedHat"
    return name, name


def debian_version_from_base_files(version):
    """Best guess of the Debian point release a base-files version brings ('' if none)."""
    match = _DEBIAN_BASE_FILES.match(version or "")
    return "%s.%s" % match.groups() if match else ""


def dpkg_packages(text):
    """Parse dpkg-query output in DPKG_QUERY_FORMAT into {name: {versions, held}}.

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


def rpm_packages(text):
    """Parse rpm -qa output in RPM_QUERY_FORMAT into {name: {versions, held}}: versions as
    [epoch:]version-release, the epoch only when it is not 0 (as dnf prints them)."""
    packages = {}
    for line in (text or "").splitlines():
        fields = line.split("\t")
        if len(fields) < 4 or not fields[0]:
            continue
        name, epoch, version, release = fields[:4]
        evr = "%s-%s" % (version, release)
        if epoch not in ("", "0", "(none)"):
            evr = "%s:%s" % (epoch, evr)
        entry = packages.setdefault(name, {"versions": [], "held": False})
        if evr not in entry["versions"]:
            entry["versions"] = sorted(entry["versions"] + [evr])
    return packages


def apt_simulation(text):
    """The changes ``apt-get -s dist-upgrade`` announces: [{name, from, to, security, cves=[]}]."""
    changes = []
    for line in (text or "").splitlines():
        match = _APT_INST.match(line)
        if match:
            name, old, new, origins = match.groups()
            changes.append({"name": name, "from": old or None, "to": new,
                            "security": bool(_SECURITY.search(origins)), "cves": []})
            continue
        match = _APT_REMV.match(line)
        if match:
            changes.append({"name": match.group(1), "from": match.group(2) or None,
                            "to": None, "security": False, "cves": []})
    return sorted(changes, key=lambda change: change["name"])


def dnf_upgrades(text, installed):
    """Parse ``dnf repoquery --upgrades --qf '%{name}\\t%{evr}\\t%{reponame}'`` into
    [{name, from, to, security=False, cves=[]}] (security comes from dnf updateinfo)."""
    changes = {}
    for line in (text or "").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip():
            continue
        name, evr = fields[0].strip(), fields[1].strip()
        current = (installed or {}).get(name, {}).get("versions", [])
        changes[name] = {"name": name, "from": ", ".join(current) or None, "to": evr,
                         "security": False, "cves": []}
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
    """Diff two snapshots: [{name, from, to, security, cves=[]}], sorted by name.

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
            "cves": [],
        })
    return changes


# --- CVE ids: Debian changelogs, dnf advisories, version comparison ----------------------------

_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _dpkg_order(char):
    """dpkg's weight of a non-digit character: ~ before everything (even the end), letters
    before the other characters."""
    if char == "~":
        return -1
    if char in _LETTERS:
        return ord(char)
    return ord(char) + 256


def _dpkg_verrevcmp(a, b):
    """dpkg's comparison of an upstream version or a revision (lib/dpkg/version.c, verrevcmp)."""
    i = j = 0
    while i < len(a) or j < len(b):
        while (i < len(a) and a[i] not in _DIGITS) or (j < len(b) and b[j] not in _DIGITS):
            ac = _dpkg_order(a[i]) if i < len(a) and a[i] not in _DIGITS else 0
            bc = _dpkg_order(b[j]) if j < len(b) and b[j] not in _DIGITS else 0
            if ac != bc:
                return -1 if ac < bc else 1
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        first_diff = 0
        while i < len(a) and a[i] in _DIGITS and j < len(b) and b[j] in _DIGITS:
            if not first_diff and a[i] != b[j]:
                first_diff = -1 if a[i] < b[j] else 1
            i += 1
            j += 1
        if i < len(a) and a[i] in _DIGITS:
            return 1
        if j < len(b) and b[j] in _DIGITS:
            return -1
        if first_diff:
            return first_diff
    return 0


def _debian_version(version):
    """(epoch, upstream, revision) of a Debian version string."""
    version = version.strip()
    epoch, _, rest = version.partition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
    return int(epoch) if epoch.isdigit() else 0, upstream, revision


def debian_version_compare(a, b):
    """-1, 0 or 1 as Debian version a sorts before, as or after b (as dpkg --compare-versions)."""
    epoch_a, upstream_a, revision_a = _debian_version(a)
    epoch_b, upstream_b, revision_b = _debian_version(b)
    if epoch_a != epoch_b:
        return -1 if epoch_a < epoch_b else 1
    return _dpkg_verrevcmp(upstream_a, upstream_b) or _dpkg_verrevcmp(revision_a, revision_b)


def _rpm_segments(version):
    return re.findall(r"~|\^|\d+|[a-zA-Z]+", version)


def rpm_version_compare(a, b):
    """-1, 0 or 1 as RPM [epoch:]version-release a sorts before, as or after b (rpmvercmp per part;
    ~ sorts before anything, ^ after the end but before any other segment)."""
    def split(evr):
        epoch, _, rest = evr.partition(":") if ":" in evr else ("0", "", evr)
        version, _, release = rest.rpartition("-") if "-" in rest else (rest, "", "")
        return int(epoch) if epoch.isdigit() else 0, version, release

    def vercmp(x, y):
        xs, ys = _rpm_segments(x), _rpm_segments(y)
        for k in range(max(len(xs), len(ys))):
            p = xs[k] if k < len(xs) else None
            q = ys[k] if k < len(ys) else None
            if p == q:
                continue
            if p == "~" or q == "~":
                return -1 if p == "~" else 1
            if p == "^" or q == "^":
                if p is None:
                    return -1
                if q is None:
                    return 1
                return -1 if p == "^" else 1
            if p is None or q is None:
                return -1 if p is None else 1
            if p.isdigit() != q.isdigit():
                return 1 if p.isdigit() else -1
            if p.isdigit():
                p, q = int(p), int(q)
            if p != q:
                return -1 if p < q else 1
        return 0

    epoch_a, version_a, release_a = split(a)
    epoch_b, version_b, release_b = split(b)
    if epoch_a != epoch_b:
        return -1 if epoch_a < epoch_b else 1
    return vercmp(version_a, version_b) or vercmp(release_a, release_b)


def cve_ids(text):
    """The CVE ids text names, upper case, sorted, once each."""
    return sorted({match.group(0).upper() for match in _CVE.finditer(text or "")})


def _bounds(change, compare):
    """(from, to) of a change: the lowest old and the highest new version when several are given."""
    olds = [v.strip() for v in (change.get("from") or "").split(",") if v.strip()]
    news = [v.strip() for v in (change.get("to") or "").split(",") if v.strip()]
    if not olds or not news:
        return None
    lowest = olds[0]
    for version in olds[1:]:
        lowest = version if compare(version, lowest) < 0 else lowest
    highest = news[0]
    for version in news[1:]:
        highest = version if compare(version, highest) > 0 else highest
    return lowest, highest


def changelog_cves(lines, old, new):
    """The CVE ids named by the entries of a Debian changelog (lines, newest entry first) whose
    version is after old and up to new. Stops at the first entry at or before old: a changelog
    can be long, and lines may be read lazily from its file."""
    found = set()
    counting = False
    for line in lines:
        header = _CHANGELOG_HEADER.match(line)
        if header:
            version = header.group(1)
            if debian_version_compare(version, old) <= 0:
                break
            counting = debian_version_compare(version, new) <= 0
            continue
        if line.startswith("Old Changelog:"):
            break
        if counting:
            found.update(cve_ids(line))
    return sorted(found)


def dnf_advisory_cves(text):
    """Parse ``dnf updateinfo list --updates --with-cve`` into [(cve, name, evr)]. dnf 4 prints
    "CVE-ID  Severity/Sec.  NAME-[EPOCH:]VERSION-RELEASE.ARCH" per CVE id and package; dnf 5 a
    table with the same id and package plus the issue date. Lines without both are skipped."""
    entries = []
    for line in (text or "").splitlines():
        words = line.split()
        cve = next((word.upper() for word in words if _CVE.fullmatch(word)), None)
        package = next((word for word in reversed(words) if _NEVRA.match(word)), None) if cve else None
        if not package:
            continue
        name = _NEVRA.match(package).group("name")
        evr = package[len(name) + 1:].rsplit(".", 1)[0]
        if evr.startswith("0:"):
            evr = evr[2:]
        entries.append((cve, name, evr))
    return entries


def advisory_cves(change, advisories):
    """The CVE ids of the advisories for change's package whose version lies after its from and
    up to its to: what this upgrade installed."""
    bounds = _bounds(change, rpm_version_compare)
    if bounds is None:
        return []
    old, new = bounds
    return sorted({cve for cve, name, evr in advisories or [] if name == change["name"]
                   and rpm_version_compare(evr, old) > 0 and rpm_version_compare(evr, new) <= 0})


def with_cves(changes, cves_of):
    """The changes, each with cves_of(change) for an upgrade (from and to both known), else [].
    Reading CVE ids never fails a patch: an error gives that package none."""
    result = []
    for change in changes:
        cves = []
        if change.get("from") and change.get("to"):
            try:
                cves = sorted(set(cves_of(change)))
            except Exception:  # noqa: BLE001 - any error in reading CVE ids leaves the patch as it is
                cves = []
        result.append(dict(change, cves=cves))
    return result


def without(changes, names):
    """The changes of packages not in names."""
    names = set(names)
    return [change for change in changes if change["name"] not in names]


def unique(names):
    """names in their first order, each once."""
    seen = set()
    return [name for name in names if not (name in seen or seen.add(name))]


# --- the node ---------------------------------------------------------------------------------

class Node(object):
    """The node the module runs on: files and commands, in one place so tests can script them."""

    def __init__(self, module):
        self.module = module

    def run(self, argv, step, environ=None, cwd=None, ok=(0,), data=None):
        """Runs argv; returns (rc, stdout, stderr). An rc not in ok raises StepFailed with the
        command's own words."""
        rc, out, err = self.module.run_command(argv, environ_update=dict(environ or C_LOCALE), cwd=cwd,
                                               data=data, binary_data=data is not None)
        if rc not in ok:
            raise StepFailed(step, command_error(argv, rc, out, err))
        return rc, out, err

    def open_binary(self, path):
        """A file opened for reading bytes; raises IOError/OSError when it cannot be read."""
        return open(path, "rb")

    def read(self, path, default=None):
        try:
            with open(path) as handle:
                return handle.read()
        except (IOError, OSError):
            if default is None:
                raise
            return default

    def exists(self, path):
        return os.path.exists(path)

    def which(self, name):
        return self.module.get_bin_path(name)

    def write(self, path, text, mode):
        directory = os.path.dirname(path)
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o755)
        with open(path, "w") as handle:
            handle.write(text)
        os.chmod(path, mode)

    def remove(self, path):
        try:
            os.remove(path)
        except OSError:
            if os.path.exists(path):
                raise

    def scratch(self):
        # In /var/tmp: a copy of the package lists can take hundreds of MB, and /tmp is often in RAM.
        return tempfile.mkdtemp(prefix="os_patch.", dir="/var/tmp")

    def remove_tree(self, path):
        shutil.rmtree(path, ignore_errors=True)

    def copy_tree(self, source, target):
        shutil.copytree(source, target, symlinks=True)

    def glob(self, pattern):
        return sorted(glob.glob(pattern))

    def kernel(self):
        return platform.release()

    def sleep(self, seconds):
        time.sleep(seconds)

    def now(self):
        return time.monotonic()


def command_error(argv, rc, out, err):
    """The error text of a failed command: apt's errors and warnings (E:, W:, Err:) where it gave
    them, so that a mirror's "Failed to fetch" stays in the message, else its stderr."""
    text = "\n".join(part.strip() for part in (err, out) if part and part.strip())
    errors = [line.strip() for line in text.splitlines() if line.startswith(("E:", "W:", "Err:"))]
    if any(line.startswith("E:") for line in errors):
        return ", ".join(errors)
    text = (err or "").strip() or (out or "").strip()
    return text or "%s exited with %s" % (argv[0], rc)


def describe_os(node):
    """{distribution, os_family, version, kernel} of the node."""
    release = node.read("/etc/os-release", "")
    name, family = distribution(os_release(release))
    debian_version = node.read("/etc/debian_version", "") if name == "Debian" else ""
    return {
        "distribution": name,
        "os_family": family,
        "version": os_version(release, debian_version),
        "kernel": node.kernel(),
    }


# --- Debian and Ubuntu ------------------------------------------------------------------------

class Apt(object):
    """Debian/Ubuntu through apt-get and dpkg (no python3-apt needed)."""

    def __init__(self, node, params):
        self.node = node
        self.lock_timeout = params["lock_timeout"]
        self.hold_note = params["hold_note"]

    def installed(self):
        _, out, _ = self.node.run(["dpkg-query", "--show", "--showformat=" + DPKG_QUERY_FORMAT],
                                  "List the installed packages")
        return dpkg_packages(out)

    def look_ahead(self, the_os, installed, hold, refresh):
        """(plan, target_version) of a dist-upgrade. refresh: 'node' refreshes the node's lists,
        'private' a private copy, 'none' uses the node's lists as they are."""
        scratch = self.node.scratch()
        try:
            options = list(APT_READONLY_OPTIONS)
            if refresh == "node":
                self.refresh_node_lists()
            elif refresh == "private":
                options += self.refresh_private_lists(scratch)
            _, out, _ = self.node.run(["apt-get", "--simulate"] + options + ["dist-upgrade"],
                                      "Simulate a dist-upgrade within the installed release")
            plan = without(apt_simulation(out), hold)
            return plan, self.target_version(the_os, plan, options, scratch)
        finally:
            self.node.remove_tree(scratch)

    def refresh_node_lists(self):
        self.with_lock(["apt-get", "--quiet", "-o", "DPkg::Lock::Timeout=%d" % self.lock_timeout, "update"],
                       "Refresh the node's package lists")

    def refresh_private_lists(self, scratch):
        lists = os.path.join(scratch, "lists")
        self.node.copy_tree("/var/lib/apt/lists", lists)
        config = os.path.join(scratch, "apt.conf")
        self.node.write(config, APT_NO_UPDATE_HOOKS, 0o600)
        options = ["-o", "Dir::State::Lists=" + lists]
        self.node.run(["apt-get", "--quiet", "--config-file", config, "update", "-o", "APT::Sandbox::User=root"]
                      + APT_READONLY_OPTIONS + options,
                      "Refresh the private copy of the package lists")
        return options

    def target_version(self, the_os, plan, options, scratch):
        """The point release the candidate base-files carries; the current one when it stays."""
        change = next((c for c in plan if c["name"] == APT_RELEASE_PACKAGE and c["to"]), None)
        if change is None:
            return the_os["version"]
        text = self.candidate_release_text(the_os, options, scratch)
        if text:
            return os_version("", text) if the_os["distribution"] == "Debian" else os_version(text)
        # Fallback: Debian's base-files version names the point release; Ubuntu's does not.
        return debian_version_from_base_files(change["to"]) if the_os["distribution"] == "Debian" else ""

    def candidate_release_text(self, the_os, options, scratch):
        step = "Read the point release the candidate base-files carries"
        rc, _, _ = self.node.run(["apt-get", "--quiet", "download", "-o", "APT::Sandbox::User=root"]
                                 + options + [APT_RELEASE_PACKAGE], step, cwd=scratch, ok=range(256))
        debs = self.node.glob(os.path.join(scratch, APT_RELEASE_PACKAGE + "_*.deb"))
        if rc != 0 or not debs:
            return ""
        unpacked = os.path.join(scratch, APT_RELEASE_PACKAGE)
        rc, _, _ = self.node.run(["dpkg-deb", "--extract", debs[0], unpacked], step, ok=range(256))
        # Debian names its point release in etc/debian_version, Ubuntu in VERSION of os-release.
        member = "etc/debian_version" if the_os["distribution"] == "Debian" else "usr/lib/os-release"
        return self.node.read(os.path.join(unpacked, member), "") if rc == 0 else ""

    def upgrade(self, installed, hold, plan):
        """dist-upgrade with the hold packages held by dpkg for its duration only. Holds the
        operator placed stay; the ones placed here (and those a run cut short left, named in the
        hold note) are released afterwards, whatever happens. Returns whether anything changed."""
        leftover = self.node.read(self.hold_note, "").split()
        operator_holds = {name for name, package in installed.items() if package["held"]} - set(leftover)
        to_hold = [name for name in unique(list(hold) + leftover)
                   if name in installed and name not in operator_holds]
        released_leftovers = [name for name in leftover if installed.get(name, {}).get("held")]
        if not plan and not leftover:
            return False
        try:
            if plan:
                if to_hold:
                    self.node.write(self.hold_note, "\n".join(to_hold) + "\n", 0o644)
                    self.select(to_hold, "hold", "Hold the Kubernetes packages for the duration of the upgrade")
                self.with_lock(["apt-get"] + APT_UPGRADE_OPTIONS
                               + ["-o", "DPkg::Lock::Timeout=%d" % self.lock_timeout, "dist-upgrade"],
                               "Upgrade all packages within the installed release",
                               environ=APT_UPGRADE_ENVIRONMENT, repair=True)
        finally:
            self.select(to_hold, "install", "Release the holds this run placed")
            self.node.remove(self.hold_note)
        return bool(plan) or bool(released_leftovers)

    def select(self, names, selection, step):
        if names:
            self.node.run(["dpkg", "--set-selections"], step,
                          data="".join("%s %s\n" % (name, selection) for name in names))

    def with_lock(self, argv, step, environ=None, repair=False):
        """Runs an apt-get that needs apt's lock, waiting up to lock_timeout for another process
        to let go of it (old apt cannot wait itself). With repair, a dpkg interrupted earlier
        (a node cut off mid-upgrade) is finished with dpkg --configure -a, once."""
        deadline = self.node.now() + self.lock_timeout
        while True:
            rc, out, err = self.node.run(argv, step, environ=environ, ok=range(256))
            if rc == 0:
                return out
            text = (err or "") + (out or "")
            if _APT_LOCKED.search(text) and self.node.now() < deadline:
                self.node.sleep(LOCK_RETRY_SECONDS)
                continue
            if repair and _DPKG_INTERRUPTED.search(text):
                repair = False
                self.node.run(["dpkg", "--configure", "-a"], "Finish an interrupted dpkg run",
                              environ=APT_UPGRADE_ENVIRONMENT)
                continue
            raise StepFailed(step, command_error(argv, rc, out, err))

    def pending_advisories(self, plan):
        """Debian/Ubuntu read CVE ids from the changelogs after the upgrade: nothing to read before."""
        return None

    def cves(self, change, advisories):
        """The CVE ids the installed changelog of change's package names after from, up to to."""
        bounds = _bounds(change, debian_version_compare)
        if bounds is None:
            return []
        path, handle = self.open_changelog(change["name"].split(":")[0])
        if handle is None:
            return []
        with handle:
            # Read lazily, line by line: changelog_cves stops long before the end of a big one.
            stream = gzip.GzipFile(fileobj=handle, mode="rb") if path.endswith(".gz") else handle
            return changelog_cves(io.TextIOWrapper(stream, encoding="utf-8", errors="replace"), *bounds)

    def open_changelog(self, name):
        """(path, binary file) of the package's installed changelog, (None, None) when it has none
        or it cannot be read."""
        for changelog in CHANGELOG_NAMES:
            path = "/usr/share/doc/%s/%s" % (name, changelog)
            try:
                return path, self.node.open_binary(path)
            except (IOError, OSError):
                continue
        return None, None

    def reboot_required(self, strict=False):
        """The packages' own signal: a file that a reboot removes."""
        return self.node.exists(REBOOT_REQUIRED_FILE)


# --- RedHat family ----------------------------------------------------------------------------

class Dnf(object):
    """RedHat family through dnf and rpm. dnf stays within the installed major release."""

    def __init__(self, node, params):
        self.node = node
        self.release_packages = params["release_packages"]
        self.needs_restarting_package = params["needs_restarting_package"]

    def installed(self):
        _, out, _ = self.node.run(["rpm", "--query", "--all", "--queryformat", RPM_QUERY_FORMAT],
                                  "List the installed packages")
        return rpm_packages(out)

    def look_ahead(self, the_os, installed, hold, refresh):
        """(plan, target_version) of dnf upgrade. refresh: 'node' refreshes the metadata; otherwise
        dnf's cache serves, which dnf refreshes itself when it has expired."""
        if refresh == "node":
            self.node.run(["dnf", "--quiet", "makecache"], "Refresh the package metadata")
        excludes = ["--exclude=" + name for name in hold]
        _, upgrades, _ = self.node.run(
            ["dnf", "--quiet", "repoquery", "--upgrades", "--latest-limit=1",
             "--queryformat=%{name}\t%{evr}\t%{reponame}"] + excludes,
            "List the available upgrades within the release")
        _, security, _ = self.node.run(["dnf", "--quiet", "updateinfo", "list", "--security"],
                                       "List the packages named by pending security advisories")
        plan = without(with_security(dnf_upgrades(upgrades, installed), dnf_security_names(security)), hold)
        return plan, self.target_version(installed)

    def target_version(self, installed):
        release = next((name for name in self.release_packages if name in installed), None)
        if release is None:
            return ""
        rc, out, _ = self.node.run(["dnf", "--quiet", "repoquery", "--latest-limit=1", "--queryformat=%{version}",
                                    release], "Ask dnf for the version of the candidate release package",
                                   ok=range(256))
        words = out.split() if rc == 0 else []
        return words[-1] if words else ""

    def upgrade(self, installed, hold, plan):
        changed = False
        if plan:
            # The hold-list is excluded for this transaction only: no versionlock to release later.
            self.node.run(["dnf", "--assumeyes", "upgrade"] + ["--exclude=" + name for name in hold],
                          "Upgrade all packages within the installed major release")
            changed = True
        return self.prepare_reboot_check() or changed

    def pending_advisories(self, plan):
        """[(cve, name, evr)] of the advisories the pending upgrades fix, read before the upgrade
        (afterwards dnf lists them no more). An error gives none: CVE ids never fail a patch."""
        if not plan:
            return []
        rc, out, _ = self.node.run(["dnf", "--quiet", "updateinfo", "list", "--updates", "--with-cve"],
                                   "List the CVE ids of the pending advisories", ok=range(256))
        return dnf_advisory_cves(out) if rc == 0 else []

    def cves(self, change, advisories):
        return advisory_cves(change, advisories)

    def prepare_reboot_check(self):
        """needs-restarting answers whether the node must reboot: installs it when missing."""
        if self.node.which("needs-restarting"):
            return False
        self.node.run(["dnf", "--assumeyes", "install", self.needs_restarting_package],
                      "Make sure needs-restarting is installed")
        return True

    def reboot_required(self, strict=False):
        """needs-restarting -r exits 1 when a reboot is needed, 0 when not."""
        if not self.node.which("needs-restarting"):
            return False
        rc, _, _ = self.node.run(["needs-restarting", "-r"], "Ask needs-restarting whether the node must reboot",
                                 ok=(0, 1) if strict else range(256))
        return rc == 1


# --- the phases -------------------------------------------------------------------------------

def package_manager(node, the_os, params):
    if the_os["os_family"] not in SUPPORTED_FAMILIES:
        raise StepFailed("Check that the role supports the node's OS family",
                         "os_patch supports the OS families %s; this node runs %s (OS family %s)"
                         % (", ".join(SUPPORTED_FAMILIES),
                            " ".join(word for word in (the_os["distribution"], the_os["version"]) if word),
                            the_os["os_family"]))
    return Apt(node, params) if the_os["os_family"] == "Debian" else Dnf(node, params)


def inspect(node, params, result):
    """Fills result with the node's OS and, with look_ahead, what an upgrade would bring."""
    the_os = describe_os(node)
    result.update(before=the_os, os=the_os)
    manager = package_manager(node, the_os, params)
    if params["look_ahead"]:
        installed = manager.installed()
        hold = unique(params["hold"])
        result["held"] = [name for name in hold if name in installed]
        refresh = "private" if params["refresh_private_lists"] else "none"
        plan, target = manager.look_ahead(the_os, installed, hold, refresh)
        result.update(packages=plan, target_version=target,
                      status="updates-available" if plan else "already-current")
    result["reboot_required"] = manager.reboot_required()
    return False


def patch(node, params, result, check_mode):
    """Fills result with what the upgrade changed (check mode: would change); returns changed."""
    before = describe_os(node)
    result.update(before=before, os=before)
    manager = package_manager(node, before, params)
    installed = manager.installed()
    hold = unique(params["hold"])
    result["held"] = [name for name in hold if name in installed]
    if check_mode:
        refresh = "private" if params["refresh_private_lists"] else "none"
    else:
        refresh = "node"
    plan, target = manager.look_ahead(before, installed, hold, refresh)
    result["target_version"] = target
    if check_mode:
        result.update(packages=plan, status="patched" if plan else "already-current",
                      reboot_required=manager.reboot_required())
        return bool(plan)
    advisories = manager.pending_advisories(plan)
    changed = manager.upgrade(installed, hold, plan)
    after_packages = manager.installed() if changed else installed
    packages = with_cves(package_changes(installed, after_packages, plan),
                         lambda change: manager.cves(change, advisories))
    result.update(packages=packages, status="patched" if packages else "already-current")
    result["os"] = describe_os(node) if changed else before
    result["reboot_required"] = manager.reboot_required(strict=True)
    return changed


def run_module(module, node):
    params = module.params
    result = {"changed": False, "before": None, "packages": [], "held": []}
    try:
        if params["phase"] == "patch":
            result["changed"] = patch(node, params, result, module.check_mode)
        else:
            inspect(node, params, result)
    except StepFailed as failure:
        result.pop("changed", None)
        module.fail_json(msg=str(failure), step=failure.step, **result)
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            phase=dict(type="str", required=True, choices=["inspect", "patch"]),
            look_ahead=dict(type="bool", default=True),
            hold=dict(type="list", elements="str", default=[]),
            refresh_private_lists=dict(type="bool", default=True),
            lock_timeout=dict(type="int", default=300),
            hold_note=dict(type="path", default="/var/lib/os-patch/held-packages"),
            release_packages=dict(type="list", elements="str",
                                  default=["redhat-release", "rocky-release", "almalinux-release",
                                           "centos-stream-release", "oraclelinux-release"]),
            needs_restarting_package=dict(type="str", default="yum-utils"),
        ),
        supports_check_mode=True,
    )
    run_module(module, Node(module))


if __name__ == "__main__":
    main()
