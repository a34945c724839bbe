"""Child processes with prefixed logs and a clean, complete shutdown.

Each child runs in its own session (process group), so a Ctrl-C in the
terminal reaches only the launcher, which then stops the children in order
instead of all of them printing KeyboardInterrupt tracebacks at once. On
Linux each child is also told to receive SIGTERM if the launcher dies
(PR_SET_PDEATHSIG), so even a killed launcher leaves no orphans behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Ask the kernel to SIGTERM this child when its parent exits."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class ProcessSpec:
    """What to run, under which name, with which extra environment."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)


class ManagedProcess:
    """One child process whose output is copied to ours, line by line, prefixed."""

    def __init__(self, spec: ProcessSpec, prefix_width: int = 8) -> None:
        """Prepare (but do not start) the process described by ``spec``."""
        self.spec = spec
        self._prefix = f"{spec.name:<{prefix_width}}| "
        self._process: asyncio.subprocess.Process | None = None
        self._pump: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id once started."""
        return self._process.pid if self._process else None

    @property
    def returncode(self) -> int | None:
        """None while running, else the exit status."""
        return self._process.returncode if self._process else None

    async def start(self) -> None:
        """Start the child, inheriting our environment plus ``spec.env``."""
        use_deathsig = sys.platform.startswith("linux")
        self._process = await asyncio.create_subprocess_exec(
            *self.spec.argv,
            cwd=self.spec.cwd,
            env={**os.environ, **self.spec.env},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if use_deathsig else None,
        )
        self._pump = asyncio.create_task(self._copy_output())

    async def _copy_output(self) -> None:
        assert self._process and self._process.stdout
        while line := await self._process.stdout.readline():
            text = line.decode("utf-8", errors="replace").rstrip()
            # Progress bars redraw with \r; show only their final state.
            text = text.rsplit("\r", 1)[-1]
            sys.stdout.write(self._prefix + text + "\n")
            sys.stdout.flush()

    async def wait(self) -> int:
        """Wait for the child to exit and its output to be copied."""
        assert self._process
        code = await self._process.wait()
        if self._pump:
            # Shielded: a cancelled waiter must not cancel the copying itself.
            await asyncio.shield(self._pump)
        return code

    async def stop(self, grace_seconds: float = 10.0) -> int | None:
        """SIGTERM the child's whole process group; SIGKILL it after the grace time."""
        if not self._process:
            return None
        if self._process.returncode is None:
            self._signal_group(signal.SIGTERM)
            try:
                await asyncio.wait_for(self._process.wait(), grace_seconds)
            except asyncio.TimeoutError:
                self._signal_group(signal.SIGKILL)
        # Grandchildren left in the group (none expected) go too.
        self._signal_group(signal.SIGKILL)
        return await self.wait()

    def _signal_group(self, signum: int) -> None:
        assert self._process
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, signum)
