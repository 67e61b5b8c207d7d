"""The conformance table against pyx12 (docs/conformance.md, by tests/pyx12_compare.py).

The full comparison runs pyx12 over 167 corpus files: about 25 s of CPU, near a minute of wall time
on the shared 2-core machine, and its x12flow side changes whenever validation does. So the suite
checks what can go stale cheaply (the doc lists exactly the files the notes explain, every note is
complete) and the comparison's own logic on one small corpus file; the lead re-runs the script.
"""

from __future__ import annotations

import re

from edi.x12.findings import LISTED_PER_CODE
from tests.conftest import corpus_dir
from tests.pyx12_compare import (
    BOTH_ERRORS,
    BOTH_ERRORS_ELSEWHERE,
    DOC,
    ERRORS,
    NO_MAP,
    ONLY_PYX12,
    PYX12_NO_MAP,
    Comparison,
    Issue,
    Verdict,
    check_notes,
    compare,
    for_pyx12,
    load_notes,
    matched,
    pyx12_verdict,
    x12flow_verdict,
)

ROW = re.compile(
    r"^\| `([^`]+)` \| [^|]+ \| (both report errors, not at the same segments|only "
    r"x12flow reports errors|only pyx12 reports errors|pyx12 crashed) \|"
)


def test_the_doc_lists_exactly_the_files_the_notes_explain() -> None:
    notes, invalid = load_notes()
    assert invalid == []
    rows = {m.group(1): m.group(2) for m in map(ROW.match, DOC.read_text().splitlines()) if m}
    assert rows == {file: note.verdict for file, note in notes.items()}


def test_every_note_says_who_is_right_by_which_rule() -> None:
    notes, _ = load_notes()
    assert notes
    for note in notes.values():
        assert note.right in ("x12flow", "pyx12", "both", "neither"), note.file
        assert note.rule and note.why, note.file
        assert bool(note.misses) == (note.right in ("pyx12", "both")), note.file


def test_every_miss_is_listed_at_the_top_of_the_doc() -> None:
    notes, _ = load_notes()
    text = DOC.read_text()
    top = text[text.index("## Real errors x12flow misses") : text.index("## Disagreements")]
    missed = sorted(n.file for n in notes.values() if n.misses)
    assert missed == sorted(re.findall(r"^\| `([^`]+)` \|", top, re.MULTILINE))


def test_pyx12_is_given_the_content_without_bom_or_indentation() -> None:
    assert for_pyx12(b"\xef\xbb\xbfISA*00~\r\n  GS*HP~\n\tST*835~") == "ISA*00~\r\nGS*HP~\nST*835~"


def test_a_pyx12_error_at_a_segment_x12flow_also_flags_is_matched() -> None:
    ours = [Issue(4, "IK403", "8", "BPR16"), Issue(0, "IK502", "4", "SE01")]
    assert matched(Issue(4, "IK304", "1", "BPR"), ours)
    assert matched(Issue(3, "IK502", "4"), ours)  # pyx12 files set errors at the ST
    assert not matched(Issue(10, "IK304", "3", "PER"), ours)
    assert not matched(Issue(1, "TA105", "?"), ours)


def test_a_note_must_match_the_disagreement_it_explains() -> None:
    notes, _ = load_notes()
    file, note = sorted(notes.items())[0]
    clean = Verdict("clean")
    errors = Verdict(ERRORS, (Issue(5, "IK304", "3", "PER"),))
    now = ONLY_PYX12 if note.verdict != ONLY_PYX12 else BOTH_ERRORS_ELSEWHERE
    results = [Comparison(file, "835", clean, errors, now)]
    problems = check_notes(results, {file: note}, [])
    assert problems.stale == [
        f"note {file} explains '{note.verdict}' but the file is now '{now}': look again and "
        "update it"
    ]
    gone = check_notes([Comparison(file, "835", errors, errors, BOTH_ERRORS)], {file: note}, [])
    assert gone.stale == [
        f"note {file} explains a disagreement that is gone ({BOTH_ERRORS}): remove it"
    ]
    assert check_notes([Comparison("x/y", "835", clean, errors, ONLY_PYX12)], {}, []).missing == [
        "x/y"
    ]


def test_missing_payer_contact_in_a_corpus_835_is_a_pyx12_error_x12flow_must_match() -> None:
    """managed-care.835: BPR16 is no date (segment 4) and 1000A has no PER*BL (pyx12 reports it
    where 1000B starts, segment 10)."""
    path = corpus_dir() / "835" / "LinuxForHealth__x12__managed-care.835"
    theirs = pyx12_verdict(path)
    assert theirs == Verdict(
        ERRORS, (Issue(4, "IK403", "8", "BPR16"), Issue(10, "IK304", "3", "PER"))
    )
    ours = Verdict(ERRORS, (Issue(4, "IK403", "8", "BPR16"),))
    result = compare("835/managed-care.835", "835", ours, theirs)
    assert (result.verdict, result.unmatched) == (
        BOTH_ERRORS_ELSEWHERE,
        (Issue(10, "IK304", "3", "PER"),),
    )


def test_x12flow_gives_the_comparison_every_finding_past_the_per_code_listing_limit() -> None:
    """x12_many_claims.txt repeats one claim 410 times, each with a billing-provider NPI that
    fails the check digit: more IK403-I12 than x12flow lists per code (LISTED_PER_CODE). Left
    counted-not-listed, pyx12's errors in the later claims would look unmatched."""
    path = corpus_dir() / "837P" / "imsweb__x12-parser__x12_many_claims.txt"
    npis = [i for i in x12flow_verdict(path, path.name).issues if i.code == "I12"]
    assert len(npis) == 410 > LISTED_PER_CODE
    assert npis[0] == Issue(9, "IK403", "I12", "NM109")
    assert {i.ref for i in npis} == {"NM109"}


def test_a_version_pyx12_has_no_map_for_is_not_compared() -> None:
    path = corpus_dir() / "277" / "LinuxForHealth__x12__provider-level-status.277"
    theirs = pyx12_verdict(path)
    assert theirs == Verdict(NO_MAP, detail="GS08 005010X212")
    assert compare("277/x", "277", Verdict("clean"), theirs).verdict == PYX12_NO_MAP


def test_the_doc_shows_no_path_of_this_machine() -> None:
    assert "/work/" not in DOC.read_text() and "/tmp/" not in DOC.read_text()
