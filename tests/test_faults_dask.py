"""The Dask engine lets nobody in: TLS with this run's credentials, loopback only, no dashboard;
a bad --scheduler and a dead worker are one short line each."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from distributed import (
    Client,
    KilledWorker,
)
from distributed.security import Security

from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.dask_cluster import connect, disconnect
from cleaner.cli import main

CLEANER = [sys.executable, "-m", "cleaner"]
SHORT = "现在，我代表中共太原市第十一届委员会向大会作报告，请予审议。\n"


def listening(pids: list[int]) -> list[tuple[str, int]]:
    return [(c.laddr.ip, c.laddr.port) for c in psutil.net_connections("inet")
            if c.status == psutil.CONN_LISTEN and c.pid in pids]


def test_the_local_cluster_lets_nobody_in() -> None:
    client = connect(2, None)
    try:
        address = client.cluster.scheduler_address  # type: ignore[union-attr]
        assert address.startswith("tls://127.0.0.1:")
        me = psutil.Process()
        pids = [me.pid, *(p.pid for p in me.children(recursive=True))]
        sockets = listening(pids)
        assert sockets and all(ip == "127.0.0.1" for ip, _ in sockets), sockets
        assert 8787 not in {port for _, port in sockets}  # no dashboard
        # A client without this run's credentials cannot connect: plain TCP, or TLS with credentials of its own.
        with pytest.raises((OSError, TimeoutError)):
            Client(address.replace("tls://", "tcp://"), timeout=3)
        with pytest.raises((OSError, TimeoutError)):
            Client(address, security=Security.temporary(), timeout=3)
        # The HTTP server Dask starts anyway serves nothing.
        http = client.cluster.scheduler.http_server  # type: ignore[union-attr]
        port = next(iter(http._sockets.values())).getsockname()[1]
        import urllib.error
        import urllib.request
        for path in ("/status", "/health", "/info/main/workers.html", "/metrics"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
    finally:
        disconnect(client)


def test_a_batch_on_the_secured_cluster_cleans(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask", "--jobs", "1",
                                  "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").exists()


@pytest.mark.parametrize(("address", "expected"), [
    ("tcp://127.0.0.1:9", "cannot connect within 5s"),
    ("not an address", "not a scheduler address like tls://host:8786"),
    ("127.0.0.1:8786", "not a scheduler address like tls://host:8786"),
])
def test_a_bad_scheduler_is_one_line(tmp_path: Path, address: str, expected: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    done = subprocess.run([*CLEANER, "batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask",
                           "--scheduler", address, "--quiet"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cleaner: error: --scheduler {address}: ") and expected in lines[0], lines


class KillingExecutor(Executor):
    """Fault injection: every task's worker 'dies', as Dask reports it."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(KilledWorker("clean_document_task-0123", "tls://127.0.0.1:40000", 3))  # type: ignore[arg-type]
        return future


def test_a_killed_worker_is_one_short_line_per_unit(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(SHORT, encoding="utf-8")
    summary = run_batch([str(src)], BatchOptions(tmp_path / "out"), executor=KillingExecutor())
    assert [f["reason"] for f in summary["failures"]] == [
        f"{src / name}: a Dask worker died while cleaning it (KilledWorker); rerun with --resume" for name in ("a.txt", "b.txt")]


def test_scheduler_tls_credentials_come_from_dask_configuration(tmp_path: Path) -> None:
    """The README's recipe: a TLS scheduler, and the client's credentials in DASK_ variables."""
    import os

    from distributed import LocalCluster

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    security = Security.temporary()
    files = {"CA_FILE": security.tls_ca_file, "CLIENT__CERT": security.tls_client_cert,
             "CLIENT__KEY": security.tls_client_key}
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION="True")
    for name, pem in files.items():
        path = tmp_path / f"{name.lower()}.pem"
        path.write_text(pem, encoding="utf-8")
        env[f"DASK_DISTRIBUTED__COMM__TLS__{name}"] = str(path)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tls://",
                      security=security, dashboard_address=None) as cluster:
        command = [*CLEANER, "batch", str(src), "--engine", "dask", "--scheduler", cluster.scheduler_address, "--quiet"]
        without = subprocess.run([*command, "-o", str(tmp_path / "no")], capture_output=True, text=True, timeout=120,
                                 check=False)
        assert without.returncode == 1 and len(without.stderr.strip().splitlines()) == 1, without.stderr
        assert "needs TLS credentials" in without.stderr
        done = subprocess.run([*command, "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
                              check=False, env=env)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == SHORT
