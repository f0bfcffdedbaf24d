"""Final blind questions over code bases never used for benchmarking on this project.

``(corpus, question, [(file, qualified name), ...])``, the same format as
``questions.py``: any listed definition counts as the answer. Corpora:
``requests``, ``yaml`` (PyYAML) and ``markdown_it`` (markdown-it-py), the installed
packages (the corpus root is site-packages, so paths read ``requests/sessions.py``).
16 questions each.

The questions were written by reading the packages' source only, without running
any search engine, ranking code or benchmark from this repository. This set is used
only for the reported figures: it must never be used to choose weights, methods or
any other ranking parameter.
"""

from __future__ import annotations

from questions import Question

FINAL: list[Question] = [
    # requests
    (
        "requests",
        "which adapter handles a url when I've mounted several overlapping prefixes",
        [
            ("requests/sessions.py", "Session.get_adapter"),
            ("requests/sessions.py", "Session.mount"),
        ],
    ),
    (
        "requests",
        "after a redirect from https://api.example.com:8443 to https://api.example.com my bearer"
        " token was gone, but an http to https hop on the same host kept it, where is that decided",
        [
            ("requests/sessions.py", "SessionRedirectMixin.should_strip_auth"),
            ("requests/sessions.py", "SessionRedirectMixin.rebuild_auth"),
        ],
    ),
    (
        "requests",
        "I POST a form, the server answers 302 and the follow-up request is a GET with no body,"
        " what changes the verb?",
        [("requests/sessions.py", "SessionRedirectMixin.rebuild_method")],
    ),
    (
        "requests",
        "I set a default header on the session and passed headers={'X-Trace': None} for one call"
        " and the header disappeared completely, where are per-call and session values combined",
        [("requests/sessions.py", "merge_setting")],
    ),
    (
        "requests",
        "where is the response charset taken from the content-type header",
        [("requests/utils.py", "get_encoding_from_headers")],
    ),
    (
        "requests",
        "requests warns that the content-length was computed from a file opened without 'b',"
        " where is the size of an upload body measured",
        [("requests/utils.py", "super_len")],
    ),
    (
        "requests",
        "my NO_PROXY entry 10.0.0.0/8 seems ignored and internal calls still go through the"
        " corporate proxy, where is the bypass list checked against the host",
        [("requests/utils.py", "should_bypass_proxies")],
    ),
    (
        "requests",
        "sniff whether a json body is utf-16 or utf-32 when no charset was sent",
        [("requests/utils.py", "guess_json_utf")],
    ),
    (
        "requests",
        "passing timeout=(5, 30, 2) gives a ValueError about a connect/read tuple, where is the"
        " timeout argument turned into something urllib3 understands",
        [("requests/adapters.py", "HTTPAdapter.send")],
    ),
    (
        "requests",
        "verify= pointing at a folder of CA certs vs a single bundle file, how is each applied",
        [("requests/adapters.py", "HTTPAdapter.cert_verify")],
    ),
    (
        "requests",
        "proxy url with user:password in it, where does the Proxy-Authorization header come from",
        [("requests/adapters.py", "HTTPAdapter.proxy_headers")],
    ),
    (
        "requests",
        "how are uploaded files with their own filenames and content types packed into the body",
        [("requests/models.py", "RequestEncodingMixin._encode_files")],
    ),
    (
        "requests",
        "reading a streamed response line by line, a line sometimes looks cut where one chunk"
        " ends, where are partial lines carried over to the next chunk",
        [("requests/models.py", "Response.iter_lines")],
    ),
    (
        "requests",
        "jar.get('sessionid') raises CookieConflictError because the cookie exists for two"
        " domains, where does that lookup happen",
        [
            ("requests/cookies.py", "RequestsCookieJar._find_no_duplicates"),
            ("requests/cookies.py", "RequestsCookieJar.get"),
        ],
    ),
    (
        "requests",
        "how does digest auth answer the server's 401 challenge and resend the request",
        [
            ("requests/auth.py", "HTTPDigestAuth.handle_401"),
            ("requests/auth.py", "HTTPDigestAuth.build_digest_header"),
        ],
    ),
    (
        "requests",
        "how do names like codes.not_found and codes.NOT_FOUND get attached to the numbers",
        [("requests/status_codes.py", "_init")],
    ),
    # yaml (PyYAML)
    (
        "yaml",
        "how are << merge keys expanded when loading a mapping",
        [("yaml/constructor.py", "SafeConstructor.flatten_mapping")],
    ),
    (
        "yaml",
        "loading `mode: 0755` gives me 493 instead of 755, where does PyYAML turn leading-zero"
        " and 0x numbers into ints",
        [("yaml/constructor.py", "SafeConstructor.construct_yaml_int")],
    ),
    (
        "yaml",
        "where does an unquoted value like on or 3.5 get its implicit type tag",
        [("yaml/resolver.py", "BaseResolver.resolve")],
    ),
    (
        "yaml",
        "yaml.dump sometimes puts my strings in single quotes, sometimes in double quotes and"
        " sometimes leaves them bare, where is that picked?",
        [
            ("yaml/emitter.py", "Emitter.choose_scalar_style"),
            ("yaml/emitter.py", "Emitter.analyze_scalar"),
        ],
    ),
    (
        "yaml",
        "my dumped output is full of &id001 and *id001 because the same list object appears"
        " twice, where are those labels assigned",
        [
            ("yaml/serializer.py", "Serializer.anchor_node"),
            ("yaml/serializer.py", "Serializer.generate_anchor"),
        ],
    ),
    (
        "yaml",
        "why doesn't the safe dumper emit aliases for repeated strings and numbers",
        [("yaml/representer.py", "SafeRepresenter.ignore_aliases")],
    ),
    (
        "yaml",
        "safe_load blows up with a ReaderError on a config file containing a stray bell"
        " character, where are unprintable characters rejected",
        [("yaml/reader.py", "Reader.check_printable")],
    ),
    (
        "yaml",
        "a very long key (over a thousand characters) fails with could not find expected ':',"
        " where is the limit on implicit keys enforced",
        [("yaml/scanner.py", "Scanner.stale_possible_simple_keys")],
    ),
    (
        "yaml",
        "safe_load fails on a file with two documents separated by --- but load_all works,"
        " where is the one-document rule enforced",
        [("yaml/composer.py", "Composer.get_single_node")],
    ),
    (
        "yaml",
        "with FullLoader a !!python/object tag can't set attributes like __class__ from its"
        " state, which attribute names are blocked and where",
        [
            ("yaml/constructor.py", "BaseConstructor.check_state_key"),
            ("yaml/constructor.py", "FullConstructor.get_state_keys_blacklist"),
            ("yaml/constructor.py", "FullConstructor.set_python_instance_state"),
        ],
    ),
    (
        "yaml",
        "how does subclassing YAMLObject with a yaml_tag hook the class into loaders and dumpers",
        [
            ("yaml/__init__.py", "YAMLObjectMetaclass.__init__"),
            ("yaml/__init__.py", "YAMLObjectMetaclass"),
        ],
    ),
    (
        "yaml",
        "how are infinity and nan floats written out when dumping",
        [("yaml/representer.py", "SafeRepresenter.represent_float")],
    ),
    (
        "yaml",
        "where is the excerpt with a ^ under the bad column built for yaml error messages",
        [("yaml/error.py", "Mark.get_snippet")],
    ),
    (
        "yaml",
        "reject a document that declares %YAML 2.0",
        [("yaml/parser.py", "Parser.process_directives")],
    ),
    (
        "yaml",
        "why are my dict keys reordered alphabetically in yaml.dump output, and when does a"
        " mapping come out inline like {a: 1}",
        [("yaml/representer.py", "BaseRepresenter.represent_mapping")],
    ),
    (
        "yaml",
        "yaml.dump(data, encoding='utf-8') hands me bytes instead of a str when I don't pass a"
        " stream, where is that decided",
        [("yaml/__init__.py", "dump_all")],
    ),
    # markdown_it (markdown-it-py)
    (
        "markdown_it",
        "where are javascript: and data: urls in links refused",
        [
            ("markdown_it/common/normalize_url.py", "validateLink"),
            ("markdown_it/main.py", "MarkdownIt.validateLink"),
        ],
    ),
    (
        "markdown_it",
        "I pass a highlight function and my ```python blocks lose the language-python class,"
        " where is a fenced code block turned into html",
        [("markdown_it/renderer.py", "RendererHTML.fence")],
    ),
    (
        "markdown_it",
        "typographer: where do (c), (tm) and double dashes get swapped for symbols",
        [
            ("markdown_it/rules_core/replacements.py", "replace_scoped"),
            ("markdown_it/rules_core/replacements.py", "replace_rare"),
            ("markdown_it/rules_core/replacements.py", "replace"),
        ],
    ),
    (
        "markdown_it",
        "a | inside a table cell splits the column unless it has a backslash before it, where"
        " are table rows cut into cells",
        [("markdown_it/rules_block/table.py", "escapedSplit")],
    ),
    (
        "markdown_it",
        "how are reference link labels compared ignoring case and extra whitespace",
        [("markdown_it/common/utils.py", "normalizeReference")],
    ),
    (
        "markdown_it",
        "snake_case_words don't turn italic but foo*bar*baz does, where is the rule about"
        " underscores in the middle of a word",
        [
            ("markdown_it/rules_inline/state_inline.py", "StateInline.scanDelims"),
            ("markdown_it/rules_inline/emphasis.py", "tokenize"),
        ],
    ),
    (
        "markdown_it",
        "where do doubled asterisks become <strong> instead of nested <em>",
        [("markdown_it/rules_inline/emphasis.py", "_postProcess")],
    ),
    (
        "markdown_it",
        "*foo**bar* renders oddly, where does the parser pick which closing run of stars goes"
        " with which opening one?",
        [("markdown_it/rules_inline/balance_pairs.py", "processDelimiters")],
    ),
    (
        "markdown_it",
        "clean up windows line endings and null bytes in the input before parsing",
        [("markdown_it/rules_core/normalize.py", "normalize")],
    ),
    (
        "markdown_it",
        "a line ending in two spaces turns into <br> but a single trailing space just vanishes,"
        " where is that handled",
        [("markdown_it/rules_inline/newline.py", "newline")],
    ),
    (
        "markdown_it",
        "GitHub style > [!NOTE] callouts in block quotes",
        [
            ("markdown_it/rules_block/blockquote.py", "_detect_alert"),
            ("markdown_it/rules_block/blockquote.py", "blockquote"),
        ],
    ),
    (
        "markdown_it",
        "my list items render without <p> tags unless I put blank lines between them, where is"
        " a list decided to be tight",
        [
            ("markdown_it/rules_block/list.py", "markTightParagraphs"),
            ("markdown_it/rules_block/list.py", "list_block"),
        ],
    ),
    (
        "markdown_it",
        "inline code written as `` a ` b ``: how is the matching closing run of backticks found"
        " and why is one space stripped on each side",
        [("markdown_it/rules_inline/backticks.py", "backtick")],
    ),
    (
        "markdown_it",
        "SyntaxTreeNode(tokens) raises ValueError about unclosed tokens, where is the flat"
        " token stream nested into a tree",
        [("markdown_it/tree.py", "SyntaxTreeNode._set_children_from_tokens")],
    ),
    (
        "markdown_it",
        "plugin inserting a custom rule ahead of an existing one in the chain",
        [("markdown_it/ruler.py", "Ruler.before"), ("markdown_it/ruler.py", "Ruler.after")],
    ),
    (
        "markdown_it",
        "MarkdownIt('gfm') raises a KeyError about the preset name, where are presets loaded",
        [("markdown_it/main.py", "MarkdownIt.configure")],
    ),
]
