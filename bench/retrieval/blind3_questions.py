"""Third blind question set, over code bases never used for benchmarking on this project.

``(corpus, question, [(file, qualified name), ...])``, the same format as
``questions.py``: any listed definition counts as the answer. Corpora:
``fsspec``, ``anyio``, ``cattrs`` and ``tqdm``, the installed packages (the corpus
root is site-packages, so paths read ``fsspec/implementations/local.py``,
``anyio/_core/_sockets.py``, ``cattrs/converters.py``, ``tqdm/std.py``).
16 questions each, about half short and direct, about half longer and
debugging-flavoured, spread over many files of each package.

The questions were written by reading the packages' source only, without running
any search engine, ranking code or benchmark from this repository. This set is used
only for the reported figures: it must never be used to choose weights, methods or
any other ranking parameter.
"""

from __future__ import annotations

from questions import Question

BLIND3: list[Question] = [
    # fsspec
    (
        "fsspec",
        "split a URL like hdfs://user:pass@namenode:8020/data into host, port and credentials",
        [("fsspec/utils.py", "infer_storage_options")],
    ),
    (
        "fsspec",
        "Downloading a remote directory with get(recursive=True) fails with a ValueError "
        "saying a path would be copied outside the destination. Where is that guard against "
        "'..' names coming from the source listing?",
        [("fsspec/utils.py", "check_contained")],
    ),
    (
        "fsspec",
        "Opening a file whose name contains square brackets gives a FileNotFoundError telling"
        " me to pass expand=True or set open_expand. Where is that hint added to the error?",
        [("fsspec/core.py", "OpenFile.__enter__")],
    ),
    (
        "fsspec",
        "why do files written to a plain directory path come out named 0.part, 1.part",
        [("fsspec/core.py", "_expand_paths")],
    ),
    (
        "fsspec",
        "Reading a range from a file that is backed only by pre-fetched byte ranges, I get "
        "null bytes where data was missing instead of an error. Where is that zero padding "
        "done?",
        [("fsspec/caching.py", "KnownPartsOfAFile._fetch")],
    ),
    (
        "fsspec",
        "memory-mapped block cache: how are consecutive missing blocks merged into one request",
        [("fsspec/caching.py", "MMapCache._fetch")],
    ),
    (
        "fsspec",
        "Creating a filesystem twice with identical arguments hands back the very same "
        "object, but I get a different one in another thread or after a fork. Where is that "
        "instance reuse decided?",
        [("fsspec/spec.py", "_Cached.__call__")],
    ),
    (
        "fsspec",
        "small writes to a remote file aren't uploaded until the buffer reaches the block size",
        [("fsspec/spec.py", "AbstractBufferedFile.flush")],
    ),
    (
        "fsspec",
        "how are FSSPEC_<PROTOCOL>_<OPTION> environment variables turned into default "
        "filesystem options",
        [("fsspec/config.py", "set_conf_env")],
    ),
    (
        "fsspec",
        "storing a numpy datetime64 array as a value in the key-value mapper",
        [("fsspec/mapping.py", "maybe_convert")],
    ),
    (
        "fsspec",
        "I set listings_expiry_time so that directory listings refresh, and want to know when"
        " an old listing is actually thrown away. Where is the age of a cached listing "
        "checked on lookup?",
        [("fsspec/dircache.py", "DirCache.__getitem__")],
    ),
    (
        "fsspec",
        "Wrapping a local folder in the directory-prefix filesystem, a path like ../secret "
        "raises an 'escapes the root' ValueError, but the same relative path on S3 works. "
        "Where is that decided?",
        [
            ("fsspec/implementations/dirfs.py", "DirFileSystem._join"),
            ("fsspec/implementations/dirfs.py", "_escapes_root"),
        ],
    ),
    (
        "fsspec",
        "Seeking into a remote HTTP file and reading raises 'server doesn't appear to support"
        " range requests', although reading from offset 0 works. Where is the partial-content"
        " response checked?",
        [("fsspec/implementations/http.py", "HTTPFile.async_fetch_range")],
    ),
    (
        "fsspec",
        "With same_names=True in the file cache, two remote files called data.csv in "
        "different folders overwrite each other locally. Where is the local cache file name "
        "built from the remote path?",
        [("fsspec/implementations/cache_mapper.py", "BasenameCacheMapper.__call__")],
    ),
    (
        "fsspec",
        "how many concurrent transfers run at once, derived from the open-file ulimit",
        [("fsspec/asyn.py", "_get_batch_size")],
    ),
    (
        "fsspec",
        "in a write transaction one file fails to commit: are the others cleaned up",
        [("fsspec/transaction.py", "Transaction.complete")],
    ),
    # anyio
    (
        "anyio",
        "Connecting to a hostname that resolves to both IPv6 and IPv4, I see a second "
        "connection attempt start about a quarter second after the first. Where are the "
        "addresses ordered and the staggered attempts raced?",
        [("anyio/_core/_sockets.py", "connect_tcp")],
    ),
    (
        "anyio",
        "where is a leftover socket file deleted before binding a UNIX listener",
        [("anyio/_core/_sockets.py", "setup_unix_local_socket")],
    ),
    (
        "anyio",
        "Listening on port 0 without giving a host sometimes fails with 'Could not create N "
        "listeners with a consistent port'. Where does it retry so that all interfaces share "
        "the same ephemeral port?",
        [("anyio/_core/_sockets.py", "create_tcp_listener")],
    ),
    (
        "anyio",
        "A task waiting on a condition gets cancelled right after it was notified. Is the "
        "wakeup lost or handed on to another waiter, and where does that happen?",
        [("anyio/_core/_synchronization.py", "Condition.wait")],
    ),
    (
        "anyio",
        "RuntimeError that the current task is not holding the lock when notifying a condition",
        [("anyio/_core/_synchronization.py", "Condition._check_acquired")],
    ),
    (
        "anyio",
        "on asyncio, where are queued tasks woken up when I increase a limiter's total tokens",
        [("anyio/_backends/_asyncio.py", "CapacityLimiter.total_tokens")],
    ),
    (
        "anyio",
        "why does StopIteration raised in my thread-offloaded function come back as "
        "RuntimeError on asyncio",
        [("anyio/_backends/_asyncio.py", "WorkerThread._report_result")],
    ),
    (
        "anyio",
        "Reading newline-delimited messages from a socket, a very long line raises "
        "DelimiterNotFound even though the newline arrives later. Where is the size limit "
        "checked while scanning the buffer for the separator?",
        [("anyio/streams/buffered.py", "BufferedByteReceiveStream.receive_until")],
    ),
    (
        "anyio",
        "A UTF-8 character split across two network packets doesn't cause a decode error in "
        "my text stream wrapper. Where are incomplete bytes held back, and what happens to "
        "leftovers at end of stream?",
        [("anyio/streams/text.py", "TextReceiveStream.receive")],
    ),
    (
        "anyio",
        "Several consumer tasks wait on a memory object stream and one of them is being "
        "cancelled just as I send. I worried the item would go to the cancelled task and be "
        "lost. Where does the sender pick which waiting receiver gets it?",
        [("anyio/streams/memory.py", "MemoryObjectSendStream.send_nowait")],
    ),
    (
        "anyio",
        "Talking HTTPS to a server that drops the connection without a TLS close_notify, I "
        "get BrokenResourceError unless I turn off standard-compatible mode, which gives "
        "EndOfStream instead. Where is that translated?",
        [("anyio/streams/tls.py", "TLSStream._call_sslobject_method")],
    ),
    (
        "anyio",
        "async cache decorator: concurrent callers with same arguments share one computation "
        "until ttl",
        [("anyio/functools.py", "AsyncLRUCacheWrapper.__call__")],
    ),
    (
        "anyio",
        "test fixture picking a TCP port that is free on both IPv4 and IPv6",
        [("anyio/pytest_plugin.py", "FreePortFactory.__call__")],
    ),
    (
        "anyio",
        "run an external command, collect its stdout and stderr, and fail on a nonzero exit",
        [("anyio/_core/_subprocesses.py", "run_process")],
    ),
    (
        "anyio",
        "where does the async spooled temp file move its in-memory buffer to disk",
        [("anyio/_core/_tempfile.py", "SpooledTemporaryFile.rollover")],
    ),
    (
        "anyio",
        "Inside a timeout block my code was cancelled by an outer task group, and rightly no "
        "TimeoutError was raised. Where does it decide whether a caught cancellation becomes "
        "a TimeoutError?",
        [("anyio/_core/_tasks.py", "fail_at")],
    ),
    # cattrs
    (
        "cattrs",
        "where do phrases like 'required field missing' in human-readable validation errors "
        "come from",
        [("cattrs/v.py", "format_exception")],
    ),
    (
        "cattrs",
        "When structuring fails deep inside nested data, I want error strings pointing at "
        "locations like $.items[2].name. Where is that path assembled while walking the "
        "grouped exceptions?",
        [("cattrs/v.py", "transform_error")],
    ),
    (
        "cattrs",
        "Structuring into a union of two attrs classes fails with TypeError 'Could not "
        "disambiguate between ...: no unique non-default attributes'. Where does it look for "
        "distinguishing fields or literal tags?",
        [("cattrs/disambiguators.py", "create_default_dis_func")],
    ),
    (
        "cattrs",
        "structuring a raw value into a Literal that contains enum members",
        [("cattrs/converters.py", "BaseConverter._structure_enum_literal")],
    ),
    (
        "cattrs",
        "With the plain BaseConverter, a field that has an attrs converter but no registered "
        "hook for its type gets the raw value passed through instead of failing. Where is "
        "that fallback?",
        [("cattrs/converters.py", "BaseConverter._structure_attribute")],
    ),
    (
        "cattrs",
        "error saying only unions of attrs classes and dataclasses are supported when "
        "structuring a union",
        [("cattrs/converters.py", "BaseConverter._get_dis_func")],
    ),
    (
        "cattrs",
        "I registered a hook for a base class and also a predicate-based hook factory that "
        "matches its subclasses, and the class hook wins. Where is the order of these lookups"
        " decided?",
        [("cattrs/dispatch.py", "MultiStrategyDispatch.dispatch_without_caching")],
    ),
    (
        "cattrs",
        "why does the most recently registered predicate hook take priority over older ones",
        [("cattrs/dispatch.py", "FunctionDispatch.register")],
    ),
    (
        "cattrs",
        "With omit_if_default on, I want to know how a field whose default passes through an "
        "attrs converter is compared. Where is the unstructure code generated that checks the"
        " value against the converted default?",
        [("cattrs/gen/__init__.py", "make_dict_unstructure_fn_from_attrs")],
    ),
    (
        "cattrs",
        "tracebacks show file names like <cattrs generated structure mymod.Foo-2>; where are "
        "those made",
        [("cattrs/gen/_lc.py", "generate_unique_filename")],
    ),
    (
        "cattrs",
        "A field annotated as a bare Final with a default of 5 gets structured as an int even"
        " though there is no type argument. Where does structuring take the type from the "
        "default value?",
        [("cattrs/gen/_shared.py", "find_structure_handler")],
    ),
    (
        "cattrs",
        "use a class's own from_dict and to_dict methods for (un)structuring, optionally "
        "passing the converter",
        [("cattrs/strategies/_class_methods.py", "use_class_methods")],
    ),
    (
        "cattrs",
        "With forbid_extra_keys on, the '_type' tag in my tagged-union payload doesn't "
        "trigger an extra-keys error, and payloads without a tag fall back to a default "
        "class. Where is that wired up?",
        [("cattrs/strategies/_unions.py", "configure_tagged_union")],
    ),
    (
        "cattrs",
        "Naive datetimes dumped as timestamps by a preconfigured converter came back shifted "
        "by my local UTC offset on another machine. Where are naive datetimes treated as UTC "
        "before taking the timestamp?",
        [("cattrs/preconf/__init__.py", "unstructure_datetime_as_timestamp")],
    ),
    (
        "cattrs",
        "stdlib json converter turns bytes fields into odd-looking base85 text",
        [("cattrs/preconf/json.py", "configure_converter")],
    ),
    (
        "cattrs",
        "structuring into defaultdict[str, list[int]]: what default factory does the result get",
        [("cattrs/cols.py", "defaultdict_structure_factory")],
    ),
    # tqdm
    (
        "tqdm",
        "When the bar's text gets shorter between refreshes in my terminal, no stale "
        "characters from the previous line are left behind. Where is the line padded with "
        "spaces after the carriage return?",
        [("tqdm/std.py", "tqdm.status_printer")],
    ),
    (
        "tqdm",
        "I never set miniters, yet after a slow burst the bar only redraws every few hundred "
        "iterations when I increment it manually. Where is the number of iterations skipped "
        "between redraws re-estimated?",
        [("tqdm/std.py", "tqdm.update")],
    ),
    (
        "tqdm",
        "which colour names and hex codes are accepted for the bar colour option",
        [("tqdm/std.py", "Bar.colour")],
    ),
    (
        "tqdm",
        "With a coloured ANSI description and a narrow ncols, the rest of my terminal output "
        "stays coloured after the bar text is cut short. Where is the reset escape code "
        "appended when shortening it?",
        [("tqdm/utils.py", "disp_trim")],
    ),
    (
        "tqdm",
        "where does the bar stop writing instead of crashing when stderr gets closed",
        [("tqdm/utils.py", "DisableOnWriteError.disable_on_exception")],
    ),
    (
        "tqdm",
        "how do TQDM_* environment variables override the default constructor arguments",
        [("tqdm/utils.py", "envwrap")],
    ),
    (
        "tqdm",
        "background thread that forces a redraw when a bar hasn't printed for maxinterval seconds",
        [("tqdm/_monitor.py", "TMonitor.run")],
    ),
    (
        "tqdm",
        "When I route logging through tqdm during a loop, my console handler's format string "
        "and filters still apply to the redirected lines. Where are they copied onto the "
        "replacement handler?",
        [("tqdm/contrib/logging.py", "logging_redirect_tqdm")],
    ),
    (
        "tqdm",
        "redirect print output through tqdm, buffering partial writes until a newline arrives",
        [("tqdm/contrib/__init__.py", "DummyTqdmFile.write")],
    ),
    (
        "tqdm",
        "With thread_map over a long list the bar only moves in steps roughly the size of the"
        " worker pool. Where is that minimum iteration count chosen from the CPU count?",
        [("tqdm/contrib/concurrent.py", "_executor_map")],
    ),
    (
        "tqdm",
        "batched progress wrapper: how is the number of batches computed and the count scaled",
        [("tqdm/contrib/itertools.py", "batched")],
    ),
    (
        "tqdm",
        "In Jupyter my manually updated bar turns red when I close it before the count is "
        "reached, but green when it reaches the total. Where is that final widget colour "
        "decided?",
        [("tqdm/notebook.py", "tqdm_notebook.close")],
    ),
    (
        "tqdm",
        "notebook widget: how is an integer ncols turned into a pixel width",
        [("tqdm/notebook.py", "tqdm_notebook.status_printer")],
    ),
    (
        "tqdm",
        "awaiting many coroutines with a bar but getting results back in the original order",
        [("tqdm/asyncio.py", "tqdm_asyncio.gather")],
    ),
    (
        "tqdm",
        "Piping data through python -m tqdm with a custom delimiter, the count is of records "
        "rather than bytes. Where is stdin split on the delimiter and forwarded to stdout?",
        [("tqdm/cli.py", "posix_pipe")],
    ),
    (
        "tqdm",
        "My Telegram-backed bar skips intermediate updates when the API is slow, and only the"
        " latest message seems to get sent. Where are pending updates dropped in favour of "
        "the newest one?",
        [("tqdm/contrib/utils_worker.py", "MonoWorker.submit")],
    ),
]
