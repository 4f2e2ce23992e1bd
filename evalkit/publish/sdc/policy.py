"""The disclosure policy: the rules every published number is checked against, with their defaults.

The defaults follow the practice of trusted research environments, as written down in ACRO (the SACRO
project's output checker, ``acro/default.yaml``) and the Eurostat/ESSnet handbook on statistical
disclosure control:

- ``min_cell_size = 10``: no count of units from 1 to 9 may be published or be derivable (ACRO's
  ``safe_threshold``);
- ``zeros_are_disclosive = True``: a zero in a table of persons tells that *nobody* in a group has an
  attribute (and a count equal to its group's size, that *everybody* has it): a group disclosure. Such
  cells are suppressed like small ones (ACRO's ``zeros_are_disclosive``). A category that nobody in the
  whole universe has (e.g. "left out of the analysis" when nobody was) describes the registry, not a
  group: the zeros inside it are not disclosive;
- ``protection_width = min_cell_size``: for every cell that is not published - suppressed, or implied
  by published cells (a count published with its population implies its complement) - the range a
  reader can derive from *everything* the run publishes must be at least this wide, unless it lies
  wholly at or above ``min_cell_size`` (a protection interval as in tau-ARGUS and sdcTable);
- ``survival_min_events = min_cell_size``: every step of a published survival or incidence curve holds
  at least this many events (ACRO's ``survival_safe_threshold``; ACRO pools steps the same way), and a
  curve stops where fewer than ``min_cell_size`` persons remain at risk;
- ``min_bin_size = min_cell_size``: bins of a histogram are merged until each holds this many units.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from evalkit.errors import ParameterError

#: The usual threshold of trusted research environments.
USUAL_MIN_CELL_SIZE = 10

#: The one marker that stands for every cell that is not shown, whatever the reason (as "x" in the
#: tables of Statistics Netherlands): a reader cannot tell a small count from a cell hidden to protect it.
MARKER = "x"


@dataclass(frozen=True)
class Policy:
    """The disclosure rules of a run.

    Parameters
    ----------
    min_cell_size : int, default 10
        Smallest count of units that may be published or derived.
    zeros_are_disclosive : bool, default True
        Treat zero counts (nobody in a group) and full counts (everybody) as disclosive.
    protection_width : int, optional
        Width a reader's derivable range of a hidden or implied cell must have; defaults to
        ``min_cell_size``.
    survival_min_events : int, optional
        Events per step of a published curve; defaults to ``min_cell_size``.
    min_bin_size : int, optional
        Units per bin of a published histogram; defaults to ``min_cell_size``.

    Examples
    --------
    >>> Policy().protection_width
    10
    >>> Policy(min_cell_size=20).survival_min_events
    20
    """

    min_cell_size: int = USUAL_MIN_CELL_SIZE
    zeros_are_disclosive: bool = True
    protection_width: int | None = None
    survival_min_events: int | None = None
    min_bin_size: int | None = None

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name == "zeros_are_disclosive":
                if not isinstance(value, bool):
                    raise ParameterError(f"zeros_are_disclosive must be true or false, not {value!r}")
                continue
            if value is None:
                object.__setattr__(self, field.name, self.min_cell_size)
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ParameterError(f"{field.name} must be a whole number of at least 1, not {value!r}")

    def is_small(self, count: float) -> bool:
        """Whether a count of units may not be published by itself.

        Examples
        --------
        >>> Policy().is_small(0), Policy().is_small(9), Policy().is_small(10)
        (True, True, False)
        >>> Policy(zeros_are_disclosive=False).is_small(0)
        False
        """
        if count == 0:
            return self.zeros_are_disclosive
        return count < self.min_cell_size

    def range_is_safe(self, low: float, high: float) -> bool:
        """Whether a derivable range ``[low, high]`` of a hidden or implied count protects it.

        Safe when the range is at least ``protection_width`` wide, or lies wholly at or above
        ``min_cell_size`` (the reader learns only that the count is not small), or is exactly zero
        when zeros are not disclosive.

        Examples
        --------
        >>> p = Policy()
        >>> p.range_is_safe(0, 15), p.range_is_safe(2, 2), p.range_is_safe(0, 6), p.range_is_safe(12, 14)
        (True, False, False, True)
        """
        if low >= self.min_cell_size:
            return True
        if high - low >= self.protection_width:
            return True
        return high == 0 and low == 0 and not self.zeros_are_disclosive

    def as_dict(self) -> dict[str, Any]:
        """The rules as plain values (for the disclosure log)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "Policy":
        """The policy written by :meth:`as_dict`."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})
