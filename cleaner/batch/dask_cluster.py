"""A batch on a Dask cluster, a local one by default, through Dask's own executor.

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

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cleaner.io import InputError

if TYPE_CHECKING:
    from distributed import Client

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


def connect(jobs: int, address: str | None) -> Client:
    """A client of the scheduler at ``address``, or of a secured LocalCluster of ``jobs`` processes
    started for this run (then ``client.cluster``; :func:`disconnect` closes it)."""
    try:
        import dask
        from distributed import Client, LocalCluster
        from distributed.security import Security
    except ImportError:
        raise InputError("the dask engine needs the dask extra: pip install 'cleaner[dask]'") from None
    if address:
        check_address(address)
        try:
            return Client(address, timeout=CONNECT_SECONDS)
        except TypeError:  # Dask's way of saying a tls:// address needs credentials
            raise InputError(f"--scheduler {address}: a tls:// scheduler needs TLS credentials "
                             "(DASK_DISTRIBUTED__COMM__TLS__CA_FILE, ...CLIENT__CERT, ...CLIENT__KEY)") from None
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"--scheduler {address}: cannot connect within {CONNECT_SECONDS}s: {reason}") from None
    try:
        security = Security.temporary()
    except ImportError:
        raise InputError("the dask engine needs 'cryptography' for its TLS credentials: "
                         "pip install 'cleaner[dask]'") from None
    with dask.config.set(NO_HTTP):
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host=LOOPBACK,
                               protocol="tls://", security=security,
                               dashboard_address=None, worker_dashboard_address=None,
                               scheduler_kwargs={"dashboard": False, "dashboard_address": f"{LOOPBACK}:0"})
        return Client(cluster, security=security)


def disconnect(client: Client) -> None:
    """Close the client, and the local cluster :func:`connect` started for it."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


@contextmanager
def dask_executor(jobs: int, address: str | None) -> Iterator[tuple[Executor, int]]:
    """Dask's executor on the cluster :func:`connect` reaches, and how many tasks it runs at once."""
    client = connect(jobs, address)
    try:
        executor = client.get_executor(pure=False)
        yield executor, max(1, sum(client.nthreads().values()))
        executor.shutdown(wait=True)
    finally:
        disconnect(client)
