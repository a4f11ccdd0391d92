"""Each rubric clause on small Markdown reports read by the real reader and the bundled framework.

The documents are written in the vocabulary of real reports, not in the framework's own terms.
"""

from __future__ import annotations

import pytest

import trustcheck
from trustcheck.assessment.models import Assessment


def _assess(markdown: str) -> Assessment:
    return trustcheck.assess(markdown.encode("utf-8"), "trust")


def _level(markdown: str, element: str) -> str:
    return _assess(markdown).element(element).level


CSEA_POLICY = """# Child safety at Example

We have zero tolerance for child sexual abuse material (CSAM) and child sexual exploitation.
Our policy also prohibits grooming, sextortion and AI-generated sexual imagery of minors.
"""


def test_csea_policy_with_definitions_is_full() -> None:
    assessment = _assess(CSEA_POLICY)
    element = assessment.element("PP1")
    assert element.level == "full"
    signals = {s for e in element.evidence for s in e.signals}
    assert {"prohibition", "csam_named", "defined_grooming", "defined_sextortion"} <= signals
    assert all(e.page == 1 and e.heading == "Child safety at Example" for e in element.evidence)


def test_prohibition_without_definition_is_partial_and_says_what_is_missing() -> None:
    element = _assess("# Child safety\n\nWe have zero tolerance for child exploitation.\n").element(
        "PP1"
    )
    assert element.level == "partial"
    assert any("CSAM named" in m for m in element.missing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # specific: hash matching, a named technology, a named source, where it is applied
        (
            "# Child safety\n\nWe scan every image uploaded to our service with PhotoDNA "
            "against hash lists from NCMEC and the IWF.\n",
            "full",
        ),
        # the same kind of practice with no tie to CSEA anywhere: capped at partial
        (
            "# Content moderation\n\nWe use hash matching and PDQ to find copies of known "
            "terrorist videos in every upload.\n",
            "partial",
        ),
        # hash matching with only one detail
        ("# Child safety\n\nWe use hash matching to detect known CSAM.\n", "partial"),
        # nothing about detection of known material
        ("# Child safety\n\nWe care deeply about keeping children safe.\n", "none"),
    ],
)
def test_hash_matching_levels(text: str, expected: str) -> None:
    assert _level(text, "PS1") == expected


def test_generic_text_caps_at_partial_and_explains_why() -> None:
    element = _assess(
        "# Content moderation\n\nWe use hash matching and PDQ to find copies of known "
        "terrorist videos in every upload.\n"
    ).element("PS1")
    assert element.level == "partial"
    assert "not tied to the topic" in element.missing[0]


def test_intention_caps_at_partial() -> None:
    text = (
        "# Child safety\n\nWe plan to introduce classifiers that detect grooming "
        "in chats next year.\n"
    )
    element = _assess(text).element("PS2")
    assert element.level == "partial"
    assert element.evidence and element.evidence[0].intention
    assert "intention" in element.missing[0]


def test_practice_in_present_tense_is_full() -> None:
    text = "# Child safety\n\nOur machine learning classifiers detect grooming in public chats.\n"
    assert _level(text, "PS2") == "full"


def test_conditional_will_is_a_practice() -> None:
    text = (
        "# Child safety\n\nIf we find CSAM, we will report it to NCMEC through the CyberTipline "
        "API and preserve the account data for 90 days.\n"
    )
    assert _level(text, "PS5") == "full"


def test_denial_is_not_evidence() -> None:
    text = (
        "# Child safety\n\nWe do not currently use classifiers to detect new CSAM. "
        "We remove CSAM when users report it.\n"
    )
    element = _assess(text).element("PS2")
    assert element.level == "none"
    assert element.evidence == []


def test_negation_does_not_reach_past_instead() -> None:
    text = (
        "# Child safety\n\nWe do not rely on keyword lists, and instead our classifiers "
        "detect unknown CSAM in uploaded videos.\n"
    )
    assert _level(text, "PS2") == "full"


def test_exclusion_is_a_denial() -> None:
    text = (
        "# Appeals\n\nUsers are notified of every enforcement decision and can appeal in the app, "
        "except for decisions on child sexual exploitation imagery.\n"
    )
    element = _assess(text).element("PS6")
    assert element.level == "none"


@pytest.mark.parametrize(
    ("text", "expected", "period"),
    [
        (
            "# Child safety\n\nThis report covers 1 January to 30 June 2024.\n\n"
            "We removed 12,345 pieces of CSAM.\n",
            "full",
            "1 January to 30 June 2024",
        ),
        ("# Child safety\n\nIn 2023 we removed 1.2 million pieces of CSAM.\n", "full", "2023"),
        ("# Child safety\n\nWe removed 12,345 pieces of CSAM.\n", "partial", None),
        (
            "# Child safety\n\nIn 2024 we removed thousands of pieces of CSAM.\n",
            "partial",
            None,
        ),
        ("# Child safety\n\nIn 2024 CSAM removals rose by 12%.\n", "partial", None),
        ("# Child safety\n\nWe remove CSAM quickly.\n", "none", None),
    ],
)
def test_content_figures(text: str, expected: str, period: str | None) -> None:
    element = _assess(text).element("OUT1")
    assert element.level == expected
    if period is not None:
        assert period in (element.evidence[0].period or "")


def test_figure_is_tied_to_the_nearest_metric() -> None:
    text = (
        "# Child safety\n\nIn 2024 we removed 3,000 pieces of CSAM and disabled thousands of "
        "accounts.\n"
    )
    assessment = _assess(text)
    assert assessment.element("OUT1").level == "full"
    assert assessment.element("OUT2").level == "partial"
    assert assessment.element("OUT2").evidence[0].figure == "thousands of"


def test_figures_in_table_rows_keep_their_headers() -> None:
    text = (
        "# Child safety figures\n\n"
        "| Metric | H1 2024 |\n|---|---|\n"
        "| Accounts terminated for CSEA | 4,210 |\n"
        "| CyberTipline reports to NCMEC | 9,876 |\n"
    )
    assessment = _assess(text)
    out2 = assessment.element("OUT2")
    assert out2.level == "full"
    assert out2.evidence[0].figure == "4,210"
    assert out2.evidence[0].period is not None
    assert assessment.element("OUT3").level == "full"


def test_reporting_period_stated_versus_bare_year() -> None:
    assert _level("# Report\n\nThis report covers calendar year 2023.\n", "SC1") == "full"
    assert _level("# Report\n\nPublished in March 2024.\n", "SC1") == "partial"
    assert _level("# Report\n\nWe keep children safe.\n", "SC1") == "none"


def test_rollup_and_scores() -> None:
    assessment = _assess(CSEA_POLICY)
    levels = {s.id: s.level for s in assessment.sections}
    pp_levels = [e.level for e in assessment.sections[1].elements]
    # The bundled rule: a section is partial when an element is above none and not all are
    # full; the report is partial only when at least half its elements are at least partial,
    # which a policy page alone does not reach.
    assert any(level != "none" for level in pp_levels)
    assert levels["PP"] == "partial"
    assert levels["OUT"] == "none"
    assert assessment.level == "none"
    pp = next(s for s in assessment.sections if s.id == "PP")
    assert pp.score == sum(e.score for e in pp.elements) / len(pp.elements)
    assert sum(assessment.counts.values()) == 18


def test_same_input_same_output_byte_for_byte() -> None:
    first = _assess(CSEA_POLICY).model_dump_json()
    second = _assess(CSEA_POLICY).model_dump_json()
    assert first == second


def test_missing_names_what_was_looked_for() -> None:
    element = _assess(CSEA_POLICY).element("PS1")
    assert element.level == "none"
    assert any("hash matching" in m and "searched" in m for m in element.missing)


METRIC_DEFINITIONS = """# Child safety data, 2024

| policy | metric | value |
|---|---|---|
| child sexual exploitation | accounts actioned | 12,400 |

Metric definitions:

- accounts actioned: unique accounts banned in the period; an account banned twice counts once.
- proactive rate: share of content that automated detection flagged before any user reported it.
- reports filed: number of reports filed with the NCMEC CyberTipline, counted when filed.
"""


def test_metric_definitions_are_methodology_not_practice() -> None:
    assessment = _assess(METRIC_DEFINITIONS)
    # What a figure counts is methodology...
    assert assessment.element("SC2").level != "none"
    assert any(e.signal == "deduplication" for e in assessment.element("SC2").evidence)
    # ...but defining "accounts actioned" or "proactive rate" describes no enforcement,
    # detection or reporting practice.
    for element in ("PS2", "PS3", "PS5"):
        assert assessment.element(element).level == "none", element
    # The table's own row shows accounts are actioned for CSEA (a bare mention: partial); the
    # definition below it is still no evidence.
    pp2 = assessment.element("PP2")
    assert pp2.level == "partial"
    assert [e.quote for e in pp2.evidence] == [
        "policy: child sexual exploitation; metric: accounts actioned; value: 12,400"
    ]


def test_a_sentence_of_the_same_words_is_still_a_practice() -> None:
    text = (
        "# Child safety\n\nWe ban accounts that share child sexual abuse material, and "
        "our automated detection flags most of it before any user reports it.\n"
    )
    assert _level(text, "PP2") != "none"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # qualitative trends in the words real reports use
        ("We are seeing more sextortion attempts against teens on our service.", "partial"),
        ("Offenders increasingly pose as teenagers to groom children.", "partial"),
        ("We continue to see bad actors use coded language to share CSAM.", "partial"),
        # an age range is not a figure, so this is still qualitative
        ("Sextortion increasingly targets boys aged 14 to 17.", "partial"),
        # a figure for the change makes it full
        ("Reports of sextortion rose 27% compared with 2023.", "full"),
        ("Our child safety team reviewed every report.", "none"),
    ],
)
def test_trends(text: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", "OUT6") == expected


def test_section_numbers_are_not_figures() -> None:
    text = "# 6. Appeals of child safety decisions\n\nUsers can appeal a ban.\n"
    assert _level(text, "OUT5") != "full"


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # safeguards are often phrased as what minors, or adults, cannot do
        (
            "Users under 16 cannot go live. Adults cannot send direct messages to teens who "
            "do not follow them.",
            "PP3",
            "full",
        ),
        ("Accounts of users under 18 cannot create public links.", "PP3", "partial"),
        (
            "When someone searches for terms associated with child sexual abuse, we show no "
            "results and display a warning with links to confidential help.",
            "PP3",
            "partial",
        ),
        # "no place on" is a prohibition
        ("Child sexual abuse material has no place on our service.", "PP1", "partial"),
        # a hash match checked by staff is human review
        (
            "Every hash match for child sexual abuse material is checked by a member of our "
            "trust and safety staff.",
            "PS4",
            "partial",
        ),
        # hash matching is not detection of new material
        ("We use hash-matching technology to find copies of known CSAM.", "PS2", "none"),
        # the company's own report to NCMEC is not a user reporting channel
        ("Where we become aware of CSAM, we report it to NCMEC.", "PS3", "none"),
        # a member of our own team is not a partnership
        ("Every child safety report is reviewed by a member of our safety team.", "PP4", "none"),
        ("We are a member of the Tech Coalition, fighting child sexual abuse.", "PP4", "partial"),
    ],
)
def test_real_report_vocabulary(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # a notice written to the user, with an appeal route, on a child safety ban
        (
            "If we ban your account for child sexual exploitation, we'll send you an email "
            "explaining which rule was broken. You can appeal from the link in that email.",
            "PS6",
            "full",
        ),
        # vague quantities are partial
        (
            "We sent several hundred reports of child sexual exploitation to law enforcement.",
            "OUT3",
            "partial",
        ),
        (
            "Our filters removed a very large volume of material showing child sexual abuse.",
            "OUT1",
            "partial",
        ),
        # "gives rise to" is not a trend
        (
            "Where information gives rise to a suspicion of child sexual exploitation, we "
            "inform the police.",
            "OUT6",
            "none",
        ),
    ],
)
def test_notices_vague_figures_and_idioms(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


def test_a_clause_break_is_a_whole_word() -> None:
    # "but" inside "contributing" must not end the plan's clause
    text = (
        "# Child safety\n\nWe are committed to joining Lantern, and we plan to begin "
        "contributing hashes of confirmed child sexual abuse material to NCMEC's hash-sharing "
        "list.\n"
    )
    element = _assess(text).element("PP4")
    assert element.level == "partial"
    assert all(e.intention for e in element.evidence if e.signal == "joint_activity")


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # a legal duty is not a reporting process
        (
            "We report child sexual abuse material to NCMEC, as required by law.",
            "PS5",
            "partial",
        ),
        # DSA Article 18 wording: a generic report to unnamed authorities
        (
            "Where we suspect a child sexual exploitation offence, we promptly inform the "
            "competent law enforcement authorities.",
            "PS5",
            "partial",
        ),
        # a figure counts the metric of its own clause
        (
            "We handle more than 2 billion chat messages a day, and most of the grooming we act "
            "on is flagged by our systems before anyone reports it.",
            "OUT4",
            "partial",
        ),
        # the growth of the service is not a CSEA trend
        (
            "Our child safety work grew with us: we now have 4 million registered users.",
            "OUT6",
            "none",
        ),
        ("Teens can always report a message that makes them uncomfortable.", "PS3", "partial"),
        (
            "Profiles of members aged 16 and 17 are hidden from search by default.",
            "PP3",
            "partial",
        ),
        ("Players under 13 can only chat with friends they know.", "PP3", "partial"),
        (
            "If you believe your account was banned in error for child safety, contact support.",
            "PS6",
            "partial",
        ),
        (
            "Our child safety moderators are trained to review reports. A language model trained "
            "on grooming cases flags chats.",
            "PS4",
            "partial",
        ),
        (
            "Corvane is a member of the Tech Coalition, and we work with partners to share "
            "knowledge about keeping children safe.",
            "PP4",
            "partial",
        ),
        (
            "Prompts blocked by our child safety classifiers were fewer than 0.01% of all "
            "requests in 2025.",
            "OUT1",
            "partial",
        ),
    ],
)
def test_more_real_report_vocabulary(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


def test_a_figure_since_launch_has_no_period() -> None:
    head = "# Child safety report 2024\n\nThis report covers January to December 2024.\n\n"
    since = "Since launch, we have removed more than 48,000 images of child sexual abuse.\n"
    in_year = "In 2024 we removed 48,000 images of child sexual abuse.\n"
    assert _level(head + since, "OUT1") == "partial"
    assert _level(head + in_year, "OUT1") == "full"


def test_a_table_counts_what_its_section_heading_names() -> None:
    text = (
        "# Child safety report, H1 2025\n\n"
        "## Notifications of suspicions of criminal offences (Article 18)\n\n"
        "| Type of offence | Notifications |\n|---|---|\n"
        "| Child sexual abuse material | 1,046 |\n| Grooming | 219 |\n"
    )
    element = _assess(text).element("OUT3")
    assert element.level == "full"
    assert element.evidence[0].figure == "1,046"


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # a legal citation is not a count
        (
            "We report apparent CSAM to NCMEC's CyberTipline in 2024, as required by "
            "18 U.S.C. 2258A.",
            "OUT3",
            "none",
        ),
        # parents linking accounts, and chat limited to friends: two safeguards
        (
            "Players under 13 can only chat with players on their Friends list. Parents can "
            "link their account to their child's and turn chat off.",
            "PP3",
            "full",
        ),
    ],
)
def test_citations_and_safeguards(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # a question states nothing; a bare "yes" affirms it
        ("## Has the company identified trends in CSEA?\n\nNo analysis is done.", "OUT6", "none"),
        ("## Question 16. Are users notified of bans for CSEA?\n\nNot at present.", "OUT5", "none"),
        (
            "## Do you report child sexual abuse material to NCMEC?\n\nYes.",
            "PS5",
            "partial",
        ),
        # the outcome told to the reporter is not notice to the user actioned
        (
            "The reporter receives an in-app notification when a decision on the child "
            "safety report has been made.",
            "PS6",
            "none",
        ),
        # a denial reaches a little further than six words
        (
            "We do not currently use classifiers or other machine-learning tools to detect "
            "previously unseen CSAM.",
            "PS2",
            "none",
        ),
        # platform-wide figures are not CSEA figures, whatever the heading says
        (
            "Across all policy areas, users submitted 1.2 million appeals in 2024 and 84,000 "
            "pieces of content were restored.",
            "OUT5",
            "partial",
        ),
        # a split of reports by where they came from
        (
            "Of the 7,021 CyberTipline reports we submitted in 2024, 6,796 originated from our "
            "hash-matching systems and 225 from reports made by users.",
            "OUT4",
            "full",
        ),
        (
            "Through Lantern we share signals about accounts we banned for child sexual "
            "exploitation with other companies.",
            "PP4",
            "full",
        ),
        (
            "Where we believe a child is in immediate danger, we contact the police.",
            "PS5",
            "partial",
        ),
    ],
)
def test_questions_reporters_and_platform_wide_figures(
    text: str, element: str, expected: str
) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # a prohibition names what it forbids: the harms are not denied
        (
            "We don't allow child sexual abuse material (CSAM) in any form; grooming of a young "
            "person; or sextortion.",
            "PP1",
            "full",
        ),
        # wishes and preparations are plans
        (
            "We'd like to look at hash matching for child sexual abuse material in 2025.",
            "PS1",
            "partial",
        ),
        # "there's no appeal" denies the appeal
        ("There's no appeal for bans under our child safety rule.", "PS6", "none"),
        (
            'Anyone can report child sexual abuse by selecting "Report this item" and choosing '
            '"Child safety concern". These reports are reviewed within one hour.',
            "PS3",
            "full",
        ),
        (
            "When we disable an account for child safety, we tell the person in the app and by "
            "email. They can appeal from the link in that email.",
            "PS6",
            "full",
        ),
        (
            "A machine-learning classifier estimates whether each new image is likely to be "
            "child sexual abuse imagery.",
            "PS2",
            "full",
        ),
    ],
)
def test_prohibitions_wishes_and_menus(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # age assurance is about minors even when the sentence does not say so
        ("We launched facial age estimation for new streamers.", "PP3", "partial"),
        # what a company expects of others, or is adding, is not yet its practice
        (
            "We expect developers to use hash-matching tools such as PhotoDNA to detect known "
            "CSAM in their apps.",
            "PS1",
            "partial",
        ),
        # "decline" a download is no trend
        ("Parents can approve or decline every download requested by a child.", "OUT6", "none"),
    ],
)
def test_age_assurance_expectations_and_declines(text: str, element: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


def test_a_table_of_contents_states_nothing() -> None:
    """A contents entry names a section; it is not the practice the section describes."""
    contents = (
        "# Child safety report 2024\n\n## Contents\n\n- Our policy\n- Notice and appeals\n"
        "- Reporting to NCMEC\n\n## Our policy\n\n"
        "We have zero tolerance for child sexual abuse material.\n"
    )
    assessment = _assess(contents)
    assert assessment.element("PS6").level == "none"
    assert assessment.element("PS5").level == "none"
    body = contents + "\n## Notice and appeals\n\nWe tell users when we remove their content.\n"
    evidence = _assess(body).element("PS6").evidence
    assert evidence and all(e.heading.endswith("Notice and appeals") for e in evidence)


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        (
            "This report covers the period from 1 January 2024 to 31 December 2024.",
            "1 January 2024 to 31 December 2024",
        ),
        (
            "Reporting period: 1 July - 31 December 2024 (H2 2024) Published: 3 March 2025",
            "1 July - 31 December 2024",
        ),
        ("The figures in this report cover the second half of 2024.", "second half of 2024"),
    ],
)
def test_the_reporting_period_is_named_without_the_words_around_it(
    sentence: str, period: str
) -> None:
    assert _assess(f"# Child safety report\n\n{sentence}\n").reporting_period == period


RISK_REGISTER = """# 5. Risk assessment

## 5.2 Child sexual abuse material

| Risk ID | Risk scenario | Influence of moderation |
| --- | --- | --- |
| CS_7 | CSAM is uploaded faster than it is removed | Some stays up (see CS_8, AB_9) |
| CS_8 | Accounts banned for CSAM come back | Offenders open new accounts |
| CS_9 | CSAM is shared in closed groups | Groups are removed under point 3 of our terms |
"""


@pytest.mark.parametrize("element", ["OUT1", "OUT2"])
def test_a_risk_registers_identifiers_are_not_counts(element: str) -> None:
    # "CS_7" and "(see CS_8)" number the risks and "point 3" cites the terms; the register
    # counts nothing removed.
    assert _level(RISK_REGISTER, element) == "none"


def test_a_figure_in_a_row_counts_its_own_cell_or_a_cell_it_fills() -> None:
    table = (
        "# Child safety figures, January to June 2024\n\n"
        "| Measure | Note | H1 2024 |\n| --- | --- | --- |\n"
        "| CSAM files removed | counted once per file, reviewed in 3 steps | 4,210 |\n"
    )
    element = _assess(table).element("OUT1")
    assert element.level == "full"
    assert "4,210" in element.evidence[0].quote
    # A number inside another cell's words is not the row's figure.
    described = table.replace("| 4,210 |", "| checked 12 times by review staff |")
    assert _level(described, "OUT1") != "full"


def test_a_cell_of_prose_keeps_its_figures_to_their_clauses() -> None:
    table = (
        "# Child safety\n\n| Harm | How we respond |\n| --- | --- |\n"
        "| CSAM | Files are removed by our reviewers, while the team works in 3 shifts |\n"
    )
    assert _level(table, "OUT1") == "none"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "marketplace" and "separate" begin like March and September but are no months
        ("# Child safety\n\nIn 2024 we removed 1,204 marketplace items with CSAM.\n", "full"),
        ("# Child safety\n\nIn 2024 we removed 1,204 separate CSAM files.\n", "full"),
        # a month cut short is still a month, and a day of it is no count
        ("# Child safety\n\nSince 3 Sept. we have removed CSAM files.\n", "none"),
    ],
)
def test_months_are_their_own_names_only(text: str, expected: str) -> None:
    assert _level(text, "OUT1") == expected
