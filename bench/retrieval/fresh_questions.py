"""Fresh held-out questions over code bases never used for benchmarking on this project.

``(corpus, question, [(file, qualified name), ...])``, the same format as
``questions.py``: any listed definition counts as the answer. Corpora:
``jinja2``, ``werkzeug`` and ``urllib3``, the installed packages (the corpus root
is site-packages, so paths read ``jinja2/lexer.py``). 16 questions each.

The questions were written by reading the packages' source only, without running
any search engine or ranking code from this repository, and before any further
ranking change. Its first reading showed the index *behind* the 40-line-window
baseline (recall@5 0.52 against 0.65): long, debugging-style questions whose words
are spread over several small functions. From then on it was a development set:
the shared term statistics, the file windows and the semantic stage were chosen
on it together with ``QUESTIONS`` and ``HELD_OUT``. ``final_questions.py`` is the
blind set the reported figures come from.
"""

from __future__ import annotations

from questions import Question

FRESH: list[Question] = [
    # jinja2
    (
        "jinja2",
        "the error says 'dict object' has no attribute 'foo' but sometimes just 'foo' is"
        " undefined, where is that wording picked",
        [("jinja2/runtime.py", "Undefined._undefined_message")],
    ),
    (
        "jinja2",
        "in sandboxed mode what stops a template from reaching __globals__ or a generator's frame",
        [
            ("jinja2/sandbox.py", "is_internal_attribute"),
            ("jinja2/sandbox.py", "SandboxedEnvironment.is_safe_attribute"),
        ],
    ),
    (
        "jinja2",
        "can someone render ../../etc/passwd by passing it as the template name, where"
        " are such names refused",
        [("jinja2/loaders.py", "split_template_path")],
    ),
    (
        "jinja2",
        "I edited a template file but the app keeps rendering the old version, where is"
        " a cached template checked for being stale",
        [
            ("jinja2/environment.py", "Environment._load_template"),
            ("jinja2/environment.py", "Template.is_up_to_date"),
            ("jinja2/loaders.py", "FileSystemLoader.get_source"),
        ],
    ),
    (
        "jinja2",
        "when is compiled template code stored on disk thrown away and the template compiled again",
        [("jinja2/bccache.py", "Bucket.load_bytecode")],
    ),
    (
        "jinja2",
        "how does loop.last know it's on the final item when looping over a generator"
        " with no length",
        [
            ("jinja2/runtime.py", "LoopContext.last"),
            ("jinja2/runtime.py", "LoopContext._peek_next"),
        ],
    ),
    (
        "jinja2",
        "calling super() inside an overridden block, how does it find and render the"
        " parent template's version of that block",
        [
            ("jinja2/runtime.py", "Context.super"),
            ("jinja2/runtime.py", "BlockReference.super"),
        ],
    ),
    (
        "jinja2",
        "turn html escaping on only for templates ending in .html or .xml",
        [("jinja2/utils.py", "select_autoescape")],
    ),
    (
        "jinja2",
        "exceptions raised while rendering point at the template file and line instead"
        " of generated python, where is the stack trace patched",
        [
            ("jinja2/debug.py", "rewrite_traceback_stack"),
            ("jinja2/debug.py", "fake_traceback"),
        ],
    ),
    (
        "jinja2",
        "rendering with the native environment gives me back a real list or int instead"
        " of a string, where is the output converted",
        [("jinja2/nativetypes.py", "native_concat")],
    ),
    (
        "jinja2",
        "I forgot an endfor somewhere, where is the syntax error text built that says"
        " which closing tag was expected",
        [("jinja2/parser.py", "Parser._fail_ut_eof")],
    ),
    (
        "jinja2",
        "why does the truncate filter leave my string untouched when it's only a few"
        " characters over the limit",
        [("jinja2/filters.py", "do_truncate")],
    ),
    (
        "jinja2",
        "list the variables a template needs from the caller without rendering it",
        [("jinja2/meta.py", "find_undeclared_variables")],
    ),
    (
        "jinja2",
        "translation blocks with the trimmed option, where are line breaks and"
        " indentation squashed into single spaces before the gettext call",
        [
            ("jinja2/ext.py", "InternationalizationExtension._trim_whitespace"),
            ("jinja2/ext.py", "InternationalizationExtension.parse"),
        ],
    ),
    (
        "jinja2",
        "my custom filter is decorated with pass_context, how does it end up receiving"
        " the context as its first argument",
        [
            ("jinja2/compiler.py", "CodeGenerator._filter_test_common"),
            ("jinja2/environment.py", "Environment._filter_test_common"),
            ("jinja2/utils.py", "_PassArg.from_obj"),
        ],
    ),
    (
        "jinja2",
        "how are backslash escapes in a quoted string and underscores in number literals"
        " inside template expressions turned into python values",
        [("jinja2/lexer.py", "Lexer.wrap")],
    ),
    # werkzeug
    (
        "werkzeug",
        "where is a request refused with 413 because the body is bigger than the"
        " configured maximum",
        [
            ("werkzeug/wsgi.py", "get_input_stream"),
            ("werkzeug/wsgi.py", "LimitedStream.on_exhausted"),
        ],
    ),
    (
        "werkzeug",
        "a user uploads a file named ../../etc/passwd, how do I get a name that is safe"
        " to save on disk",
        [("werkzeug/utils.py", "secure_filename")],
    ),
    (
        "werkzeug",
        "running behind nginx the client address is the proxy's, which entry of"
        " X-Forwarded-For gets used as the real remote address",
        [
            ("werkzeug/middleware/proxy_fix.py", "ProxyFix._get_real_value"),
            ("werkzeug/middleware/proxy_fix.py", "ProxyFix.__call__"),
        ],
    ),
    (
        "werkzeug",
        "why is the interactive debugger's PIN the same after every restart, what is it"
        " derived from",
        [("werkzeug/debug/__init__.py", "get_pin_and_cookie_name")],
    ),
    (
        "werkzeug",
        "visiting /docs without the trailing slash redirects to /docs/, where does the"
        " router decide to do that",
        [
            ("werkzeug/routing/matcher.py", "StateMachineMatcher.match"),
            ("werkzeug/routing/map.py", "MapAdapter.match"),
        ],
    ),
    (
        "werkzeug",
        "the test client raises instead of following a redirect to another domain, and"
        " turns a POST into a GET after a 302",
        [("werkzeug/test.py", "Client.resolve_redirect")],
    ),
    (
        "werkzeug",
        "a video player seeks and sends a Range header, where is the response cut down"
        " to a 206 partial content",
        [("werkzeug/wrappers/response.py", "Response._process_range_request")],
    ),
    (
        "werkzeug",
        "decide whether the browser's cached copy is still valid from If-None-Match and"
        " If-Modified-Since so a 304 can be sent",
        [
            ("werkzeug/sansio/http.py", "is_resource_modified"),
            ("werkzeug/http.py", "is_resource_modified"),
        ],
    ),
    (
        "werkzeug",
        "the browser asks for en-US but the app only ships 'en' translations, how does"
        " language negotiation still pick it",
        [("werkzeug/datastructures/accept.py", "LanguageAccept.best_match")],
    ),
    (
        "werkzeug",
        "how does the development server's polling reloader notice I saved a python file",
        [
            ("werkzeug/_reloader.py", "StatReloaderLoop.run_step"),
            ("werkzeug/_reloader.py", "_find_stat_paths"),
        ],
    ),
    (
        "werkzeug",
        "a client sends a chunked request body to the dev server, where are the chunks"
        " decoded back into plain bytes",
        [
            ("werkzeug/serving.py", "DechunkedInput"),
            ("werkzeug/serving.py", "DechunkedInput.readinto"),
            ("werkzeug/serving.py", "DechunkedInput.read_chunk_len"),
        ],
    ),
    (
        "werkzeug",
        "what scrypt or pbkdf2 settings are used when hashing a user's password and the"
        " method string gives no parameters",
        [("werkzeug/security.py", "_hash_internal")],
    ),
    (
        "werkzeug",
        "while parsing an uploaded form body, how does it tell a file part from a plain text field",
        [("werkzeug/sansio/multipart.py", "MultipartDecoder.next_event")],
    ),
    (
        "werkzeug",
        "a route with an int placeholder and a min or max, where is an out of range"
        " number in the url rejected",
        [("werkzeug/routing/converters.py", "NumberConverter.to_python")],
    ),
    (
        "werkzeug",
        "mounting a second wsgi app under /api, how are SCRIPT_NAME and PATH_INFO split"
        " before handing the request over",
        [("werkzeug/middleware/dispatcher.py", "DispatcherMiddleware.__call__")],
    ),
    (
        "werkzeug",
        "could a response header value containing a CRLF inject an extra header, where"
        " is that blocked",
        [("werkzeug/datastructures/headers.py", "_str_header_value")],
    ),
    # urllib3
    (
        "urllib3",
        "what happens to a connection I give back when the pool already holds its"
        " maximum number of connections",
        [("urllib3/connectionpool.py", "HTTPConnectionPool._put_conn")],
    ),
    (
        "urllib3",
        "how long does it sleep between consecutive failed attempts, exponential delay with jitter",
        [("urllib3/util/retry.py", "Retry.get_backoff_time")],
    ),
    (
        "urllib3",
        "the server answers 503 with a Retry-After that is a date rather than a number"
        " of seconds, how is that turned into a wait",
        [
            ("urllib3/util/retry.py", "Retry.parse_retry_after"),
            ("urllib3/util/retry.py", "Retry.get_retry_after"),
        ],
    ),
    (
        "urllib3",
        "when a redirect points to a different host, where are the Authorization and"
        " Cookie headers dropped",
        [
            ("urllib3/poolmanager.py", "PoolManager.urlopen"),
            ("urllib3/connectionpool.py", "HTTPConnectionPool.urlopen"),
        ],
    ),
    (
        "urllib3",
        "after a 303 turns my POST into a GET, which request headers describing the body"
        " are thrown away",
        [("urllib3/_collections.py", "HTTPHeaderDict._prepare_for_method_change")],
    ),
    (
        "urllib3",
        "before reusing a kept-alive connection from the pool, how does it notice the"
        " server already closed the socket",
        [
            ("urllib3/util/connection.py", "is_connection_dropped"),
            ("urllib3/connection.py", "HTTPConnection.is_connected"),
            ("urllib3/connectionpool.py", "HTTPConnectionPool._get_conn"),
        ],
    ),
    (
        "urllib3",
        "how does the pool manager decide whether two requests can share the same"
        " connection pool, are hostnames compared case-insensitively",
        [("urllib3/poolmanager.py", "_default_key_normalizer")],
    ),
    (
        "urllib3",
        "how are quotes and newlines in an upload's filename escaped in the multipart part header",
        [("urllib3/fields.py", "format_multipart_header_param")],
    ),
    (
        "urllib3",
        "which decompressor is chosen for a response encoded with br, zstd or several"
        " encodings stacked",
        [("urllib3/response.py", "_get_decoder")],
    ),
    (
        "urllib3",
        "the server sends both Content-Length and Transfer-Encoding chunked, which one"
        " wins and what if Content-Length repeats different numbers",
        [("urllib3/response.py", "HTTPResponse._init_length")],
    ),
    (
        "urllib3",
        "does a *.example.com certificate match foo.bar.example.com, where is the"
        " wildcard compared to the hostname",
        [("urllib3/util/ssl_match_hostname.py", "_dnsname_match")],
    ),
    (
        "urllib3",
        "pinning the server certificate to a sha256 hash, where is the peer cert"
        " compared against it",
        [("urllib3/util/ssl_.py", "assert_fingerprint")],
    ),
    (
        "urllib3",
        "retrying a request whose body is an open file, how does it go back to the start"
        " of the file and what if it can't",
        [("urllib3/util/request.py", "rewind_body")],
    ),
    (
        "urllib3",
        "with an overall timeout set, how much time is left for reading once connecting"
        " already used some of it",
        [("urllib3/util/timeout.py", "Timeout.read_timeout")],
    ),
    (
        "urllib3",
        "when going through a proxy, when does it open a CONNECT tunnel instead of"
        " just forwarding the request",
        [("urllib3/util/proxy.py", "connection_requires_http_tunnel")],
    ),
    (
        "urllib3",
        "why does my generator body go out with Transfer-Encoding chunked instead of a"
        " Content-Length",
        [
            ("urllib3/util/request.py", "body_to_chunks"),
            ("urllib3/connection.py", "HTTPConnection.request"),
        ],
    ),
]
