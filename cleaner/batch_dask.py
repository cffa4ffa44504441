"""The Dask engine: a batch on a Dask cluster, a local one by default.

Nobody else gets in. A local cluster's scheduler accepts any connection that reaches
it, and a connected client can run code as the user running the batch; so the local
cluster listens on loopback only, speaks TLS with credentials made for this run
(``Security.temporary()``: a fresh certificate in memory, never on disk), and serves
no dashboard: its HTTP servers get no routes and a random loopback port, never :8787.

An existing cluster (``--scheduler``) is reached with the TLS settings of Dask's own
configuration (the ``DASK_DISTRIBUTED__COMM__TLS__*`` variables, see the README). A
malformed or unreachable address is a one-line :class:`InputError` within
:data:`CONNECT_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cleaner.io import InputError

CONNECT_SECONDS = 5
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
LOOPBACK = "127.0.0.1"
# The HTTP servers Dask starts anyway: no routes (no dashboard, no metrics), on a random loopback port.
NO_HTTP: dict[str, list[str]] = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}


def check_address(address: str) -> None:
    """Refuse what is not ``SCHEME://HOST:PORT``.

    >>> check_address("tls://10.0.0.5:8786")
    >>> check_address("10.0.0.5")
    Traceback (most recent call last):
    cleaner.io.InputError: --scheduler 10.0.0.5: not a scheduler address like tls://host:8786
    """
    scheme, sep, rest = address.partition("://")
    if scheme == "inproc" and rest:  # a cluster inside this process (tests, notebooks)
        return
    host, colon, port = rest.rpartition(":")
    if not (sep and scheme in SCHEMES and host and colon and port.isdigit() and 0 < int(port) < 65536):
        raise InputError(f"--scheduler {address}: not a scheduler address like tls://host:8786")


def short_reason(exc: BaseException) -> str:
    """One short line for a task's failure; a dead Dask worker is named as such.

    >>> short_reason(ValueError("bad thing\\nmore detail"))
    'ValueError: bad thing'
    """
    if type(exc).__name__ == "KilledWorker":
        return "a Dask worker died while cleaning it (KilledWorker); rerun with --resume"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class DaskEngine:
    """A Dask cluster: an existing scheduler (``address``) or a secured LocalCluster of ``jobs`` processes."""

    def __init__(self, jobs: int, address: str | None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
            from distributed.security import Security
        except ImportError:
            raise InputError("the dask engine needs the dask extra: pip install 'cleaner[dask]'") from None
        self.cluster = None
        if address:
            check_address(address)
            try:
                self.client = Client(address, timeout=CONNECT_SECONDS)
            except TypeError:  # Dask's way of saying a tls:// address needs credentials
                raise InputError(f"--scheduler {address}: a tls:// scheduler needs TLS credentials "
                                 "(DASK_DISTRIBUTED__COMM__TLS__CA_FILE, ...CLIENT__CERT, ...CLIENT__KEY)") from None
            except (OSError, TimeoutError, ValueError) as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise InputError(f"--scheduler {address}: cannot connect within {CONNECT_SECONDS}s: {reason}") from None
        else:
            try:
                security = Security.temporary()
            except ImportError:
                raise InputError("the dask engine needs 'cryptography' for its TLS credentials: "
                                 "pip install 'cleaner[dask]'") from None
            with dask.config.set(NO_HTTP):
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host=LOOPBACK,
                                            protocol="tls://", security=security,
                                            dashboard_address=None, worker_dashboard_address=None,
                                            scheduler_kwargs={"dashboard": False, "dashboard_address": f"{LOOPBACK}:0"})
                self.client = Client(self.cluster, security=security)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def close(self, interrupted: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
