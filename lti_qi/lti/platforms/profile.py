"""The quirks of one LMS family, as values lti-qi's code asks instead of naming the LMS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlatformProfile:
    """How one LMS family differs from what the LTI specifications lead a tool to expect.

    Attributes:
        name: The family's name, for people.
        codes: Product family codes that mean this family (lower case, letters and digits).
        grades_one_column_per_link: The LMS turns a score on any of a link's columns into
            the link's one grade, so lti-qi must send scores only to the link's own column.
        configuration_hosts: For an issuer host, the other hosts that serve that issuer's
            OpenID configuration and key set.
    """

    name: str
    codes: frozenset[str] = frozenset()
    grades_one_column_per_link: bool = False
    configuration_hosts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
