# Ends the SSH control masters of one ospatch process when that process ends, however it ends.
#
#   python3 -I ssh-control-guard.py JVM_PID CONTROL_DIR
#
# ansible-playbook's ssh keeps one master connection per node (ControlPersist), with its socket in
# CONTROL_DIR. A master daemonizes: it leaves ansible-playbook's process group and session, so the
# run's supervisor does not end it, and it would outlive ospatch by its whole ControlPersist time.
# This guard, started once per JVM, waits until
#   - ospatch asks it to end (SIGTERM, SIGINT or SIGHUP: an orderly close), or
#   - ospatch dies without asking (SIGKILL, OOM kill): the kernel sends SIGTERM
#     (PR_SET_PDEATHSIG), and, should that not come, a parent pid that is no longer JVM_PID gives
#     it away within a second,
# and then ends every master: `ssh -O exit` through its socket, then SIGKILL for any process whose
# arguments still name CONTROL_DIR (a master that did not answer), and removes CONTROL_DIR.
# Exit code 0 when all of that worked, 1 otherwise (the reason is on stderr).
import ctypes
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

PARENT_CHECK_SECONDS = 1.0
EXIT_TIMEOUT_SECONDS = 5.0
KILL_WAIT_SECONDS = 5.0

PR_SET_PDEATHSIG = 1

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


def say(message):
    # Once the JVM is gone nobody reads stderr any more: a broken pipe must not stop the cleanup.
    try:
        print("ospatch ssh-control-guard: " + message, file=sys.stderr, flush=True)
    except OSError:
        pass


def prctl(option, value):
    # Best effort: without prctl the parent pid check still notices a dead JVM.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def sockets(control_dir):
    try:
        names = sorted(os.listdir(control_dir))
    except FileNotFoundError:
        return []
    paths = [os.path.join(control_dir, name) for name in names]
    return [path for path in paths if stat.S_ISSOCK(os.lstat(path).st_mode)]


def exit_master(socket):
    # The destination is required by ssh's syntax, and unused: the socket names the master.
    command = ["ssh", "-o", "ControlPath=" + socket, "-O", "exit", "ospatch-control-master"]
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=EXIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as ex:
        say("could not ask the master of %s to exit: %s" % (socket, ex))


def mentioning(control_dir):
    """The pids, other than this one, whose arguments name a path inside control_dir."""
    inside = (control_dir.rstrip("/") + "/").encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % name, "rb") as cmdline:
                if inside in cmdline.read():
                    found.append(int(name))
        except OSError:
            continue
    return found


def kill_the_rest(control_dir):
    deadline = time.monotonic() + KILL_WAIT_SECONDS
    left = mentioning(control_dir)
    while left and time.monotonic() < deadline:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            except PermissionError as ex:
                say("could not kill %d: %s" % (pid, ex))
        time.sleep(0.1)
        left = mentioning(control_dir)
    return left


def end_masters(control_dir):
    for socket in sockets(control_dir):
        exit_master(socket)
    left = kill_the_rest(control_dir)
    ok = not left
    if left:
        say("processes %s of %s are still running" % (left, control_dir))
    try:
        shutil.rmtree(control_dir)
    except FileNotFoundError:
        pass
    except OSError as ex:
        say("could not remove %s: %s" % (control_dir, ex))
        ok = False
    return ok


def main(argv):
    if len(argv) != 3:
        print("usage: ssh-control-guard.py JVM_PID CONTROL_DIR", file=sys.stderr)
        return 2
    jvm = int(argv[1])
    control_dir = os.path.abspath(argv[2])
    # Blocked, the stop signals wait for sigtimedwait below: none is lost.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    while os.getppid() == jvm:
        if signal.sigtimedwait(STOP_SIGNALS, PARENT_CHECK_SECONDS) is not None:
            break
    return 0 if end_masters(control_dir) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
