"""Hypothesis strategies the property tests share: any JSON, and LSP positions and ranges."""

from __future__ import annotations

from hypothesis import strategies as st

HUGE = "x" * 200_000

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),  # lone surrogates included
    st.just(HUGE),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
positions = st.fixed_dictionaries(
    {"line": st.integers(-5, 10**9), "character": st.integers(-5, 10**9)}
)
ranges = st.one_of(st.fixed_dictionaries({"start": positions, "end": positions}), json_value)
