#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal and types a password at its prompt.

What a person at a terminal does for --sudo: wait for the prompt, then
type. The tests need this rather than script(1) fed from a pipe, which
passes the input on at once, before the prompt has turned the echo off.
Usage: type_password.py PROMPT COMMAND... The text typed comes from
$SHOAL_TEST_TYPED (not an argument: the tests look for it in ps), followed
by Enter; unset, the terminal is closed at the prompt instead (Ctrl-D).
The terminal's output goes to stdout; the exit status is the command's
(128+N if a signal N ended it). Gives up after 60 s.
"""
import os
import pty
import select
import signal
import sys
import time

prompt = sys.argv[1].encode()
command = sys.argv[2:]
typed = os.environ.pop("SHOAL_TEST_TYPED", None)
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
seen = b""
answered = False
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:  # EIO: the other side has closed
        break
    if not data:
        break
    seen += data
    if not answered and prompt in seen:
        answered = True
        os.write(fd, typed.encode() + b"\n" if typed is not None else b"\x04")
else:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(seen)
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
