"""Labeled questions: asked the way a developer asks, each with the code that answers it.

``(corpus, question, [(file, qualified name), ...])``: any listed definition
counts as the answer. Corpora: ``stdlib`` (CPython's Lib/), ``httpx`` and
``rich`` (the installed packages). Nobody on this project wrote them.

``QUESTIONS`` is the tuning set: the index's weights were chosen on it.
``HELD_OUT`` was written before any further tuning, over code the index had never
been tried on (``starlette`` and ``click``, installed packages), and was held out
for the first round of tuning. In the second round (shared term statistics, file
windows, the semantic stage) it was one of three development sets, with
``QUESTIONS`` and ``fresh_questions.FRESH``; the blind set is
``final_questions.FINAL``.
"""

from __future__ import annotations

Question = tuple[str, str, list[tuple[str, str]]]

QUESTIONS: list[Question] = [
    # CPython standard library (searched over the whole Lib/, tests included)
    (
        "stdlib",
        "how does json decode escape sequences inside a string literal",
        [("json/decoder.py", "py_scanstring")],
    ),
    ("stdlib", "where does shutil look for an executable on the PATH", [("shutil.py", "which")]),
    (
        "stdlib",
        "how is a query string split into key value pairs",
        [("urllib/parse.py", "parse_qsl")],
    ),
    (
        "stdlib",
        "when does the rotating log file handler decide to roll over",
        [("logging/handlers.py", "RotatingFileHandler.shouldRollover")],
    ),
    (
        "stdlib",
        "remove the common leading whitespace from every line of a text block",
        [("textwrap.py", "dedent")],
    ),
    (
        "stdlib",
        "turn an argument list into a windows command line string",
        [("subprocess.py", "list2cmdline")],
    ),
    (
        "stdlib",
        "which directory is picked for temporary files",
        [
            ("tempfile.py", "_get_default_tempdir"),
            ("tempfile.py", "_candidate_tempdir_list"),
            ("tempfile.py", "gettempdir"),
        ],
    ),
    (
        "stdlib",
        "create a directory together with all missing parent directories",
        [("os.py", "makedirs")],
    ),
    (
        "stdlib",
        "find the longest matching block between two sequences",
        [("difflib.py", "SequenceMatcher.find_longest_match")],
    ),
    (
        "stdlib",
        "guess the delimiter character of a csv file",
        [
            ("csv.py", "Sniffer._guess_delimiter"),
            ("csv.py", "Sniffer.sniff"),
            ("csv.py", "Sniffer._guess_quote_and_delimiter"),
        ],
    ),
    (
        "stdlib",
        "convert a shell wildcard pattern into a regular expression",
        [("fnmatch.py", "translate")],
    ),
    ("stdlib", "check whether a year is a leap year", [("calendar.py", "isleap")]),
    ("stdlib", "shuffle a list in place", [("random.py", "Random.shuffle")]),
    (
        "stdlib",
        "how is the median of the data computed",
        [
            ("statistics.py", "median"),
            ("statistics.py", "median_low"),
            ("statistics.py", "median_high"),
        ],
    ),
    (
        "stdlib",
        "copy a whole directory tree recursively",
        [("shutil.py", "copytree"), ("shutil.py", "_copytree")],
    ),
    (
        "stdlib",
        "substitute $name placeholders in a template string",
        [("string.py", "Template.substitute"), ("string.py", "Template.safe_substitute")],
    ),
    (
        "stdlib",
        "split an email address header into the display name and the address",
        [
            ("email/utils.py", "parseaddr"),
            ("email/_parseaddr.py", "AddrlistClass.getaddrlist"),
            ("email/_parseaddr.py", "AddrlistClass.getaddress"),
        ],
    ),
    (
        "stdlib",
        "cache function results with least recently used eviction",
        [("functools.py", "lru_cache"), ("functools.py", "_lru_cache_wrapper")],
    ),
    # httpx
    (
        "httpx",
        "how does the client follow redirects",
        [
            ("httpx/_client.py", "Client._send_handling_redirects"),
            ("httpx/_client.py", "AsyncClient._send_handling_redirects"),
        ],
    ),
    (
        "httpx",
        "which HTTP method is used after a 303 redirect",
        [("httpx/_client.py", "BaseClient._redirect_method")],
    ),
    (
        "httpx",
        "drop the authorization header when redirecting to another host",
        [("httpx/_client.py", "BaseClient._redirect_headers")],
    ),
    (
        "httpx",
        "get the charset out of the content-type header",
        [
            ("httpx/_models.py", "_parse_content_type_charset"),
            ("httpx/_models.py", "Response.charset_encoding"),
        ],
    ),
    (
        "httpx",
        "raise an exception for 4xx and 5xx responses",
        [("httpx/_models.py", "Response.raise_for_status")],
    ),
    (
        "httpx",
        "hide passwords in headers when printing them",
        [("httpx/_models.py", "_obfuscate_sensitive_headers")],
    ),
    (
        "httpx",
        "build the basic auth header from username and password",
        [("httpx/_auth.py", "BasicAuth._build_auth_header")],
    ),
    (
        "httpx",
        "parse the digest authentication challenge",
        [("httpx/_auth.py", "DigestAuth._parse_challenge")],
    ),
    (
        "httpx",
        "read proxy settings from environment variables",
        [("httpx/_utils.py", "get_environment_proxies")],
    ),
    (
        "httpx",
        "create the SSL context used to verify certificates",
        [("httpx/_config.py", "create_ssl_context")],
    ),
    ("httpx", "decompress a gzip response body", [("httpx/_decoders.py", "GZipDecoder.decode")]),
    (
        "httpx",
        "split a streamed response into lines",
        [("httpx/_decoders.py", "LineDecoder.decode"), ("httpx/_models.py", "Response.iter_lines")],
    ),
    (
        "httpx",
        "guess the content type of an uploaded file from its name",
        [("httpx/_multipart.py", "_guess_content_type")],
    ),
    (
        "httpx",
        "parse Link headers into a list of links",
        [("httpx/_models.py", "_parse_header_links"), ("httpx/_models.py", "Response.links")],
    ),
    ("httpx", "normalize dot segments in a url path", [("httpx/_urlparse.py", "normalize_path")]),
    (
        "httpx",
        "turn httpcore errors into httpx exceptions",
        [("httpx/_transports/default.py", "map_httpcore_exceptions")],
    ),
    (
        "httpx",
        "join the base url with a relative request url",
        [("httpx/_client.py", "BaseClient._merge_url")],
    ),
    # rich
    (
        "rich",
        "how wide is a string in terminal cells",
        [
            ("rich/cells.py", "cell_len"),
            ("rich/cells.py", "cached_cell_len"),
            ("rich/cells.py", "_cell_len"),
        ],
    ),
    (
        "rich",
        "wrap text into lines that fit a width",
        [("rich/_wrap.py", "divide_line"), ("rich/text.py", "Text.wrap")],
    ),
    (
        "rich",
        "parse console markup tags like [bold]",
        [("rich/markup.py", "render"), ("rich/markup.py", "_parse")],
    ),
    ("rich", "escape square brackets so markup is not interpreted", [("rich/markup.py", "escape")]),
    (
        "rich",
        "parse a color given as a hex string",
        [("rich/color.py", "parse_rgb_hex"), ("rich/color.py", "Color.parse")],
    ),
    (
        "rich",
        "downgrade a truecolor to a 256 color palette",
        [("rich/color.py", "Color.downgrade")],
    ),
    (
        "rich",
        "compute the column widths of a table",
        [("rich/table.py", "Table._calculate_column_widths")],
    ),
    (
        "rich",
        "shrink table columns that are too wide for the console",
        [("rich/table.py", "Table._collapse_widths"), ("rich/_ratio.py", "ratio_reduce")],
    ),
    (
        "rich",
        "truncate text with an ellipsis when it overflows",
        [("rich/text.py", "Text.truncate")],
    ),
    ("rich", "expand tab characters to spaces", [("rich/text.py", "Text.expand_tabs")]),
    (
        "rich",
        "guess the syntax highlighting lexer from a file name",
        [("rich/syntax.py", "Syntax.guess_lexer")],
    ),
    (
        "rich",
        "install rich as the handler for uncaught exception tracebacks",
        [("rich/traceback.py", "install")],
    ),
    ("rich", "track progress while iterating over a sequence", [("rich/progress.py", "track")]),
    (
        "rich",
        "render the elapsed time column of a progress bar",
        [("rich/progress.py", "TimeElapsedColumn.render")],
    ),
    (
        "rich",
        "pretty print a nested python data structure",
        [("rich/pretty.py", "pretty_repr"), ("rich/pretty.py", "pprint")],
    ),
    ("rich", "highlight JSON text", [("rich/highlighter.py", "JSONHighlighter.highlight")]),
]

#: Written before any tuning on it; do not tune on these (see the module docstring).
HELD_OUT: list[Question] = [
    # starlette
    (
        "starlette",
        "how does a route path like /users/{id:int} become a regex",
        [("starlette/routing.py", "compile_path")],
    ),
    (
        "starlette",
        "why does a request without the trailing slash get redirected",
        [("starlette/routing.py", "Router.app")],
    ),
    (
        "starlette",
        "what happens when the path matches but the HTTP method is not allowed",
        [("starlette/routing.py", "Route.matches"), ("starlette/routing.py", "Route.handle")],
    ),
    (
        "starlette",
        "parse the Range header of a file download request",
        [
            ("starlette/responses.py", "FileResponse._parse_range_header"),
            ("starlette/responses.py", "FileResponse._parse_ranges"),
        ],
    ),
    (
        "starlette",
        "when do static files answer 304 not modified",
        [("starlette/staticfiles.py", "StaticFiles.is_not_modified")],
    ),
    (
        "starlette",
        "stop a static file request from escaping the served directory with ..",
        [("starlette/staticfiles.py", "StaticFiles.lookup_path")],
    ),
    (
        "starlette",
        "check whether a cross-origin request comes from an allowed origin",
        [("starlette/middleware/cors.py", "CORSMiddleware.is_allowed_origin")],
    ),
    (
        "starlette",
        "answer a CORS preflight OPTIONS request",
        [("starlette/middleware/cors.py", "CORSMiddleware.preflight_response")],
    ),
    (
        "starlette",
        "read the cookies sent by the browser in a request",
        [
            ("starlette/requests.py", "cookie_parser"),
            ("starlette/requests.py", "HTTPConnection.cookies"),
        ],
    ),
    (
        "starlette",
        "how is the session kept in a signed cookie",
        [("starlette/middleware/sessions.py", "SessionMiddleware.__call__")],
    ),
    (
        "starlette",
        "only compress the response when the client accepts gzip",
        [("starlette/middleware/gzip.py", "GZipMiddleware.__call__")],
    ),
    (
        "starlette",
        "turn an environment variable like 'true' or '0' into a bool in the settings",
        [("starlette/config.py", "Config._perform_cast")],
    ),
    (
        "starlette",
        "reject requests whose Host header is not one of ours",
        [("starlette/middleware/trustedhost.py", "TrustedHostMiddleware.__call__")],
    ),
    (
        "starlette",
        "when does an uploaded file get moved from memory to disk",
        [
            ("starlette/datastructures.py", "UploadFile._will_roll"),
            ("starlette/datastructures.py", "UploadFile.write"),
        ],
    ),
    (
        "starlette",
        "notice that the client went away in the middle of a streaming response",
        [
            ("starlette/requests.py", "Request.is_disconnected"),
            ("starlette/responses.py", "StreamingResponse.listen_for_disconnect"),
        ],
    ),
    (
        "starlette",
        "set a cookie with max age and samesite on a response",
        [("starlette/responses.py", "Response.set_cookie")],
    ),
    # click
    (
        "click",
        "where should my cli store its per-user config files on each OS",
        [("click/utils.py", "get_app_dir")],
    ),
    (
        "click",
        "which text editor gets launched when the user has to edit a message",
        [("click/_termui_impl.py", "Editor.get_editor")],
    ),
    (
        "click",
        "show the time left on a progress bar as hh:mm:ss",
        [("click/_termui_impl.py", "ProgressBar.format_eta")],
    ),
    (
        "click",
        "expand wildcards and ~ in command line arguments on windows",
        [("click/utils.py", "_expand_args")],
    ),
    (
        "click",
        "cut a command's help down to a short line for the commands list",
        [("click/utils.py", "_make_default_short_help")],
    ),
    (
        "click",
        "split a command line string into words the way a shell would, for completion",
        [("click/shell_completion.py", "split_arg_string")],
    ),
    (
        "click",
        "handle several short flags glued together like -xvf",
        [("click/parser.py", "_OptionParser._match_short_opt")],
    ),
    ("click", "ask the user a yes/no question", [("click/termui.py", "confirm")]),
    (
        "click",
        "strip the ANSI colour codes out of a string",
        [("click/termui.py", "unstyle"), ("click/_compat.py", "strip_ansi")],
    ),
    (
        "click",
        "turn a colour name or an RGB tuple into a terminal escape code",
        [("click/termui.py", "_interpret_color"), ("click/termui.py", "style")],
    ),
    (
        "click",
        "what program name is shown in the usage line when run with python -m",
        [("click/utils.py", "_detect_program_name")],
    ),
    (
        "click",
        "find the pager program to pipe long output through",
        [
            ("click/_termui_impl.py", "_resolve_pager_command"),
            ("click/_termui_impl.py", "_pager_contextmanager"),
        ],
    ),
    (
        "click",
        "line up the option names and their help in two columns",
        [
            ("click/formatting.py", "measure_table"),
            ("click/formatting.py", "HelpFormatter.write_dl"),
        ],
    ),
    (
        "click",
        "open a url in the user's web browser",
        [("click/termui.py", "launch"), ("click/_termui_impl.py", "open_url")],
    ),
]
