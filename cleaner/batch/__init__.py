"""Batch cleaning: many files, directories and JSONL shards into an output directory.

Every input file is a *unit* of work: a text document (its clean text at the same
relative path under OUTDIR, its JSON report beside it as ``NAME.report.json``)
or a JSONL shard (records with a ``text`` field; the clean shard at the same
path, one report per record in ``NAME.report.jsonl``, gzipped like the input).

Nothing is lost: every output appears atomically (temporary file, then rename);
a unit that fails is listed with its reason and the batch goes on; no output
may land on an input. A manifest (``OUTDIR/.cleaner-batch/manifest.jsonl``)
records each finished unit with its source hash and the rule-set hash, so that
``resume=True`` skips units already done and a batch killed half-way ends, once
resumed, with the same outputs as an uninterrupted run.

Work is cut into tasks (a whole small document, a chunk of a large one, a batch
of JSONL records) that run on a :class:`concurrent.futures.Executor` -- in this
process, in a local process pool, or on a Dask cluster -- and come back in order,
so every executor writes the same bytes. Files bigger than the memory budget are
streamed in paragraph-bounded chunks (:mod:`cleaner.chunking`) with report offsets
in source coordinates.

The modules, in the order a batch uses them:

=====================  ==============================================================
``options``            :class:`BatchOptions`, the names in OUTDIR, the progress protocol
``guard``              the lock on OUTDIR, links, outputs kept inside it, SIGTERM
``files``              finding the files: :class:`Unit`, :func:`discover`
``plan``               planning the outputs: no collisions, nothing over an input
``manifest``           what is done, for ``--resume``
``executors``          inline, process pool, Dask (``dask_cluster``): where tasks run
``tasks``              what runs there: a document, a chunk, a batch of records
``job`` ``*_job``      a unit's tasks and the writing of its outputs
``run``                :func:`run_batch`: the loop, results taken in order
``summary``            ``batch-summary.json``
=====================  ==============================================================
"""

from cleaner.batch.executors import InlineExecutor, open_executor
from cleaner.batch.files import Unit, discover
from cleaner.batch.guard import BatchLocked, Terminated, terminate_on_signals
from cleaner.batch.manifest import Manifest
from cleaner.batch.options import MANIFEST_NAME, STATE_DIR, SUMMARY_NAME, BatchOptions, Progress
from cleaner.batch.run import make_job, run_batch
from cleaner.batch.stream_job import StreamJob
from cleaner.batch.summary import build_summary, without_run_fields
from cleaner.batch.tasks import warm_up

__all__ = [
    "MANIFEST_NAME", "STATE_DIR", "SUMMARY_NAME", "BatchLocked", "BatchOptions", "InlineExecutor", "Manifest",
    "Progress", "StreamJob", "Terminated", "Unit", "build_summary", "discover", "make_job", "open_executor",
    "run_batch", "terminate_on_signals", "warm_up", "without_run_fields",
]
