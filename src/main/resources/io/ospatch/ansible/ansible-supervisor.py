# Runs one ansible-playbook for ospatch and makes sure that nothing it started outlives ospatch.
#
#   python3 -I ansible-supervisor.py JVM_PID --ready ANSIBLE_PLAYBOOK PRELOAD_AFTER
#
# It starts before its run is known, so that the run starts at once when it is: with ansible's
# playbook command already imported (a third of a second of CPU, more on a loaded machine, at the
# start of every chunk) when ANSIBLE_PLAYBOOK is ansible's own entry point and this interpreter is
# the one it runs under. It imports it PRELOAD_AFTER seconds after its start (a supervisor started
# for the next chunk while one starts leaves the CPU to that one), or when its command comes. The
# command is one JSON array on one line of stdin:
#   ["ansible-playbook", "-i", "INVENTORY", ..., "PLAYBOOK"]
# It runs it in a forked copy of itself when ansible is imported and the command is
# ANSIBLE_PLAYBOOK, else as a new process. A supervisor nobody gives a command ends after
# READY_SECONDS (exit code 125, nothing run), or when ospatch ends.
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
# ansible-playbook's, 128 + the signal that stopped the run, 127 when ansible-playbook could not be
# started (the reason is the last line on stderr), 125 when no command came.
import atexit
import ctypes
import json
import os
import re
import select
import shutil
import signal
import site
import subprocess
import sys
import time
import traceback

GRACE_SECONDS = 3.0
KILL_WAIT_SECONDS = 5.0
PARENT_CHECK_SECONDS = 1.0
COULD_NOT_START = 127
NO_COMMAND = 125
# ospatch hands out a waiting supervisor only within its first ten minutes: this is the backstop
READY_SECONDS = 3600.0
IMPORT_SETTINGS = ("PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONPLATLIBDIR", "PYTHONSAFEPATH",
                   "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONWARNINGS", "PYTHONOPTIMIZE", "PYTHONSTARTUP")
# what ansible's own entry point scripts say (ansible-core 2.11 and later)
ENTRY_POINT = re.compile(rb"^from ansible\.cli\.playbook import main$", re.MULTILINE)

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


def preload(binary):
    """ansible's playbook command, imported, when `binary` is its entry point for this interpreter."""
    path = binary if os.sep in binary else shutil.which(binary)
    try:
        with open(path, "rb") as script:
            text = script.read(4096)
    except (OSError, TypeError):
        return None
    shebang = text.split(b"\n", 1)[0]
    interpreter = os.fsdecode(shebang[2:].strip().split(b" ")[0]) if shebang.startswith(b"#!") else ""
    if not ENTRY_POINT.search(text) or not interpreter \
            or os.path.realpath(interpreter) != os.path.realpath(sys.executable):
        return None
    # This interpreter runs isolated (-I); ansible-playbook's own would read the PYTHON* settings and
    # the user's site-packages. Where they would change what ansible imports or how it writes, it
    # starts as its own process.
    if any(os.environ.get(name) for name in IMPORT_SETTINGS) or os.path.isdir(site.getusersitepackages()):
        return None
    try:
        from ansible.cli.playbook import main as playbook_main
    except Exception:  # noqa: BLE001 - any failure means: run it as a new process instead
        return None
    return playbook_main


def await_command(jvm, seconds):
    """The command ospatch sends on stdin, or None, and whether one may still come: (None, True)
    when `seconds` passed without one; (None, False) when none will (ospatch gone, stdin closed)."""
    deadline = time.monotonic() + seconds
    line = b""
    while True:
        if os.getppid() != jvm:
            return None, False
        left = deadline - time.monotonic()
        if left <= 0 and not line:
            return None, True
        readable, _, _ = select.select([sys.stdin.buffer], [], [], min(max(left, 0.05), PARENT_CHECK_SECONDS))
        if readable:
            chunk = os.read(sys.stdin.fileno(), 65536)
            if not chunk:
                break
            line += chunk
            if line.endswith(b"\n"):
                break
    try:
        command = json.loads(line.decode())
    except ValueError:
        return None, False
    if not isinstance(command, list) or not command or not all(isinstance(word, str) for word in command):
        return None, False
    return command, False


def run_here(playbook_main, command):
    """In a forked copy: ansible-playbook's own entry point, as its script runs it; never returns."""
    code = 250
    try:
        sys.argv = [re.sub(r"(-script\.pyw|\.exe)?$", "", command[0])] + command[1:]
        try:
            result = playbook_main()
            code = result if isinstance(result, int) else 0
        except SystemExit as ex:
            if ex.code is None:
                code = 0
            elif isinstance(ex.code, int):
                code = ex.code
            else:
                print(ex.code, file=sys.stderr)
                code = 1
    except BaseException:  # noqa: BLE001 - whatever happens, this copy must end here
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def start(command, binary, playbook_main, unblocked):
    """Starts the command in a session of its own; returns its pid and its Popen, if it has one.
    A copy of this process runs it when `playbook_main` is `binary`'s, and the command runs `binary`."""
    if playbook_main is None or command[0] != binary:
        child = subprocess.Popen(command, start_new_session=True,
                                 preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, unblocked))
        return child.pid, child
    pid = os.fork()
    if pid == 0:
        os.setsid()
        # as a new ansible-playbook process has them
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
        run_here(playbook_main, command)
    # Its group must exist before anything signals it (Popen waits for the same before it returns).
    deadline = time.monotonic() + KILL_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if os.getpgid(pid) == pid:
                break
        except ProcessLookupError:
            break
        time.sleep(0.001)
    return pid, None


def main(argv):
    if len(argv) != 5 or argv[2] != "--ready":
        print("usage: ansible-supervisor.py JVM_PID --ready ANSIBLE_PLAYBOOK PRELOAD_AFTER", file=sys.stderr)
        return 2
    jvm, binary, preload_after = int(argv[1]), argv[3], float(argv[4])
    # Until the command comes, the work directory ospatch made for the run (where this script is)
    # holds nothing of a run: a supervisor ended then (ospatch closed it, or died) removes it.
    work_dir = os.path.dirname(os.path.abspath(__file__))

    def abandon(signum=signal.SIGTERM, _frame=None):
        shutil.rmtree(work_dir, ignore_errors=True)
        os._exit(128 + signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, abandon)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    # The JVM may have died before PR_SET_PDEATHSIG was set.
    if os.getppid() != jvm:
        abandon()
    command, waiting = await_command(jvm, preload_after)
    playbook_main = preload(binary) if command is not None or waiting else None
    if command is None and waiting:
        command, waiting = await_command(jvm, READY_SECONDS)
    if command is None:
        shutil.rmtree(work_dir, ignore_errors=True)
        return NO_COMMAND if os.getppid() == jvm else 128 + signal.SIGTERM
    waited = STOP_SIGNALS | {signal.SIGCHLD}
    # Blocked, these signals wait for sigtimedwait below: none is lost, none interrupts anything.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, waited)
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    try:
        group, child = start(command, binary, playbook_main, unblocked)
    except OSError as ex:
        print("ospatch: cannot run %s: %s" % (command[0], ex.strerror or ex), file=sys.stderr, flush=True)
        return COULD_NOT_START
    status = None
    stopped_by = None
    while status is None:
        info = signal.sigtimedwait(waited, PARENT_CHECK_SECONDS)
        if info is None:
            if os.getppid() != jvm:
                stopped_by = signal.SIGTERM
        elif info.si_signo == signal.SIGCHLD:
            status = reap(group)
        else:
            stopped_by = info.si_signo
        if stopped_by is not None:
            end_group(group, group, status)
            return 128 + stopped_by
    if child is not None:
        # Reaped here, not by Popen: tell it, so that it does not wait for the child again.
        child.returncode = exit_code(status)
    # ansible-playbook has ended: what is left of its group has nobody to report to.
    end_group(group, group, status)
    return exit_code(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
