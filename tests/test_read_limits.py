"""The chain of block indicators on one line (`- - - - v`) is found before the C parser sees it:
the fast pattern finds exactly what the plain one does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ismskit.yaml.limits import _indicator_chain, flow_too_deep


@given(st.text(alphabet="-? \t\nab:", max_size=80), st.integers(min_value=1, max_value=6))
def test_the_fast_chain_pattern_matches_where_the_plain_one_does(text: str, limit: int) -> None:
    plain = re.compile(rf"(?:[-?][ \t]+){{{limit},}}").search(text)
    fast = _indicator_chain(limit).search(text)
    assert (fast and fast.span()) == (plain and plain.span())


def test_a_chain_past_the_limit_is_a_finding_at_the_level_past_it() -> None:
    text = "items:\n  " + "- " * 70 + "v\n"
    finding = flow_too_deep("registers/deep.yaml", text, 64)
    assert finding is not None
    assert (finding.rule, finding.line, finding.column) == ("yaml-limit", 2, 3 + 64 * 2)
    assert flow_too_deep("registers/deep.yaml", "items:\n  " + "- " * 10 + "v\n", 64) is None
