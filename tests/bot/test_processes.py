import asyncio
import os
import sys
import textwrap

from bot.processes import ManagedProcess, ProcessSpec


def spec(code: str, tmp_path, name: str = "child") -> ProcessSpec:
    return ProcessSpec(name=name, argv=[sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is gone for our purpose
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


async def test_output_lines_are_prefixed_with_the_process_name(tmp_path, capsys):
    child = ManagedProcess(spec("print('one'); print('two', flush=True)", tmp_path, name="rasa"))
    await child.start()
    assert await child.wait() == 0
    assert capsys.readouterr().out == "rasa    | one\nrasa    | two\n"


async def test_extra_environment_reaches_the_child(tmp_path, capsys):
    child_spec = spec("import os; print(os.environ['ORIENTA_X'])", tmp_path)
    child_spec.env = {"ORIENTA_X": "from-launcher"}
    child = ManagedProcess(child_spec)
    await child.start()
    await child.wait()
    assert "from-launcher" in capsys.readouterr().out


async def test_stop_ends_the_child_and_its_own_children(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    code = f"""
        import subprocess, sys, time
        grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open({str(pid_file)!r}, "w").write(str(grandchild.pid))
        time.sleep(60)
    """
    child = ManagedProcess(spec(code, tmp_path))
    await child.start()
    while not pid_file.exists() or not pid_file.read_text():
        await asyncio.sleep(0.05)
    grandchild = int(pid_file.read_text())

    await child.stop(grace_seconds=5)

    assert child.returncode is not None
    await asyncio.sleep(0.2)
    assert not alive(grandchild)


async def test_a_child_ignoring_sigterm_is_killed_after_the_grace_time(tmp_path):
    code = """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("ready", flush=True)
        time.sleep(60)
    """
    child = ManagedProcess(spec(code, tmp_path))
    await child.start()
    await asyncio.sleep(0.5)
    assert await child.stop(grace_seconds=0.5) == -9
