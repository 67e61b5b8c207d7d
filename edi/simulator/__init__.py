"""The payer simulator: plays clearinghouse and payer for submitted 837 files.

:func:`simulate` answers each 837 with a 999 (sets accepted, accepted with errors or rejected),
a 277CA (claims accepted with payer claim numbers, or rejected), and 835s (paid, partially paid,
denied, some reversed and corrected in a later 835, PLB interest), all deterministic for a seed,
the mix of outcomes set by :class:`Rules`. It writes a decision record (JSON) beside the files.
"""

from edi.simulator.engine import SimulationResult, simulate
from edi.simulator.record import DecisionRecord
from edi.simulator.rules import Rules, load_rules

__all__ = ["DecisionRecord", "Rules", "SimulationResult", "load_rules", "simulate"]
