#!/bin/sh
# Lab nodes have no init system: packages must not start, stop or restart services (an upgrade of
# openssh-server would otherwise stop the sshd that is the node's PID 1). Exit 101 = action forbidden.
exit 101
