"""Unit tests of the os_patch_node module (roles/os_patch/library/os_patch_node.py).

The parsers are tested on real outputs of the package tools; the phases on a scripted node
(ScriptedNode below), which answers commands as apt-get, dpkg, dnf and rpm would and records
what the module did. What only a real node proves (apt really upgrading, holds really keeping a
version) is in the lab integration tests (OsPatchPlaybookIntegrationTests).

Run from playbooks/, with the Python that runs Ansible: /usr/bin/python3 -m unittest discover -s tests -v
"""

import gzip
import importlib.util
import io
import pathlib
import unittest

_MODULE = pathlib.Path(__file__).resolve().parents[1] / "roles/os_patch/library/os_patch_node.py"
_SPEC = importlib.util.spec_from_file_location("os_patch_node", _MODULE)
m = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(m)

DEBIAN_SIMULATION = """\
Reading package lists...
Building dependency tree...
Calculating upgrade...
The following packages will be upgraded:
  base-files kubelet lab-tools libssl3
Inst base-files [12.4+deb12u13] (12.4+deb12u15 Debian:12.15/stable [amd64])
Conf base-files (12.4+deb12u15 Debian:12.15/stable [amd64])
Inst libssl3 [3.0.15-1~deb12u1] (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64]) []
Inst linux-image-6.1.0-41-amd64 (6.1.158-1 Debian:12.15/stable [amd64])
Remv oldpkg [1.0-1]
Inst kubelet [1.30.0-lab1] (1.30.1-lab1 localhost [all])
Inst libc6:i386 [2.36-9+deb12u9] (2.36-9+deb12u13 Debian:12.15/stable [i386])
"""

UBUNTU_SIMULATION = """\
Inst libssl1.1 [1.1.1-1ubuntu2.1~18.04.20] (1.1.1-1ubuntu2.1~18.04.23 Ubuntu:18.04/bionic-updates, Ubuntu:18.04/bionic-security [amd64])
Inst base-files [10.1ubuntu2.11] (10.1ubuntu2.12 Ubuntu:18.04/bionic-updates [amd64])
"""

DPKG_QUERY = "\n".join([
    "dpkg\tamd64\t1.21.22\tii \tinstall",
    "kubelet\tall\t1.30.0-lab1\thi \thold",
    "kubectl\tall\t1.30.0-lab1\tii \tinstall",
    "libc6\tamd64\t2.36-9+deb12u9\tii \tinstall",
    "libc6\ti386\t2.36-9+deb12u9\tii \tinstall",
    "removed-keeps-config\tamd64\t1.0\trc \tdeinstall",
    "never-installed\tamd64\t\tun \tunknown",
])


class OsVersionTests(unittest.TestCase):

    def test_debian_takes_the_point_release_from_debian_version(self):
        os_release = 'ID=debian\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n'
        self.assertEqual(m.os_version(os_release, "12.12\n"), "12.12")

    def test_ubuntu_takes_the_point_release_from_version(self):
        os_release = 'NAME="Ubuntu"\nVERSION="18.04.5 LTS (Bionic Beaver)"\nID=ubuntu\nVERSION_ID="18.04"\n'
        self.assertEqual(m.os_version(os_release), "18.04.5")

    def test_redhat_takes_version_id(self):
        os_release = 'NAME="Rocky Linux"\nVERSION="9.4 (Blue Onyx)"\nID="rocky"\nVERSION_ID="9.4"\n'
        self.assertEqual(m.os_version(os_release), "9.4")

    def test_debian_point_release_from_base_files_version(self):
        self.assertEqual(m.debian_version_from_base_files("12.4+deb12u15"), "12.15")
        self.assertEqual(m.debian_version_from_base_files("11.1+deb11u10"), "11.10")
        self.assertEqual(m.debian_version_from_base_files("10.1ubuntu2.12"), "")


class DistributionTests(unittest.TestCase):

    def test_known_distributions_are_named_as_ansible_names_them(self):
        self.assertEqual(m.distribution(m.os_release(DEBIAN_OS_RELEASE)), ("Debian", "Debian"))
        self.assertEqual(m.distribution(m.os_release(UBUNTU_OS_RELEASE)), ("Ubuntu", "Debian"))
        self.assertEqual(m.distribution(m.os_release(ROCKY_OS_RELEASE)), ("Rocky", "RedHat"))
        self.assertEqual(m.distribution({"ID": "rhel"}), ("RedHat", "RedHat"))

    def test_an_unknown_distribution_follows_id_like(self):
        mint = {"NAME": "Linux Mint", "ID": "linuxmint", "ID_LIKE": "ubuntu debian"}
        self.assertEqual(m.distribution(mint), ("Linux", "Debian"))
        self.assertEqual(m.distribution({"NAME": "Navy Linux", "ID": "navy", "ID_LIKE": "rhel centos fedora"}),
                         ("Navy", "RedHat"))
        self.assertEqual(m.distribution({"NAME": "Alpine Linux", "ID": "alpine"}), ("Alpine", "Alpine"))


class AptSimulationTests(unittest.TestCase):

    def test_lists_upgrades_installs_and_removals_with_security_flags(self):
        changes = {c["name"]: c for c in m.apt_simulation(DEBIAN_SIMULATION)}
        self.assertEqual(changes["base-files"],
                         {"name": "base-files", "from": "12.4+deb12u13", "to": "12.4+deb12u15", "security": False,
                          "cves": []})
        self.assertTrue(changes["libssl3"]["security"])
        self.assertEqual(changes["libssl3"]["to"], "3.0.17-1~deb12u2")
        self.assertIsNone(changes["linux-image-6.1.0-41-amd64"]["from"])
        self.assertEqual(changes["oldpkg"], {"name": "oldpkg", "from": "1.0-1", "to": None, "security": False,
                                               "cves": []})
        self.assertIn("libc6:i386", changes)
        self.assertEqual(len(changes), 6)

    def test_ubuntu_security_pocket_among_several_origins(self):
        changes = {c["name"]: c for c in m.apt_simulation(UBUNTU_SIMULATION)}
        self.assertTrue(changes["libssl1.1"]["security"])
        self.assertFalse(changes["base-files"]["security"])

    def test_nothing_to_do(self):
        self.assertEqual(m.apt_simulation("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"), [])


class SnapshotTests(unittest.TestCase):

    def test_dpkg_snapshot_keeps_installed_packages_and_holds(self):
        packages = m.dpkg_packages(DPKG_QUERY)
        self.assertEqual(packages["kubelet"], {"versions": ["1.30.0-lab1"], "held": True})
        self.assertFalse(packages["kubectl"]["held"])
        self.assertIn("libc6", packages)
        self.assertIn("libc6:i386", packages)
        self.assertNotIn("removed-keeps-config", packages)
        self.assertNotIn("never-installed", packages)

    def test_rpm_snapshot_from_rpm_query(self):
        text = ("kernel-core\t0\t5.14.0\t362.el9\n"
                "kernel-core\t0\t5.14.0\t427.el9\n"
                "openssl-libs\t1\t3.0.7\t27.el9\n"
                "gpg-pubkey\t0\t350d275d\t6279464b\n")
        packages = m.rpm_packages(text)
        self.assertEqual(packages["kernel-core"], {"versions": ["5.14.0-362.el9", "5.14.0-427.el9"], "held": False})
        self.assertEqual(packages["openssl-libs"]["versions"], ["1:3.0.7-27.el9"])
        self.assertIn("gpg-pubkey", packages)

    def test_diff_reports_upgrades_installs_and_removals(self):
        before = {"base-files": {"versions": ["12.4+deb12u13"]}, "kubelet": {"versions": ["1.30.0"]},
                  "oldpkg": {"versions": ["1.0"]}, "libssl3": {"versions": ["3.0.15"]}}
        after = {"base-files": {"versions": ["12.4+deb12u15"]}, "kubelet": {"versions": ["1.30.0"]},
                 "newpkg": {"versions": ["2.0"]}, "libssl3": {"versions": ["3.0.17"]}}
        plan = [{"name": "libssl3", "security": True}]
        self.assertEqual(m.package_changes(before, after, plan), [
            {"name": "base-files", "from": "12.4+deb12u13", "to": "12.4+deb12u15", "security": False, "cves": []},
            {"name": "libssl3", "from": "3.0.15", "to": "3.0.17", "security": True, "cves": []},
            {"name": "newpkg", "from": None, "to": "2.0", "security": False, "cves": []},
            {"name": "oldpkg", "from": "1.0", "to": None, "security": False, "cves": []},
        ])

    def test_diff_of_an_install_only_kernel(self):
        before = {"kernel-core": {"versions": ["5.14.0-362.el9"]}}
        after = {"kernel-core": {"versions": ["5.14.0-362.el9", "5.14.0-427.el9"]}}
        self.assertEqual(m.package_changes(before, after), [
            {"name": "kernel-core", "from": "5.14.0-362.el9", "to": "5.14.0-427.el9", "security": False,
             "cves": []}])


class DnfTests(unittest.TestCase):

    def test_upgrades_take_from_versions_from_the_snapshot(self):
        installed = {"openssl-libs": {"versions": ["1:3.0.7-25.el9_3"]}}
        text = "openssl-libs\t1:3.0.7-27.el9\tRocky Linux 9 - BaseOS\nrocky-release\t9.4-1.7.el9\tBaseOS\n"
        self.assertEqual(m.dnf_upgrades(text, installed), [
            {"name": "openssl-libs", "from": "1:3.0.7-25.el9_3", "to": "1:3.0.7-27.el9", "security": False,
             "cves": []},
            {"name": "rocky-release", "from": None, "to": "9.4-1.7.el9", "security": False, "cves": []},
        ])

    def test_security_names_from_updateinfo(self):
        text = ("RLSA-2024:1234 Important/Sec. openssl-libs-1:3.0.7-27.el9.x86_64\n"
                "RLSA-2024:2000 Moderate/Sec.  python3-libs-3.9.18-3.el9.x86_64\n")
        self.assertEqual(m.dnf_security_names(text), ["openssl-libs", "python3-libs"])
        marked = m.with_security([{"name": "openssl-libs", "security": False},
                                  {"name": "bash", "security": False}], ["openssl-libs"])
        self.assertEqual([c["security"] for c in marked], [True, False])


BEHIND_DPKG = "\n".join([
    "dpkg\tamd64\t1.21.22\tii \tinstall",
    "base-files\tamd64\t12.4+deb12u13\tii \tinstall",
    "kubelet\tall\t1.30.0-lab1\tii \tinstall",
    "kubectl\tall\t1.30.0-lab1\tii \tinstall",
    "lab-tools\tall\t1.0-lab1\tii \tinstall",
]) + "\n"

PATCHED_DPKG = BEHIND_DPKG.replace("12.4+deb12u13", "12.4+deb12u15").replace("lab-tools\tall\t1.0-lab1",
                                                                            "lab-tools\tall\t1.1-lab1")

BEHIND_SIMULATION = """\
Inst base-files [12.4+deb12u13] (12.4+deb12u15 Debian:12.15/stable [amd64])
Inst kubelet [1.30.0-lab1] (1.30.1-lab1 localhost [all])
Inst lab-tools [1.0-lab1] (1.1-lab1 Debian-Security:12/stable-security [all])
"""

LAB_TOOLS_CHANGELOG_1_0 = """\
lab-tools (1.0-lab1) lab; urgency=medium

  * Initial lab release; fixes CVE-2025-10001 (made up, for the ospatch lab).

 -- ospatch lab <lab@lab.invalid>  Mon, 06 Jan 2025 12:00:00 +0000
"""

# As lab/lib/image.sh writes it into lab-tools 1.1-lab1.
LAB_TOOLS_CHANGELOG_1_1 = """\
lab-tools (1.1-lab1) lab; urgency=high

  * Security update (made-up ids, for the ospatch lab):
    - CVE-2026-20001: buffer overflow in the lab tool's parser.
    - cve-2026-20002: path traversal in its unpacker.

 -- ospatch lab <lab@lab.invalid>  Mon, 02 Mar 2026 12:00:00 +0000

""" + LAB_TOOLS_CHANGELOG_1_0

LAB_TOOLS_CHANGELOG = "/usr/share/doc/lab-tools/changelog.Debian.gz"

DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
UBUNTU_OS_RELEASE = 'NAME="Ubuntu"\nVERSION="18.04.3 LTS (Bionic Beaver)"\nID=ubuntu\nVERSION_ID="18.04"\n'
ROCKY_OS_RELEASE = 'NAME="Rocky Linux"\nVERSION="9.2 (Blue Onyx)"\nID="rocky"\nVERSION_ID="9.2"\n'
SCRATCH = "/var/tmp/os_patch.test"
HOLD = ["kubelet", "kubeadm", "kubectl", "containerd", "containerd.io", "cri-o"]


class ScriptedNode(object):
    """A node whose commands answer from a script: entries of an argv prefix (its words appear in
    argv in that order, the first one first) and an answer (rc, stdout, stderr), or a function
    of nothing returning one. The first matching entry answers; a `once` entry answers once and
    `then(node)` runs after it answered. Commands run are kept in `ran`."""

    def __init__(self, files=None):
        self.files = dict(files or {})
        self.script = []
        self.ran = []
        self.slept = 0
        self.clock = 0.0
        self.removed_trees = []

    def answer(self, prefix, rc=0, out="", err="", once=False, then=None, first=False):
        entry = {"prefix": list(prefix), "answer": (rc, out, err), "once": once, "then": then}
        if first:
            self.script.insert(0, entry)
        else:
            self.script.append(entry)
        return entry

    def run(self, argv, step, environ=None, cwd=None, ok=(0,), data=None):
        self.ran.append({"argv": list(argv), "step": step, "data": data, "cwd": cwd})
        for entry in self.script:
            prefix = entry["prefix"]
            if [word for word in argv if word in prefix] == prefix and argv[0] == prefix[0]:
                if entry["once"]:
                    self.script.remove(entry)
                if entry["then"]:
                    entry["then"](self)
                rc, out, err = entry["answer"]() if callable(entry["answer"]) else entry["answer"]
                if rc not in ok:
                    raise m.StepFailed(step, m.command_error(argv, rc, out, err))
                return rc, out, err
        raise AssertionError("unscripted command: %s" % argv)

    def commands(self, first_word=None, containing=None):
        return [run["argv"] for run in self.ran
                if (first_word is None or run["argv"][0] == first_word)
                and (containing is None or containing in run["argv"])]

    def read(self, path, default=None):
        if path in self.files:
            return self.files[path]
        if default is None:
            raise IOError(path)
        return default

    def open_binary(self, path):
        """files[path] as bytes (text is UTF-8 encoded); an Exception value is raised on opening."""
        content = self.files.get(path)
        if content is None:
            raise IOError(path)
        if isinstance(content, Exception):
            raise content
        return io.BytesIO(content if isinstance(content, bytes) else content.encode("utf-8"))

    def exists(self, path):
        return path in self.files

    def which(self, name):
        return "/usr/bin/" + name if ("/usr/bin/" + name) in self.files else None

    def write(self, path, text, mode):
        self.files[path] = text

    def remove(self, path):
        self.files.pop(path, None)

    def scratch(self):
        return SCRATCH

    def remove_tree(self, path):
        self.removed_trees.append(path)

    def copy_tree(self, source, target):
        self.files[target] = "<copy of %s>" % source

    def glob(self, pattern):
        prefix = pattern.split("*")[0]
        return sorted(path for path in self.files if path.startswith(prefix) and path.endswith(".deb"))

    def kernel(self):
        return "6.1.0-41-amd64"

    def sleep(self, seconds):
        self.slept += seconds
        self.clock += seconds

    def now(self):
        return self.clock


def params(**overrides):
    values = {"phase": "patch", "look_ahead": True, "hold": HOLD, "refresh_private_lists": True,
              "lock_timeout": 300, "hold_note": "/var/lib/os-patch/held-packages",
              "release_packages": ["redhat-release", "rocky-release", "almalinux-release"],
              "needs_restarting_package": "yum-utils"}
    values.update(overrides)
    return values


def behind_debian_node(download=True):
    """A Debian 12.13 node whose lists offer 12.15: the lab's behind node."""
    node = ScriptedNode(files={"/etc/os-release": DEBIAN_OS_RELEASE, "/etc/debian_version": "12.13\n",
                               LAB_TOOLS_CHANGELOG: gzip.compress(LAB_TOOLS_CHANGELOG_1_0.encode())})
    state = {"dpkg": BEHIND_DPKG}

    def upgraded(n):
        state["dpkg"] = PATCHED_DPKG
        n.files["/etc/debian_version"] = "12.15\n"
        n.files[LAB_TOOLS_CHANGELOG] = gzip.compress(LAB_TOOLS_CHANGELOG_1_1.encode())

    def downloaded(n):
        n.files[SCRATCH + "/base-files_12.4+deb12u15_amd64.deb"] = "deb"
        n.files[SCRATCH + "/base-files/etc/debian_version"] = "12.15\n"

    node.state = state
    node.answer(["dpkg-query"])["answer"] = lambda: (0, state["dpkg"], "")
    node.answer(["apt-get", "update"], 0, "Hit:1 file:/srv/lab-repo ./ InRelease\n")
    node.answer(["apt-get", "--simulate"], 0, BEHIND_SIMULATION)
    node.answer(["apt-get", "download"], 0 if download else 100, "", "" if download else "E: Can't find base-files",
                then=downloaded if download else None)
    node.answer(["dpkg-deb", "--extract"], 0)
    node.answer(["dpkg", "--set-selections"], 0)
    node.answer(["apt-get", "dist-upgrade"], 0, "Setting up base-files (12.4+deb12u15) ...\n", then=upgraded)
    return node


def run_phase(node, check_mode=False, **overrides):
    result = {"changed": False, "before": None, "packages": [], "held": []}
    values = params(**overrides)
    if values["phase"] == "patch":
        result["changed"] = m.patch(node, values, result, check_mode)
    else:
        m.inspect(node, values, result)
    return result


def selections(node):
    """The dpkg --set-selections calls, as the lines each one fed to dpkg."""
    return [run["data"] for run in node.ran if run["argv"][:2] == ["dpkg", "--set-selections"]]


class DebianPatchTests(unittest.TestCase):

    def test_a_behind_node_is_upgraded_with_the_hold_list_held_only_during_the_upgrade(self):
        node = behind_debian_node()
        result = run_phase(node)
        self.assertTrue(result["changed"])
        self.assertEqual(result["status"], "patched")
        self.assertEqual(result["before"]["version"], "12.13")
        self.assertEqual(result["os"]["version"], "12.15")
        self.assertEqual(result["target_version"], "12.15")
        self.assertEqual(result["held"], ["kubelet", "kubectl"])
        self.assertEqual([p["name"] for p in result["packages"]], ["base-files", "lab-tools"])
        self.assertTrue(next(p for p in result["packages"] if p["name"] == "lab-tools")["security"])
        self.assertEqual(selections(node), ["kubelet hold\nkubectl hold\n", "kubelet install\nkubectl install\n"])
        order = [run["argv"][1] if run["argv"][0] == "dpkg" else run["argv"][-1] for run in node.ran
                 if run["argv"][0] in ("dpkg", "apt-get") and run["argv"][-1] in ("dist-upgrade", "--set-selections")]
        self.assertEqual(order, ["dist-upgrade", "--set-selections", "dist-upgrade", "--set-selections"],
                         "simulate, hold, upgrade, release")
        self.assertNotIn("/var/lib/os-patch/held-packages", node.files, "the hold note is removed")
        self.assertEqual(node.removed_trees, [SCRATCH])

    def test_the_node_lists_are_refreshed_and_the_upgrade_keeps_changed_configuration(self):
        node = behind_debian_node()
        run_phase(node, lock_timeout=120)
        update = node.commands("apt-get", "update")[0]
        self.assertNotIn("--config-file", update, "os-patch refreshes the node's own lists")
        self.assertIn("DPkg::Lock::Timeout=120", update)
        upgrade = node.commands("apt-get", "dist-upgrade")[-1]
        self.assertIn("-y", upgrade)
        self.assertIn("Dpkg::Options::=--force-confold", upgrade)
        self.assertNotIn("--simulate", upgrade)

    def test_a_failed_upgrade_releases_the_holds_and_reports_what_was_known(self):
        node = behind_debian_node()
        node.script = [e for e in node.script if "dist-upgrade" not in e["prefix"] or "--simulate" in e["prefix"]]
        node.answer(["apt-get", "dist-upgrade"], 100, "", "E: Sub-process /usr/bin/dpkg returned an error code (1)")
        result = {"changed": False, "before": None, "packages": [], "held": []}
        with self.assertRaises(m.StepFailed) as failure:
            m.patch(node, params(), result, False)
        self.assertEqual(failure.exception.step, "Upgrade all packages within the installed release")
        self.assertEqual(str(failure.exception), "E: Sub-process /usr/bin/dpkg returned an error code (1)")
        self.assertEqual(selections(node)[-1], "kubelet install\nkubectl install\n")
        self.assertNotIn("/var/lib/os-patch/held-packages", node.files)
        self.assertEqual(result["before"]["version"], "12.13")
        self.assertEqual(result["target_version"], "12.15")
        self.assertEqual(result["held"], ["kubelet", "kubectl"])

    def test_the_hold_note_names_the_held_packages_while_the_upgrade_runs(self):
        node = behind_debian_node()
        seen = {}
        for entry in node.script:
            if entry["prefix"] == ["apt-get", "dist-upgrade"]:
                upgraded = entry["then"]
                entry["then"] = lambda n: (seen.update(note=n.files.get("/var/lib/os-patch/held-packages")),
                                           upgraded(n))
        run_phase(node)
        self.assertEqual(seen["note"], "kubelet\nkubectl\n")

    def test_operator_holds_stay_held(self):
        node = behind_debian_node()
        node.state["dpkg"] = BEHIND_DPKG.replace("kubectl\tall\t1.30.0-lab1\tii \tinstall",
                                                 "kubectl\tall\t1.30.0-lab1\thi \thold")
        run_phase(node)
        self.assertEqual(selections(node), ["kubelet hold\n", "kubelet install\n"])

    def test_a_second_run_on_a_patched_node_changes_nothing(self):
        node = behind_debian_node()
        node.state["dpkg"] = PATCHED_DPKG
        node.files["/etc/debian_version"] = "12.15\n"
        node.script = [e for e in node.script if e["prefix"] != ["apt-get", "--simulate"]]
        node.answer(["apt-get", "--simulate"], 0, "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        result = run_phase(node)
        self.assertFalse(result["changed"])
        self.assertEqual(result["status"], "already-current")
        self.assertEqual(result["packages"], [])
        self.assertEqual(result["target_version"], "12.15")
        self.assertEqual(selections(node), [])
        self.assertEqual(node.commands("apt-get", "download"), [], "no candidate base-files to read")
        self.assertEqual([c for c in node.commands("apt-get", "dist-upgrade") if "--simulate" not in c], [])

    def test_holds_left_by_a_run_cut_short_are_released_by_the_next_run(self):
        node = behind_debian_node()
        node.state["dpkg"] = PATCHED_DPKG.replace("kubelet\tall\t1.30.0-lab1\tii \tinstall",
                                                  "kubelet\tall\t1.30.0-lab1\thi \thold")
        node.files["/var/lib/os-patch/held-packages"] = "kubelet\n"
        node.script = [e for e in node.script if e["prefix"] != ["apt-get", "--simulate"]]
        node.answer(["apt-get", "--simulate"], 0, "")
        result = run_phase(node)
        self.assertTrue(result["changed"], "releasing a leftover hold is a change")
        self.assertEqual(selections(node), ["kubelet install\nkubectl install\n"])
        self.assertNotIn("/var/lib/os-patch/held-packages", node.files)

    def test_a_lock_held_by_another_apt_is_waited_for_then_the_run_goes_on(self):
        node = behind_debian_node()
        for _ in range(2):
            node.answer(["apt-get", "update"], 100, "", "E: Could not get lock /var/lib/apt/lists/lock. It is "
                                                        "held by process 4242 (apt-get)", once=True, first=True)
        result = run_phase(node)
        self.assertEqual(result["status"], "patched")
        self.assertEqual(len(node.commands("apt-get", "update")), 3)
        self.assertEqual(node.slept, 2 * m.LOCK_RETRY_SECONDS)

    def test_a_lock_held_longer_than_the_timeout_fails_with_apts_words(self):
        node = behind_debian_node()
        node.answer(["apt-get", "update"], 100, "", "E: Could not get lock /var/lib/apt/lists/lock", first=True)
        with self.assertRaises(m.StepFailed) as failure:
            run_phase(node, lock_timeout=10)
        self.assertEqual(failure.exception.step, "Refresh the node's package lists")
        self.assertIn("Could not get lock", str(failure.exception))
        self.assertGreaterEqual(node.clock, 10)
        self.assertEqual(selections(node), [], "nothing held")

    def test_an_interrupted_dpkg_is_finished_once_before_the_upgrade_is_tried_again(self):
        node = behind_debian_node()
        node.answer(["apt-get", "dist-upgrade"], 100, "", "E: dpkg was interrupted, you must manually run "
                                                          "'dpkg --configure -a' to correct the problem.",
                    once=True, first=True)
        node.answer(["dpkg", "--configure"], 0)
        # the simulation must not take the one-off answer: it matches on --simulate first
        node.answer(["apt-get", "--simulate", "dist-upgrade"], 0, BEHIND_SIMULATION, first=True)
        result = run_phase(node)
        self.assertEqual(result["status"], "patched")
        self.assertEqual(node.commands("dpkg", "--configure"), [["dpkg", "--configure", "-a"]])

    def test_the_target_falls_back_to_the_base_files_version_when_the_candidate_cannot_be_read(self):
        node = behind_debian_node(download=False)
        result = run_phase(node, phase="inspect")
        self.assertEqual(result["target_version"], "12.15")

    def test_check_mode_looks_ahead_on_a_private_copy_and_changes_nothing(self):
        node = behind_debian_node()
        result = run_phase(node, check_mode=True)
        self.assertTrue(result["changed"], "check mode says what would change")
        self.assertEqual(result["status"], "patched")
        self.assertEqual([p["name"] for p in result["packages"]], ["base-files", "lab-tools"])
        self.assertEqual(result["os"], result["before"])
        self.assertEqual(selections(node), [])
        self.assertEqual([c for c in node.commands("apt-get", "dist-upgrade") if "--simulate" not in c], [])
        update = node.commands("apt-get", "update")[0]
        self.assertIn("--config-file", update)
        self.assertIn("Dir::State::Lists=" + SCRATCH + "/lists", update)
        self.assertIn("#clear APT::Update::Post-Invoke-Success;", node.files[SCRATCH + "/apt.conf"])
        self.assertIn("Debug::NoLocking=true", node.commands("apt-get", "--simulate")[0])


class DebianInspectTests(unittest.TestCase):

    def test_inspect_names_the_target_and_what_an_upgrade_brings_without_changing_anything(self):
        node = behind_debian_node()
        result = run_phase(node, phase="inspect")
        self.assertEqual(result["status"], "updates-available")
        self.assertEqual(result["target_version"], "12.15")
        self.assertEqual([p["name"] for p in result["packages"]], ["base-files", "lab-tools"],
                         "the hold-list is left out")
        self.assertEqual(selections(node), [])
        self.assertIn("--config-file", node.commands("apt-get", "update")[0])
        self.assertFalse(result["reboot_required"])

    def test_without_private_refresh_the_node_lists_are_used_as_they_are(self):
        node = behind_debian_node()
        run_phase(node, phase="inspect", refresh_private_lists=False)
        self.assertEqual(node.commands("apt-get", "update"), [])

    def test_after_a_reboot_only_the_os_and_a_pending_reboot_are_read(self):
        node = ScriptedNode(files={"/etc/os-release": DEBIAN_OS_RELEASE, "/etc/debian_version": "12.15\n",
                                   "/var/run/reboot-required": ""})
        result = run_phase(node, phase="inspect", look_ahead=False)
        self.assertEqual(node.ran, [])
        self.assertEqual(result["os"]["version"], "12.15")
        self.assertTrue(result["reboot_required"])

    def test_ubuntu_reads_the_target_from_the_candidate_os_release(self):
        node = ScriptedNode(files={"/etc/os-release": UBUNTU_OS_RELEASE})
        node.answer(["dpkg-query"], 0, "dpkg\tamd64\t1.19.0.5ubuntu2\tii \tinstall\n"
                                       "base-files\tamd64\t10.1ubuntu2.7\tii \tinstall\n")
        node.answer(["apt-get", "update"], 0)
        node.answer(["apt-get", "--simulate"], 0, "Inst base-files [10.1ubuntu2.7] (10.1ubuntu2.12 "
                                                  "Ubuntu:18.04/bionic-updates [amd64])\n")

        def downloaded(n):
            n.files[SCRATCH + "/base-files_10.1ubuntu2.12_amd64.deb"] = "deb"
            n.files[SCRATCH + "/base-files/usr/lib/os-release"] = UBUNTU_OS_RELEASE.replace("18.04.3", "18.04.5")

        node.answer(["apt-get", "download"], 0, then=downloaded)
        node.answer(["dpkg-deb"], 0)
        result = run_phase(node, phase="inspect")
        self.assertEqual(result["before"]["version"], "18.04.3")
        self.assertEqual(result["target_version"], "18.04.5")

    def test_an_os_family_the_role_cannot_patch_fails_with_a_clear_message(self):
        node = ScriptedNode(files={"/etc/os-release": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.1\n'})
        with self.assertRaises(m.StepFailed) as failure:
            run_phase(node)
        self.assertEqual(str(failure.exception), "os_patch supports the OS families Debian, RedHat; "
                                                 "this node runs Alpine 3.20.1 (OS family Alpine)")
        self.assertEqual(node.ran, [])


# dnf 4 `updateinfo list --updates --with-cve`: one line per CVE id and package of each advisory.
ROCKY_UPDATEINFO_CVES = """\
CVE-2023-9999 Moderate/Sec.  openssl-libs-1:3.0.7-16.el9.x86_64
CVE-2024-0727 Moderate/Sec.  openssl-libs-1:3.0.7-24.el9.x86_64
CVE-2024-2511 Low/Sec.       openssl-libs-1:3.0.7-27.el9.x86_64
cve-2024-0727 Important/Sec. openssl-libs-1:3.0.7-27.el9.x86_64
CVE-2024-8888 Important/Sec. openssl-libs-1:3.0.7-28.el9.x86_64
CVE-2024-3333 Important/Sec. python3-libs-3.9.18-3.el9.x86_64
"""

ROCKY_RPM = "rocky-release\t0\t9.2\t1.13.el9\nopenssl-libs\t1\t3.0.7\t16.el9\nkubelet\t0\t1.30.0\t0\n"


def behind_rocky_node(needs_restarting=True, reboot_rc=1):
    files = {"/etc/os-release": ROCKY_OS_RELEASE}
    if needs_restarting:
        files["/usr/bin/needs-restarting"] = ""
    node = ScriptedNode(files=files)
    state = {"rpm": ROCKY_RPM}

    def upgraded(n):
        state["rpm"] = ROCKY_RPM.replace("9.2\t1.13", "9.4\t1.7").replace("16.el9", "27.el9")
        n.files["/etc/os-release"] = ROCKY_OS_RELEASE.replace("9.2", "9.4")

    node.answer(["rpm"])["answer"] = lambda: (0, state["rpm"], "")
    node.answer(["dnf", "makecache"], 0)
    node.answer(["dnf", "repoquery", "--upgrades"], 0,
                "openssl-libs\t1:3.0.7-27.el9\tbaseos\nrocky-release\t9.4-1.7.el9\tbaseos\n")
    node.answer(["dnf", "updateinfo", "--with-cve"], 0, ROCKY_UPDATEINFO_CVES)
    node.answer(["dnf", "updateinfo"], 0, "RLSA-2024:1234 Important/Sec. openssl-libs-1:3.0.7-27.el9.x86_64\n")
    node.answer(["dnf", "repoquery", "rocky-release"], 0, "9.4\n")
    node.answer(["dnf", "upgrade"], 0, then=upgraded)
    node.answer(["dnf", "install"], 0, then=lambda n: n.files.update({"/usr/bin/needs-restarting": ""}))
    node.answer(["needs-restarting"], reboot_rc)
    return node


class RedHatTests(unittest.TestCase):

    def test_a_behind_node_is_upgraded_within_its_release_with_the_hold_list_excluded(self):
        node = behind_rocky_node()
        result = run_phase(node)
        self.assertTrue(result["changed"])
        self.assertEqual(result["before"]["version"], "9.2")
        self.assertEqual(result["os"]["version"], "9.4")
        self.assertEqual(result["target_version"], "9.4")
        self.assertEqual(result["held"], ["kubelet"])
        self.assertEqual(result["packages"], [
            {"name": "openssl-libs", "from": "1:3.0.7-16.el9", "to": "1:3.0.7-27.el9", "security": True,
             "cves": ["CVE-2024-0727", "CVE-2024-2511"]},
            {"name": "rocky-release", "from": "9.2-1.13.el9", "to": "9.4-1.7.el9", "security": False,
             "cves": []}])
        upgrade = node.commands("dnf", "upgrade")[0]
        self.assertIn("--exclude=kubelet", upgrade)
        self.assertIn("--assumeyes", upgrade)
        self.assertIn("--exclude=cri-o", node.commands("dnf", "--upgrades")[0])
        self.assertTrue(result["reboot_required"])
        self.assertEqual(len(node.commands("dnf", "makecache")), 1)

    def test_needs_restarting_is_installed_when_missing(self):
        node = behind_rocky_node(needs_restarting=False, reboot_rc=0)
        result = run_phase(node)
        self.assertEqual(node.commands("dnf", "install"), [["dnf", "--assumeyes", "install", "yum-utils"]])
        self.assertFalse(result["reboot_required"])

    def test_check_mode_and_inspect_change_nothing(self):
        for check_mode, phase in ((True, "patch"), (False, "inspect")):
            node = behind_rocky_node(needs_restarting=False)
            result = run_phase(node, check_mode=check_mode, phase=phase)
            self.assertEqual(node.commands("dnf", "upgrade"), [])
            self.assertEqual(node.commands("dnf", "install"), [])
            self.assertEqual(node.commands("dnf", "makecache"), [], "dnf refreshes an expired cache itself")
            self.assertEqual(len(result["packages"]), 2)
            self.assertFalse(result["reboot_required"], "no needs-restarting: no pending reboot known")

    def test_a_failing_needs_restarting_fails_a_patch(self):
        node = behind_rocky_node(reboot_rc=2)
        with self.assertRaises(m.StepFailed) as failure:
            run_phase(node)
        self.assertEqual(failure.exception.step, "Ask needs-restarting whether the node must reboot")


class DebianVersionTests(unittest.TestCase):
    """Pairs checked against dpkg --compare-versions."""

    def assertOrder(self, lower, higher):
        self.assertEqual(m.debian_version_compare(lower, higher), -1, "%s < %s" % (lower, higher))
        self.assertEqual(m.debian_version_compare(higher, lower), 1, "%s > %s" % (higher, lower))

    def test_known_pairs(self):
        for lower, higher in [("1.0-lab1", "1.1-lab1"), ("1.0", "1.0-1"), ("1.0-1", "1.0-2"), ("1.9", "1.10"),
                              ("2.36-9+deb12u9", "2.36-9+deb12u13"), ("10.1ubuntu2.7", "10.1ubuntu2.12"),
                              ("1.0a", "1.0+"), ("1.0", "1.0a"), ("1.0-1", "1.0-1.1"),
                              ("1.0-1build1", "1.0-1ubuntu0.1"), ("1.2-3-3", "1.2-3-4")]:
            self.assertOrder(lower, higher)

    def test_the_epoch_wins_over_everything_else(self):
        self.assertOrder("9.9-9", "1:0.1-1")
        self.assertOrder("1:2.0", "2:1.0")
        self.assertEqual(m.debian_version_compare("0:1.0-1", "1.0-1"), 0)

    def test_a_tilde_sorts_before_anything_even_the_end(self):
        for lower, higher in [("1.0~rc1", "1.0"), ("1.0~~", "1.0~"), ("1.0~rc1-1", "1.0-1"),
                              ("3.0.15-1~deb12u1", "3.0.17-1~deb12u2"), ("1.0-1~bpo1", "1.0-1"),
                              ("1.0~alpha", "1.0~beta")]:
            self.assertOrder(lower, higher)

    def test_leading_zeros_and_a_missing_revision_do_not_matter(self):
        self.assertEqual(m.debian_version_compare("001", "1"), 0)
        self.assertEqual(m.debian_version_compare("1.0", "1.0-0"), 0)
        self.assertEqual(m.debian_version_compare("1.0-lab1", "1.0-lab1"), 0)


class RpmVersionTests(unittest.TestCase):

    def test_known_pairs(self):
        for lower, higher in [("3.0.7-16.el9", "3.0.7-27.el9"), ("3.0.7-27.el9", "3.0.7-27.el9_3"),
                              ("1.0-1", "1:0.9-1"), ("1.0~rc1-1", "1.0-1"), ("1.0-1", "1.0^git1-1"),
                              ("1.0^git1-1", "1.0.1-1"), ("1.0a-1", "1.0.1-1"), ("1.9-1", "1.10-1"),
                              ("5.14.0-362.el9", "5.14.0-427.el9")]:
            self.assertEqual(m.rpm_version_compare(lower, higher), -1, "%s < %s" % (lower, higher))
            self.assertEqual(m.rpm_version_compare(higher, lower), 1, "%s > %s" % (higher, lower))
        self.assertEqual(m.rpm_version_compare("0:1.0-1", "1.0-1"), 0)
        self.assertEqual(m.rpm_version_compare("1.01-1", "1.1-1"), 0)


CHANGELOG = """\
openssl (3.0.17-1~deb12u2) bookworm-security; urgency=medium

  * Fix CVE-2025-9230 and CVE-2025-9232.

 -- Debian Security <team@security.debian.org>  Tue, 30 Sep 2025 12:00:00 +0000

openssl (3.0.17-1~deb12u1) bookworm; urgency=medium

  * New upstream release; closes CVE-2025-4575,
    CVE-2025-27587 and cve-2025-9230 again.

 -- Debian <openssl@debian.org>  Mon, 02 Jun 2025 12:00:00 +0000

openssl (3.0.15-1~deb12u1) bookworm; urgency=medium

  * CVE-2024-5535: an old fix.

 -- Debian <openssl@debian.org>  Mon, 02 Dec 2024 12:00:00 +0000
"""


class ChangelogCvesTests(unittest.TestCase):

    def test_only_the_entries_after_from_up_to_to_count(self):
        self.assertEqual(m.changelog_cves(CHANGELOG.splitlines(), "3.0.15-1~deb12u1", "3.0.17-1~deb12u2"),
                         ["CVE-2025-27587", "CVE-2025-4575", "CVE-2025-9230", "CVE-2025-9232"])
        self.assertEqual(m.changelog_cves(CHANGELOG.splitlines(), "3.0.15-1~deb12u1", "3.0.17-1~deb12u1"),
                         ["CVE-2025-27587", "CVE-2025-4575", "CVE-2025-9230"], "entries newer than to do not count")
        self.assertEqual(m.changelog_cves(CHANGELOG.splitlines(), "3.0.17-1~deb12u1", "3.0.17-1~deb12u2"),
                         ["CVE-2025-9230", "CVE-2025-9232"])

    def test_tilde_and_epoch_versions_compare_as_dpkg_compares_them(self):
        text = ("foo (1:2.0~rc1-1) unstable; urgency=low\n\n  * CVE-2026-0002\n\n -- A <a@b>  date\n\n"
                "foo (1:1.0-1) unstable; urgency=low\n\n  * CVE-2026-0001\n\n -- A <a@b>  date\n\n"
                "foo (9.0-1) unstable; urgency=low\n\n  * CVE-2020-0009\n\n -- A <a@b>  date\n")
        self.assertEqual(m.changelog_cves(text.splitlines(), "9.0-1", "1:2.0-1"), ["CVE-2026-0001", "CVE-2026-0002"])
        self.assertEqual(m.changelog_cves(text.splitlines(), "1:1.0-1", "1:2.0~rc1-1"), ["CVE-2026-0002"])
        self.assertEqual(m.changelog_cves(text.splitlines(), "1:1.0-1", "1:1.9"), [])

    def test_reading_stops_at_the_first_entry_at_or_before_from(self):
        read = []

        def lines():
            for line in CHANGELOG.splitlines():
                read.append(line)
                yield line
            raise AssertionError("read past the entry of from")

        m.changelog_cves(lines(), "3.0.17-1~deb12u1", "3.0.17-1~deb12u2")
        self.assertEqual(read[-1], "openssl (3.0.17-1~deb12u1) bookworm; urgency=medium")

    def test_cve_ids_are_upper_case_and_shaped_as_cve_ids(self):
        self.assertEqual(m.cve_ids("cve-2024-1234, CVE-2024-1234; CVE-24-1; CVE-2024-123; xCVE-2024-5678"),
                         ["CVE-2024-1234"])


def debian_node_with_changelog(files):
    """The behind Debian node whose lab-tools 1.1-lab1 leaves files (path -> content) behind."""
    node = behind_debian_node()
    for entry in node.script:
        if entry["prefix"] == ["apt-get", "dist-upgrade"]:
            upgraded = entry["then"]

            def upgraded_with(n, upgraded=upgraded):
                upgraded(n)
                n.files.pop(LAB_TOOLS_CHANGELOG, None)
                n.files.update(files)
            entry["then"] = upgraded_with
    return node


def cves_by_name(result):
    return {package["name"]: package["cves"] for package in result["packages"]}


class DebianCvesTests(unittest.TestCase):

    def test_a_patch_reports_the_cves_of_the_changelog_entries_it_brought(self):
        result = run_phase(behind_debian_node())
        self.assertEqual(cves_by_name(result), {"base-files": [], "lab-tools": ["CVE-2026-20001", "CVE-2026-20002"]},
                         "1.0-lab1's CVE-2025-10001 is not this upgrade's; base-files has no changelog")

    def test_a_plain_changelog_is_read_when_there_is_no_gzipped_one(self):
        node = debian_node_with_changelog({"/usr/share/doc/lab-tools/changelog": LAB_TOOLS_CHANGELOG_1_1})
        self.assertEqual(cves_by_name(run_phase(node))["lab-tools"], ["CVE-2026-20001", "CVE-2026-20002"])

    def test_a_native_packages_changelog_gz_is_read(self):
        node = debian_node_with_changelog(
            {"/usr/share/doc/lab-tools/changelog.gz": gzip.compress(LAB_TOOLS_CHANGELOG_1_1.encode())})
        self.assertEqual(cves_by_name(run_phase(node))["lab-tools"], ["CVE-2026-20001", "CVE-2026-20002"])

    def test_a_missing_unreadable_or_broken_changelog_gives_none_and_the_patch_goes_on(self):
        for files in ({}, {LAB_TOOLS_CHANGELOG: PermissionError(13, "Permission denied")},
                      {LAB_TOOLS_CHANGELOG: b"not gzip at all"},
                      {LAB_TOOLS_CHANGELOG: gzip.compress(LAB_TOOLS_CHANGELOG_1_1.encode())[:60]}):
            result = run_phase(debian_node_with_changelog(files))
            self.assertEqual(result["status"], "patched")
            self.assertEqual(cves_by_name(result), {"base-files": [], "lab-tools": []}, files)

    def test_check_mode_and_inspect_give_no_cves(self):
        for check_mode, phase in ((True, "patch"), (False, "inspect")):
            result = run_phase(behind_debian_node(), check_mode=check_mode, phase=phase)
            self.assertEqual(cves_by_name(result), {"base-files": [], "lab-tools": []},
                             "nothing is installed yet: no changelog of the new version to read")

    def test_a_package_of_a_foreign_architecture_reads_the_shared_doc_dir(self):
        node = ScriptedNode(files={"/usr/share/doc/libc6/changelog.Debian.gz": gzip.compress(
            b"glibc (2.36-9+deb12u13) bookworm; urgency=medium\n\n  * CVE-2025-4802\n\n"
            b"glibc (2.36-9+deb12u9) bookworm; urgency=medium\n\n  * CVE-2024-33599\n")})
        apt = m.Apt(node, params())
        self.assertEqual(apt.cves({"name": "libc6:i386", "from": "2.36-9+deb12u9", "to": "2.36-9+deb12u13"}, None),
                         ["CVE-2025-4802"])


class RedHatCvesTests(unittest.TestCase):

    def test_advisories_map_to_the_versions_after_from_up_to_to(self):
        advisories = m.dnf_advisory_cves(ROCKY_UPDATEINFO_CVES)
        self.assertIn(("CVE-2024-0727", "openssl-libs", "1:3.0.7-24.el9"), advisories)
        self.assertIn(("CVE-2024-3333", "python3-libs", "3.9.18-3.el9"), advisories)
        change = {"name": "openssl-libs", "from": "1:3.0.7-16.el9", "to": "1:3.0.7-27.el9"}
        self.assertEqual(m.advisory_cves(change, advisories), ["CVE-2024-0727", "CVE-2024-2511"])

    def test_dnf5_table_lines_are_read_too(self):
        text = ("Name          Type     Severity  Package                               Issued\n"
                "CVE-2024-2511 security Low       openssl-libs-1:3.0.7-27.el9.x86_64 2024-05-01 00:00:00\n")
        self.assertEqual(m.dnf_advisory_cves(text), [("CVE-2024-2511", "openssl-libs", "1:3.0.7-27.el9")])

    def test_a_patch_reads_the_advisories_before_the_upgrade(self):
        node = behind_rocky_node()
        run_phase(node)
        ran = [run["argv"] for run in node.ran if run["argv"][0] == "dnf"]
        self.assertLess(ran.index(["dnf", "--quiet", "updateinfo", "list", "--updates", "--with-cve"]),
                        ran.index(node.commands("dnf", "upgrade")[0]))

    def test_a_failing_updateinfo_gives_no_cves_and_the_patch_goes_on(self):
        node = behind_rocky_node()
        node.answer(["dnf", "updateinfo", "--with-cve"], 1, "", "Error: no such option", first=True)
        result = run_phase(node)
        self.assertEqual(result["status"], "patched")
        self.assertEqual(cves_by_name(result), {"openssl-libs": [], "rocky-release": []})

    def test_check_mode_and_inspect_give_no_cves(self):
        for check_mode, phase in ((True, "patch"), (False, "inspect")):
            node = behind_rocky_node()
            result = run_phase(node, check_mode=check_mode, phase=phase)
            self.assertEqual(cves_by_name(result), {"openssl-libs": [], "rocky-release": []})
            self.assertEqual(node.commands("dnf", "--with-cve"), [])


class CommandErrorTests(unittest.TestCase):

    def test_apt_errors_keep_the_mirror_warnings(self):
        out = "Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\n"
        err = ("W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure "
               "resolving 'deb.debian.org'\nE: Some index files failed to download.\n")
        message = m.command_error(["apt-get", "update"], 100, out, err)
        self.assertIn("Failed to fetch", message)
        self.assertIn("E: Some index files failed to download.", message)

    def test_other_commands_give_their_stderr_or_their_exit_code(self):
        self.assertEqual(m.command_error(["needs-restarting", "-r"], 2, "", "No such option\n"), "No such option")
        self.assertEqual(m.command_error(["dnf"], 1, "", ""), "dnf exited with 1")


class FakeModule(object):
    def __init__(self, values, check_mode=False):
        self.params = values
        self.check_mode = check_mode

    def exit_json(self, **result):
        raise ModuleExit(result)

    def fail_json(self, **result):
        raise ModuleExit(dict(result, failed=True))


class ModuleExit(Exception):
    def __init__(self, result):
        super(ModuleExit, self).__init__(result)
        self.result = result


class RunModuleTests(unittest.TestCase):

    def test_a_failure_carries_the_step_and_what_was_known(self):
        node = behind_debian_node()
        node.answer(["apt-get", "update"], 100, "", "E: Malformed entry 2 in list file /etc/apt/sources.list "
                                                    "(Suite)\nE: The list of sources could not be read.\n", first=True)
        with self.assertRaises(ModuleExit) as done:
            m.run_module(FakeModule(params()), node)
        result = done.exception.result
        self.assertTrue(result["failed"])
        self.assertEqual(result["step"], "Refresh the node's package lists")
        self.assertEqual(result["msg"], "E: Malformed entry 2 in list file /etc/apt/sources.list (Suite), "
                                        "E: The list of sources could not be read.")
        self.assertEqual(result["before"]["version"], "12.13")
        self.assertEqual(result["held"], ["kubelet", "kubectl"])
        self.assertNotIn("changed", result)

    def test_success_exits_with_the_result(self):
        with self.assertRaises(ModuleExit) as done:
            m.run_module(FakeModule(params(), check_mode=True), behind_debian_node())
        result = done.exception.result
        self.assertNotIn("failed", result)
        self.assertTrue(result["changed"])
        self.assertEqual(result["status"], "patched")


if __name__ == "__main__":
    unittest.main()
