"""Temporal tagging: find time expressions and normalize them to TIMEX3.

    >>> from timeline.temporal import tag
    >>> [m.value for m in tag("The bombing on Aug. 26, 2021 ...", dct="2021-08-27")]
    ['2021-08-26']
"""

from timeline.temporal.mention import TimeMention
from timeline.temporal.tagger import tag

__all__ = ["TimeMention", "tag"]
