"""Character ranges of one text claimed one at a time, each only if it overlaps none before.

Overlapping matches are resolved this way (privacy findings by kind and length, root-cause
phrases by pattern). Comparing each new range with every range kept before was quadratic: a
summary of 20,000 e-mail addresses took minutes. Here each question costs the length of the
range asked about, whatever the number of ranges kept, and the answer is the one that
comparison gives: ``start < end_k and start_k < end`` for some kept range ``k``.
"""

from __future__ import annotations


class Claims:
    """The ranges of a text of ``length`` characters claimed so far (never overlapping)."""

    def __init__(self, length: int) -> None:
        # Marks per character, allocated on the first claim: most texts have no finding.
        self._length = length
        self._covered = bytearray()  # inside a claimed non-empty range
        self._starts = bytearray()  # the first character of one
        self._pins = bytearray()  # the place of an empty claimed range

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a range claimed before."""
        if not self._covered:
            return False
        if start < end:
            # A claimed empty range at p overlaps exactly the ranges with start < p < end.
            return self._covered.find(1, start, end) >= 0 or self._pins.find(1, start + 1, end) >= 0
        # An empty range at p overlaps a claimed one that holds p and the character before.
        return (0 < start < self._length and self._covered[start - 1] == 1 and self._covered[start] == 1
                and self._starts[start] == 0)

    def claim(self, start: int, end: int) -> bool:
        """Claim ``[start, end)`` unless it overlaps a range claimed before; whether it did."""
        if self.overlaps(start, end):
            return False
        if not self._covered:
            self._covered = bytearray(self._length + 1)
            self._starts = bytearray(self._length + 1)
            self._pins = bytearray(self._length + 1)
        if start < end:
            self._covered[start:end] = b"\x01" * (end - start)
            self._starts[start] = 1
        else:
            self._pins[start] = 1
        return True
