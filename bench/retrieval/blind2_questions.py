"""Second blind question set, over code bases never used for benchmarking on this project.

``(corpus, question, [(file, qualified name), ...])``, the same format as
``questions.py``: any listed definition counts as the answer. Corpora:
``dateutil`` (python-dateutil), ``packaging`` and ``attr`` (the attrs implementation
package), the installed packages (the corpus root is site-packages, so paths read
``dateutil/parser/_parser.py``, ``packaging/version.py``, ``attr/_make.py``).
16 questions each, about half short and direct, about half longer and
debugging-flavoured, spread over many files of each package.

The questions were written by reading the packages' source only, without running
any search engine, ranking code or benchmark from this repository. This set is used
only for the reported figures: it must never be used to choose weights, methods or
any other ranking parameter.
"""

from __future__ import annotations

from questions import Question

BLIND2: list[Question] = [
    # dateutil
    (
        "dateutil",
        "get the difference between two dates as years, months and days, e.g. to compute"
        " someone's age",
        [("dateutil/relativedelta.py", "relativedelta.__init__")],
    ),
    (
        "dateutil",
        "adding relativedelta(months=+1) to January 31st gives the last day of February"
        " instead of spilling into March, where is the day capped at the month length?",
        [("dateutil/relativedelta.py", "relativedelta.__add__")],
    ),
    (
        "dateutil",
        "what date is Orthodox Easter in a given year",
        [("dateutil/easter.py", "easter")],
    ),
    (
        "dateutil",
        "treat two timestamps as equal when they are within a couple of seconds of each other",
        [("dateutil/utils.py", "within_delta")],
    ),
    (
        "dateutil",
        "log lines ending in 'CEST' parse to naive datetimes and I get a warning telling me"
        " to pass tzinfos, where does the parser decide what tzinfo to attach for a zone"
        " abbreviation?",
        [("dateutil/parser/_parser.py", "parser._build_tzaware")],
    ),
    (
        "dateutil",
        "parse('05/06/07', dayfirst=True): which of the three numbers becomes the year, the"
        " month and the day, and when is the first one taken as the year?",
        [("dateutil/parser/_parser.py", "_ymd.resolve_ymd")],
    ),
    (
        "dateutil",
        "ISO timestamp with hour 24 (end-of-day midnight) rolls over to the next day",
        [
            ("dateutil/parser/isoparser.py", "isoparser.isoparse"),
            ("dateutil/parser/isoparser.py", "isoparser._parse_isotime"),
        ],
    ),
    (
        "dateutil",
        "turn an ISO week date like 2021-W52-7 into a calendar date",
        [
            ("dateutil/parser/isoparser.py", "isoparser._calculate_weekdate"),
            ("dateutil/parser/isoparser.py", "isoparser._parse_isodate_uncommon"),
        ],
    ),
    (
        "dateutil",
        "rrulestr with 'EXDATE;TZID=Europe/Berlin:20240101T090000' and the excluded"
        " occurrence still shows up, where is the TZID parameter applied to the EXDATE and"
        " DTSTART values?",
        [("dateutil/rrule.py", "_rrulestr._parse_date_value")],
    ),
    (
        "dateutil",
        "recurring schedule with some dates removed, how are exclusions merged with the"
        " generated occurrences",
        [("dateutil/rrule.py", "rruleset._iter")],
    ),
    (
        "dateutil",
        "rrule(HOURLY, interval=4, byhour=[3]) starting at 17:00 raises 'Invalid rrule byxxx"
        " generates an empty set', why are some hours unreachable?",
        [("dateutil/rrule.py", "rrule.__construct_byset")],
    ),
    (
        "dateutil",
        "wall time that falls into the spring-forward DST gap, move it to a time that"
        " actually exists",
        [("dateutil/tz/tz.py", "resolve_imaginary")],
    ),
    (
        "dateutil",
        "gettz('America/Sao Paulo') with a space works on my laptop but returns None in a"
        " slim container without /usr/share/zoneinfo, what order are zone names looked up"
        " in and when is the tzdata pip package used?",
        [
            ("dateutil/tz/tz.py", "__get_gettz"),
            ("dateutil/_tzdata_impl.py", "_load_tzdata"),
        ],
    ),
    (
        "dateutil",
        "converting 06:30 UTC on 2023-11-05 to America/New_York gives 01:30 with fold=1,"
        " where does a zone loaded from a zoneinfo file work out the fold when converting"
        " from UTC?",
        [("dateutil/tz/_tzfile.py", "tzfile.fromutc")],
    ),
    (
        "dateutil",
        "why do two tzoffset('EST', -18000) calls return the very same object",
        [("dateutil/tz/_factories.py", "_TzOffsetFactory.__call__")],
    ),
    (
        "dateutil",
        "tzstr('UTC+3') gives +03:00 although the TZ environment variable convention would"
        " put it 3 hours behind UTC, where is the sign flipped?",
        [("dateutil/tz/tz.py", "tzstr.__init__")],
    ),
    # packaging
    (
        "packaging",
        "why does 2.0.dev1 sort before 2.0a1 while 2.0.post1 sorts after 2.0",
        [("packaging/version.py", "_cmpkey")],
    ),
    (
        "packaging",
        "make 'Zope.Interface' and 'zope_interface' map to the same project key",
        [("packaging/utils.py", "canonicalize_name")],
    ),
    (
        "packaging",
        "parsing the wheel file name 'foo-1.0-1-py3-none-any.whl': where is the optional"
        " build number split off from the version and tags, and why is a project name with"
        " '__' rejected?",
        [("packaging/utils.py", "parse_wheel_filename")],
    ),
    (
        "packaging",
        "expand a compressed tag like py2.py3-none-any into the individual tags",
        [("packaging/tags.py", "parse_tag")],
    ),
    (
        "packaging",
        "inside an Alpine container only musllinux wheels are considered, how is the musl"
        " version found out from the python executable?",
        [
            ("packaging/_musllinux.py", "_get_musl_version"),
            ("packaging/_musllinux.py", "_parse_musl_version"),
            ("packaging/_elffile.py", "ELFFile.interpreter"),
        ],
    ),
    (
        "packaging",
        "our distro ships a _manylinux module that says manylinux2014 is not supported even"
        " though glibc is new enough, where is that override consulted?",
        [("packaging/_manylinux.py", "_is_compatible")],
    ),
    (
        "packaging",
        "what upper limit does a compatible-release clause like ~=1.4.5 turn into",
        [("packaging/_ranges.py", "standard_ranges")],
    ),
    (
        "packaging",
        "filtering ['1.5', '2.0b1'] with '>=1.0' drops the beta but filtering ['0.9',"
        " '2.0b1'] returns it, where is the rule that pre-releases only come out when no"
        " final release matched?",
        [
            ("packaging/_ranges.py", "filter_by_ranges"),
            ("packaging/specifiers.py", "_pep440_filter_prereleases"),
        ],
    ),
    (
        "packaging",
        "python_full_version markers blow up on an interpreter built from a git checkout"
        " whose platform.python_version() ends in '+', where is that version string fixed"
        " up before comparing?",
        [
            ("packaging/markers.py", "_pep440_python_full_version"),
            ("packaging/markers.py", "_repair_python_full_version"),
        ],
    ),
    (
        "packaging",
        "'pkg @ https://host/pkg.whl;python_version<\"3.9\"' fails with an error about"
        " whitespace after the URL, where is the url form of a dependency parsed?",
        [("packaging/_parser.py", "_parse_requirement_details")],
    ),
    (
        "packaging",
        "normalize a license string like 'mit or apache-2.0' to SPDX spelling",
        [("packaging/licenses/__init__.py", "canonicalize_license_expression")],
    ),
    (
        "packaging",
        "pyproject [dependency-groups] where 'dev' includes 'test' and 'test' includes 'dev',"
        " where is the include loop caught and reported?",
        [("packaging/dependency_groups.py", "DependencyGroupResolver._validate")],
    ),
    (
        "packaging",
        "remove user:password from a VCS url before recording it in direct_url.json but"
        " keep ${TOKEN} style placeholders",
        [
            ("packaging/direct_url.py", "_strip_auth_from_netloc"),
            ("packaging/direct_url.py", "_strip_url"),
        ],
    ),
    (
        "packaging",
        "metadata with 'Description-Content-Type: text/markdown; variant=GitHub' is reported"
        " invalid, where are the allowed content types, charset and markdown flavours"
        " checked?",
        [("packaging/metadata.py", "_Validator._process_description_content_type")],
    ),
    (
        "packaging",
        "error message that underlines the bad part of a requirement string with ~~~^",
        [("packaging/_tokenizer.py", "ParserSyntaxError.__str__")],
    ),
    (
        "packaging",
        "check whether every version allowed by '>=3.12,<3.13' also satisfies '>=3.10'",
        [
            ("packaging/specifiers.py", "SpecifierSet.is_subset"),
            ("packaging/ranges.py", "VersionRange.is_subset"),
        ],
    ),
    # attr
    (
        "attr",
        "field that accepts 'on'/'off' or 'y'/'n' from a config file and stores True/False",
        [("attr/converters.py", "to_bool")],
    ),
    (
        "attr",
        "asdict() gives me lists where my class had tuples and sets, and list values used as"
        " dict keys come back as tuples, where are collections rebuilt during serialization?",
        [
            ("attr/_funcs.py", "asdict"),
            ("attr/_funcs.py", "_asdict_anything"),
        ],
    ),
    (
        "attr",
        "leave the password attribute out when dumping an instance to a dict",
        [("attr/filters.py", "exclude")],
    ),
    (
        "attr",
        "ValueError: No mandatory attributes allowed after an attribute with a default value,"
        " raised as soon as my subclass adds a required field, where is the field order"
        " checked?",
        [("attr/_make.py", "_transform_attrs")],
    ),
    (
        "attr",
        "diamond inheritance where two base classes both declare 'timeout': which definition"
        " does the subclass get, and in what order do inherited fields end up in __init__?",
        [
            ("attr/_make.py", "_collect_base_attrs"),
            ("attr/_make.py", "_collect_base_attrs_broken"),
        ],
    ),
    (
        "attr",
        "private attribute with a leading underscore, why is the constructor keyword"
        " spelled without it",
        [("attr/_make.py", "_default_init_alias_for")],
    ),
    (
        "attr",
        "repr of an object that contains itself prints '...' instead of recursing forever",
        [("attr/_make.py", "_make_repr_script")],
    ),
    (
        "attr",
        "ValueError: Can't combine custom __setattr__ with on_setattr hooks after I wrote my"
        " own __setattr__ in a @define class, where are the per-field set hooks wired up?",
        [("attr/_make.py", "_ClassBuilder.add_setattr")],
    ),
    (
        "attr",
        "compare a numpy array field with array_equal in the generated __eq__",
        [
            ("attr/_cmp.py", "cmp_using"),
            ("attr/_make.py", "_determine_attrib_eq_order"),
        ],
    ),
    (
        "attr",
        "skip validation temporarily inside a with block, e.g. when loading trusted data",
        [
            ("attr/validators.py", "disabled"),
            ("attr/_config.py", "set_run_validators"),
        ],
    ),
    (
        "attr",
        "check that every item of a list attribute is an int",
        [
            ("attr/validators.py", "deep_iterable"),
            ("attr/validators.py", "_DeepIterable.__call__"),
        ],
    ),
    (
        "attr",
        "@define class with annotated fields plus one un-annotated x = field(): the annotated"
        " ones silently stop being fields, what decides whether annotations are used?",
        [
            ("attr/_next_gen.py", "define"),
            ("attr/_make.py", "_transform_attrs"),
        ],
    ),
    (
        "attr",
        "how does comparing the library's version info with a short tuple like (21, 3) work",
        [
            ("attr/_version_info.py", "VersionInfo._ensure_tuple"),
            ("attr/_version_info.py", "VersionInfo.__lt__"),
            ("attr/_version_info.py", "VersionInfo.__eq__"),
        ],
    ),
    (
        "attr",
        "unpickling slotted instances that were pickled by an old attrs release, where the"
        " saved state was a tuple rather than a dict",
        [("attr/_make.py", "_ClassBuilder._make_getstate_setstate")],
    ),
    (
        "attr",
        "evolve(obj, _secret='x') fails with an unexpected keyword argument, how does making"
        " a changed copy map attribute names to constructor parameters?",
        [("attr/_make.py", "evolve")],
    ),
    (
        "attr",
        "the generated __init__ annotation for a field shows my converter's parameter type"
        " instead of the field's type, where does that type come from?",
        [
            ("attr/_compat.py", "_AnnotationExtractor.get_first_param_type"),
            ("attr/_make.py", "Converter.__init__"),
            ("attr/_make.py", "_attrs_to_init_script"),
        ],
    ),
]
