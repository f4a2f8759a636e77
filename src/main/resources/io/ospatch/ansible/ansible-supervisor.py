# Runs one ansible-playbook for ospatch and makes sure that nothing it started outlives ospatch.
#
#   python3 -I ansible-supervisor.py JVM_PID ANSIBLE_PLAYBOOK [ARG ...]
#
# ansible-playbook runs in a session (and process group) of its own, so that the whole tree it
# forks - its workers, ssh, the task's commands - can be ended at once. That group is ended
#   - when ospatch asks for it (SIGTERM, SIGINT or SIGHUP: its watchdog, an interrupted run, an
#     orderly JVM exit),
#   - when ospatch dies without asking (SIGKILL, OOM kill): the kernel sends SIGTERM
#     (PR_SET_PDEATHSIG), and, should that not come, a parent pid that is no longer JVM_PID
#     gives it away within a second,
#   - after ansible-playbook has exited, should anything of its group be left.
# Ending means SIGTERM, then SIGKILL for whatever is still there after GRACE_SECONDS.
#
# stdout and stderr are inherited, so ospatch reads ansible-playbook's output directly. Exit code:
# ansible-playbook's, 128 + the signal that stopped the run, or 127 when ansible-playbook could not
# be started (the reason is the last line on stderr).
import ctypes
import os
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 3.0
KILL_WAIT_SECONDS = 5.0
PARENT_CHECK_SECONDS = 1.0
COULD_NOT_START = 127

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


def prctl(option, value):
    # Best effort: without prctl the parent pid check still notices a dead JVM.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap(child):
    """Reaps every ended child; returns the wait status of `child` once it has ended, else None."""
    status = None
    while True:
        try:
            pid, wait_status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return status
        if pid == 0:
            return status
        if pid == child:
            status = wait_status


def group_alive(group):
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def signal_group(group, signum):
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass


def end_group(group, child, status):
    """SIGTERM, a grace period, then SIGKILL; returns the child's wait status if it was reaped."""
    for signum, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, KILL_WAIT_SECONDS)):
        if not group_alive(group):
            break
        signal_group(group, signum)
        deadline = time.monotonic() + wait
        while True:
            reaped = reap(child)
            if reaped is not None:
                status = reaped
            # Orphaned members come to this process (a subreaper) and are reaped above.
            if not group_alive(group) or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
    return status


def exit_code(status):
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def main(argv):
    if len(argv) < 3:
        print("usage: ansible-supervisor.py JVM_PID COMMAND [ARG ...]", file=sys.stderr)
        return 2
    jvm = int(argv[1])
    command = argv[2:]
    waited = STOP_SIGNALS | {signal.SIGCHLD}
    # Blocked, these signals wait for sigtimedwait below: none is lost, none interrupts anything.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, waited)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    # The JVM may have died before PR_SET_PDEATHSIG was set.
    if os.getppid() != jvm:
        return 128 + signal.SIGTERM
    try:
        child = subprocess.Popen(command, start_new_session=True,
                                 preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, unblocked))
    except OSError as ex:
        print("ospatch: cannot run %s: %s" % (command[0], ex.strerror or ex), file=sys.stderr, flush=True)
        return COULD_NOT_START
    group = child.pid
    status = None
    stopped_by = None
    while status is None:
        info = signal.sigtimedwait(waited, PARENT_CHECK_SECONDS)
        if info is None:
            if os.getppid() != jvm:
                stopped_by = signal.SIGTERM
        elif info.si_signo == signal.SIGCHLD:
            status = reap(child.pid)
        else:
            stopped_by = info.si_signo
        if stopped_by is not None:
            status = end_group(group, child.pid, status)
            return 128 + stopped_by
    # Reaped here, not by Popen: tell it, so that it does not wait for the child again.
    child.returncode = exit_code(status)
    # ansible-playbook has ended: what is left of its group has nobody to report to.
    end_group(group, child.pid, status)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
