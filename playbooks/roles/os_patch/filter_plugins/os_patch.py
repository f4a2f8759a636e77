# -*- coding: utf-8 -*-
"""Filters that turn the os_patch_node module's results into the host's ospatch record.

The record is the documented result of the role (playbooks/README.md, format 2). The module
does the work on the node; these filters only assemble its results on the controller, so they
are unit-tested without a node (playbooks/tests/test_os_patch_filters.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# 2: every package carries `cves` (format 1 had none).
RESULT_FORMAT = 2


def _ran(result):
    """A registered task result that ran (not skipped, not undefined)."""
    return isinstance(result, dict) and bool(result) and not result.get("skipped")


def _os(value):
    return value if isinstance(value, dict) and value else None


def record(result, playbook, check_mode=False, reboot=None, after_reboot=None):
    """The record of a host whose run succeeded.

    result: os_patch_node's (phase patch for os-patch, inspect for os-facts); reboot: the
    reboot task's result, after_reboot: the inspect that followed it (both may be skipped).
    Under check mode nothing was patched: `after` stays null and nothing rebooted.
    """
    rebooted = _ran(reboot) and bool(reboot.get("rebooted")) and not check_mode
    looked_after_reboot = rebooted and _ran(after_reboot)
    if playbook == "os-facts" or check_mode:
        after = None
    elif looked_after_reboot:
        after = _os(after_reboot.get("os"))
    else:
        after = _os(result.get("os"))
    source = after_reboot if looked_after_reboot else result
    return _record(playbook, result.get("status"), result, after=after, rebooted=rebooted,
                   reboot_required=bool(source.get("reboot_required")))


def failure_record(failed_result, failed_task, playbook, known=None):
    """The record of a host whose run failed: status failed, the error, the failed task (the
    module's own step where it named one), and whatever was known by then: the failed module
    run's partial result, else what an earlier task registered (known)."""
    failed = failed_result if isinstance(failed_result, dict) else {}
    facts = dict(known if _ran(known) else {})
    facts.update((key, value) for key, value in failed.items()
                 if key in ("before", "target_version", "packages", "held") and value is not None)
    record_ = _record(playbook, "failed", facts, after=None, rebooted=False,
                      reboot_required=bool(facts.get("reboot_required")))
    record_["error"] = failure_message(failed)
    record_["failed_task"] = failed.get("step") or failed_task or None
    return record_


def _record(playbook, status, facts, after, rebooted, reboot_required):
    return {
        "format": RESULT_FORMAT,
        "playbook": playbook,
        "status": status,
        "before": _os(facts.get("before")),
        "after": after,
        "target_version": facts.get("target_version") or None,
        "packages": [_package(package) for package in facts.get("packages") or []],
        "held": list(facts.get("held") or []),
        "rebooted": rebooted,
        "reboot_required": reboot_required,
        "error": None,
        "failed_task": None,
    }


def _package(package):
    """A package change of the record: `cves` always a list, whatever a module run sent."""
    return dict(package, cves=list(package.get("cves") or []))


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
            "os_patch_record": record,
            "os_patch_failure_record": failure_record,
        }
