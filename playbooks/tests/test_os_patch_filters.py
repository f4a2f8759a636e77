"""Unit tests of the os_patch role's filters (roles/os_patch/filter_plugins/os_patch.py): the record
of a host assembled from the os_patch_node module's results.

Run from playbooks/, with the Python that runs Ansible: /usr/bin/python3 -m unittest discover -s tests -v
"""

import importlib.util
import pathlib
import unittest

_PLUGIN = pathlib.Path(__file__).resolve().parents[1] / "roles/os_patch/filter_plugins/os_patch.py"
_SPEC = importlib.util.spec_from_file_location("os_patch_filters", _PLUGIN)
f = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(f)

PATCHED = {
    "changed": True, "status": "patched",
    "before": {"distribution": "Debian", "os_family": "Debian", "version": "12.13", "kernel": "6.1.0-40-amd64"},
    "os": {"distribution": "Debian", "os_family": "Debian", "version": "12.15", "kernel": "6.1.0-40-amd64"},
    "target_version": "12.15",
    "packages": [{"name": "base-files", "from": "12.4+deb12u13", "to": "12.4+deb12u15", "security": False,
                  "cves": []},
                 {"name": "libssl3", "from": "3.0.15-1~deb12u1", "to": "3.0.17-1~deb12u2", "security": True,
                  "cves": ["CVE-2025-9230", "CVE-2025-9232"]}],
    "held": ["kubelet", "kubectl"], "reboot_required": True,
}
SKIPPED = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}


class RecordTests(unittest.TestCase):

    def test_a_patched_node_without_reboot(self):
        record = f.record(PATCHED, "os-patch", False, SKIPPED, SKIPPED)
        self.assertEqual(record, {
            "format": 2, "playbook": "os-patch", "status": "patched",
            "before": PATCHED["before"], "after": PATCHED["os"], "target_version": "12.15",
            "packages": PATCHED["packages"], "held": ["kubelet", "kubectl"],
            "rebooted": False, "reboot_required": True, "error": None, "failed_task": None})

    def test_after_a_reboot_the_os_and_pending_reboot_come_from_the_look_after_it(self):
        after_reboot = {"changed": False, "os": dict(PATCHED["os"], kernel="6.1.0-41-amd64"),
                        "reboot_required": False}
        record = f.record(PATCHED, "os-patch", False, {"changed": True, "rebooted": True}, after_reboot)
        self.assertTrue(record["rebooted"])
        self.assertFalse(record["reboot_required"])
        self.assertEqual(record["after"]["kernel"], "6.1.0-41-amd64")

    def test_check_mode_reports_no_after_and_no_reboot(self):
        record = f.record(PATCHED, "os-patch", True, {"changed": True, "rebooted": True}, SKIPPED)
        self.assertIsNone(record["after"])
        self.assertFalse(record["rebooted"])
        self.assertTrue(record["reboot_required"])

    def test_every_package_carries_a_list_of_cves(self):
        facts = dict(PATCHED, packages=[{"name": "bash", "from": "5.2-1", "to": "5.2-2", "security": False},
                                        {"name": "zsh", "from": "5.9-1", "to": "5.9-2", "security": False,
                                         "cves": None}])
        record = f.record(facts, "os-patch")
        self.assertEqual([package["cves"] for package in record["packages"]], [[], []])

    def test_os_facts_has_no_after_and_an_unknown_target_is_null(self):
        facts = dict(PATCHED, status="updates-available", target_version="")
        record = f.record(facts, "os-facts")
        self.assertEqual(record["playbook"], "os-facts")
        self.assertEqual(record["status"], "updates-available")
        self.assertIsNone(record["after"])
        self.assertIsNone(record["target_version"])


class FailureRecordTests(unittest.TestCase):

    def test_a_failed_module_run_names_its_step_and_keeps_what_it_knew(self):
        failed = {"failed": True, "msg": "E: The list of sources could not be read.",
                  "step": "Refresh the node's package lists", "before": PATCHED["before"],
                  "held": ["kubelet"], "packages": []}
        record = f.failure_record(failed, "Upgrade the node within its release, the hold-list held", "os-patch", {})
        self.assertEqual(record["status"], "failed")
        self.assertEqual(record["error"], "E: The list of sources could not be read.")
        self.assertEqual(record["failed_task"], "Refresh the node's package lists")
        self.assertEqual(record["before"], PATCHED["before"])
        self.assertEqual(record["held"], ["kubelet"])
        self.assertIsNone(record["after"])
        self.assertIsNone(record["target_version"])

    def test_a_failed_reboot_keeps_what_the_patch_did(self):
        failed = {"failed": True, "rebooted": True, "msg": "Timed out waiting for last boot time check (timeout=600)"}
        record = f.failure_record(failed, "Reboot the node and wait for it to answer again", "os-patch", PATCHED)
        self.assertEqual(record["failed_task"], "Reboot the node and wait for it to answer again")
        self.assertEqual(record["packages"], PATCHED["packages"])
        self.assertEqual(record["target_version"], "12.15")
        self.assertFalse(record["rebooted"])
        self.assertIsNone(record["after"])

    def test_a_failure_before_anything_was_known(self):
        record = f.failure_record({"failed": True, "msg": "boom"}, "", "os-facts", SKIPPED)
        self.assertIsNone(record["before"])
        self.assertIsNone(record["failed_task"])
        self.assertEqual(record["packages"], [])
        self.assertEqual(record["error"], "boom")


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
