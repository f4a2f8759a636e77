"""Unit tests of the os_patch role's filters (roles/os_patch/filter_plugins/os_patch.py).

Run from playbooks/: python3 -m unittest discover -s tests -v
"""

import importlib.util
import pathlib
import unittest

_PLUGIN = pathlib.Path(__file__).resolve().parents[1] / "roles/os_patch/filter_plugins/os_patch.py"
_SPEC = importlib.util.spec_from_file_location("os_patch_filters", _PLUGIN)
f = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(f)

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
        self.assertEqual(f.os_version(os_release, "12.12\n"), "12.12")

    def test_ubuntu_takes_the_point_release_from_version(self):
        os_release = 'NAME="Ubuntu"\nVERSION="18.04.5 LTS (Bionic Beaver)"\nID=ubuntu\nVERSION_ID="18.04"\n'
        self.assertEqual(f.os_version(os_release), "18.04.5")

    def test_redhat_takes_version_id(self):
        os_release = 'NAME="Rocky Linux"\nVERSION="9.4 (Blue Onyx)"\nID="rocky"\nVERSION_ID="9.4"\n'
        self.assertEqual(f.os_version(os_release), "9.4")

    def test_debian_point_release_from_base_files_version(self):
        self.assertEqual(f.debian_version_from_base_files("12.4+deb12u15"), "12.15")
        self.assertEqual(f.debian_version_from_base_files("11.1+deb11u10"), "11.10")
        self.assertEqual(f.debian_version_from_base_files("10.1ubuntu2.12"), "")


class AptSimulationTests(unittest.TestCase):

    def test_lists_upgrades_installs_and_removals_with_security_flags(self):
        changes = {c["name"]: c for c in f.apt_simulation(DEBIAN_SIMULATION)}
        self.assertEqual(changes["base-files"],
                         {"name": "base-files", "from": "12.4+deb12u13", "to": "12.4+deb12u15", "security": False})
        self.assertTrue(changes["libssl3"]["security"])
        self.assertEqual(changes["libssl3"]["to"], "3.0.17-1~deb12u2")
        self.assertIsNone(changes["linux-image-6.1.0-41-amd64"]["from"])
        self.assertEqual(changes["oldpkg"], {"name": "oldpkg", "from": "1.0-1", "to": None, "security": False})
        self.assertIn("libc6:i386", changes)
        self.assertEqual(len(changes), 6)

    def test_ubuntu_security_pocket_among_several_origins(self):
        changes = {c["name"]: c for c in f.apt_simulation(UBUNTU_SIMULATION)}
        self.assertTrue(changes["libssl1.1"]["security"])
        self.assertFalse(changes["base-files"]["security"])

    def test_nothing_to_do(self):
        self.assertEqual(f.apt_simulation("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"), [])


class SnapshotTests(unittest.TestCase):

    def test_dpkg_snapshot_keeps_installed_packages_and_holds(self):
        packages = f.dpkg_packages(DPKG_QUERY)
        self.assertEqual(packages["kubelet"], {"versions": ["1.30.0-lab1"], "held": True})
        self.assertFalse(packages["kubectl"]["held"])
        self.assertIn("libc6", packages)
        self.assertIn("libc6:i386", packages)
        self.assertNotIn("removed-keeps-config", packages)
        self.assertNotIn("never-installed", packages)

    def test_rpm_snapshot_from_package_facts(self):
        facts = {
            "kernel-core": [
                {"version": "5.14.0", "release": "362.el9", "epoch": None, "arch": "x86_64"},
                {"version": "5.14.0", "release": "427.el9", "epoch": None, "arch": "x86_64"},
            ],
            "openssl-libs": [{"version": "3.0.7", "release": "27.el9", "epoch": 1, "arch": "x86_64"}],
        }
        packages = f.rpm_packages(facts)
        self.assertEqual(packages["kernel-core"]["versions"], ["5.14.0-362.el9", "5.14.0-427.el9"])
        self.assertEqual(packages["openssl-libs"]["versions"], ["1:3.0.7-27.el9"])

    def test_diff_reports_upgrades_installs_and_removals(self):
        before = {"base-files": {"versions": ["12.4+deb12u13"]}, "kubelet": {"versions": ["1.30.0"]},
                  "oldpkg": {"versions": ["1.0"]}, "libssl3": {"versions": ["3.0.15"]}}
        after = {"base-files": {"versions": ["12.4+deb12u15"]}, "kubelet": {"versions": ["1.30.0"]},
                 "newpkg": {"versions": ["2.0"]}, "libssl3": {"versions": ["3.0.17"]}}
        plan = [{"name": "libssl3", "security": True}]
        self.assertEqual(f.package_changes(before, after, plan), [
            {"name": "base-files", "from": "12.4+deb12u13", "to": "12.4+deb12u15", "security": False},
            {"name": "libssl3", "from": "3.0.15", "to": "3.0.17", "security": True},
            {"name": "newpkg", "from": None, "to": "2.0", "security": False},
            {"name": "oldpkg", "from": "1.0", "to": None, "security": False},
        ])

    def test_diff_of_an_install_only_kernel(self):
        before = {"kernel-core": {"versions": ["5.14.0-362.el9"]}}
        after = {"kernel-core": {"versions": ["5.14.0-362.el9", "5.14.0-427.el9"]}}
        self.assertEqual(f.package_changes(before, after), [
            {"name": "kernel-core", "from": "5.14.0-362.el9", "to": "5.14.0-427.el9", "security": False}])


class DnfTests(unittest.TestCase):

    def test_upgrades_take_from_versions_from_the_snapshot(self):
        installed = {"openssl-libs": {"versions": ["1:3.0.7-25.el9_3"]}}
        text = "openssl-libs\t1:3.0.7-27.el9\tRocky Linux 9 - BaseOS\nrocky-release\t9.4-1.7.el9\tBaseOS\n"
        self.assertEqual(f.dnf_upgrades(text, installed), [
            {"name": "openssl-libs", "from": "1:3.0.7-25.el9_3", "to": "1:3.0.7-27.el9", "security": False},
            {"name": "rocky-release", "from": None, "to": "9.4-1.7.el9", "security": False},
        ])

    def test_security_names_from_updateinfo(self):
        text = ("RLSA-2024:1234 Important/Sec. openssl-libs-1:3.0.7-27.el9.x86_64\n"
                "RLSA-2024:2000 Moderate/Sec.  python3-libs-3.9.18-3.el9.x86_64\n")
        self.assertEqual(f.dnf_security_names(text), ["openssl-libs", "python3-libs"])
        marked = f.with_security([{"name": "openssl-libs", "security": False},
                                  {"name": "bash", "security": False}], ["openssl-libs"])
        self.assertEqual([c["security"] for c in marked], [True, False])


class FailureMessageTests(unittest.TestCase):

    def test_module_message_keeps_its_text(self):
        result = {"failed": True, "msg": "'/usr/bin/apt-get dist-upgrade ' failed: E: Sub-process returned an error code",
                  "stderr": "E: Sub-process returned an error code"}
        self.assertEqual(f.failure_message(result), result["msg"])

    def test_command_failure_gives_the_command_stderr(self):
        result = {"failed": True, "msg": "non-zero return code", "rc": 100,
                  "stderr": "E: The list of sources could not be read."}
        self.assertEqual(f.failure_message(result), "E: The list of sources could not be read.")

    def test_loop_failure_gives_the_failed_items(self):
        result = {"failed": True, "msg": "One or more items failed",
                  "results": [{"failed": False}, {"failed": True, "msg": "dpkg: error: lock held"}]}
        self.assertEqual(f.failure_message(result), "dpkg: error: lock held")


if __name__ == "__main__":
    unittest.main()
