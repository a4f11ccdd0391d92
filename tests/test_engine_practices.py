"""Practice elements on prose: the topic and the level a passage earns from where it stands.

Short fictional reports, read by the real reader and judged with the bundled framework: a harm
counts as defined only inside a policy, a paraphrase of a practice counts as the practice, and
what a passage shares with the topic by a word alone does not make it specific.
"""

from __future__ import annotations

import pytest

import trustcheck
from trustcheck.assessment.models import ElementResult


def _element(markdown: str, element: str) -> ElementResult:
    return trustcheck.assess(markdown.encode("utf-8"), "trust").element(element)


# --------------------------------------------------------------------------- PP1 definitions

RISK_TAXONOMY = """# Systemic risk assessment 2025

## Terms of service

Child sexual abuse material (CSAM) is strictly prohibited on Pebblecast.

## Risk register

The register scores each scenario for likelihood and impact.

- Risk 7: grooming of young users through open voice rooms.
- Risk 8: sextortion of teenagers met in public lobbies.
- Risk 9: AI-generated sexual imagery of minors shared in clips.
"""


def test_harms_listed_in_a_risk_register_do_not_define_the_policy() -> None:
    element = _element(RISK_TAXONOMY, "PP1")
    assert element.level == "partial"
    assert any("grooming or online enticement named in a policy" in m for m in element.missing)


POLICY_LIST = """# Child safety at Pebblecast

## The rules

Pebblecast bans child sexual abuse material (CSAM) outright. No member may:

- befriend a child in order to groom them for sexual contact;
- threaten to leak a teenager's images to extort more images (sextortion);
- post drawings or AI-generated images that sexualise minors.
"""


def test_harms_in_the_list_a_prohibition_introduces_define_the_policy() -> None:
    element = _element(POLICY_LIST, "PP1")
    assert element.level == "full"
    defined = {s for e in element.evidence for s in e.signals if s.startswith("defined_")}
    assert {"defined_grooming", "defined_sextortion"} <= defined


FOLLOW_ON = """# Child safety at Pebblecast

## Our policy

Our community rules forbid child sexual abuse material (CSAM) of any kind. This includes:

- grooming or enticing a minor;
- sextortion of young people.
"""


def test_a_list_introduced_by_a_back_reference_inherits_the_prohibition_before_it() -> None:
    assert _element(FOLLOW_ON, "PP1").level == "full"


def test_extortion_alone_is_not_sextortion() -> None:
    text = (
        "# Child safety\n\nCSAM is prohibited on Pebblecast. Our policy also covers grooming of "
        "children and the extortion of sellers by fraudsters.\n"
    )
    element = _element(text, "PP1")
    assert element.level == "partial"
    assert "defined_sextortion" not in {s for e in element.evidence for s in e.signals}


# --------------------------------------------------------------------------- PS1 and PS2 paraphrase

SHOP_SCREENING = """# Protection of minors

## Listings

Our marketplace rules prohibit any listing that sexualises children. Every new listing passes
through image and text recognition models that also recognise images of products we previously
removed. Algorithmic identification flags potential CSAM in listings for a moderator.
"""


def test_recognition_models_that_flag_suspected_csam_are_targeted_detection() -> None:
    element = _element(SHOP_SCREENING, "PS2")
    assert element.level == "full"
    assert any("potential CSAM" in e.quote for e in element.evidence)


def test_recognising_previously_removed_material_is_known_material_detection() -> None:
    element = _element(SHOP_SCREENING, "PS1")
    assert element.level == "partial"
    assert any("previously" in e.quote for e in element.evidence)


FRESH_UPLOADS = """# Child safety

Automated systems flag known CSAM in uploads by matching them against hash databases, and
scan new content with artificial intelligence for violent or hateful media.
"""


def test_scanning_new_uploads_does_not_name_the_csea_harm_a_tool_targets() -> None:
    element = _element(FRESH_UPLOADS, "PS2")
    assert element.level == "partial"
    assert any("classifier or proactive tool tied to" in m for m in element.missing)


# --------------------------------------------------------------------------- PS3 and PS5 paraphrase

NOTICES = """# Risk assessment 2025

## Protection of minors

Any person, with or without an account, can send a notice through the "Flag this post" feature
and pick "child sexual abuse" as the reason. Notices from trusted flaggers are handled with
priority.
"""


def test_notices_and_flags_told_in_other_words_are_a_channel_and_a_process() -> None:
    element = _element(NOTICES, "PS3")
    assert element.level == "full"
    assert {"report_channel", "report_process"} <= {s for e in element.evidence for s in e.signals}


def test_the_same_notices_outside_any_csea_context_are_at_most_partial() -> None:
    general = NOTICES.replace("## Protection of minors", "## Counterfeit goods").replace(
        '"child sexual abuse"', '"fake brand"'
    )
    element = _element(general, "PS3")
    assert element.level == "partial"
    assert "not tied to the topic" in element.missing[0]


TIPS = """# Child safety report

## Working with the authorities

When an analyst confirms a finding of child sexual abuse material, the finding goes to NCMEC
through its API within 24 hours, and our escalations team alerts the national hotline.
"""


def test_findings_passed_to_ncmec_are_reports_with_their_process() -> None:
    element = _element(TIPS, "PS5")
    assert element.level == "full"
    assert {"named_report", "authority_process"} <= {s for e in element.evidence for s in e.signals}


# --------------------------------------------------------------------------- plans and exclusions


def test_we_will_with_a_bare_verb_and_no_condition_is_a_plan() -> None:
    plan = "# Child safety\n\nWe will report CSAM to NCMEC through the CyberTipline API.\n"
    element = _element(plan, "PS5")
    assert element.level == "partial"
    assert all(e.intention for e in element.evidence)
    assert "stated intention" in element.missing[0]


def test_we_will_under_a_condition_or_with_always_is_a_practice() -> None:
    for text in (
        "If we find CSAM, we will report it to NCMEC through the CyberTipline API.",
        "We will always report CSAM to NCMEC through the CyberTipline API.",
    ):
        element = _element(f"# Child safety\n\n{text}\n", "PS5")
        assert element.level == "full", text
        assert not any(e.intention for e in element.evidence)


def test_the_words_that_name_csam_are_not_also_a_further_harm() -> None:
    text = (
        "# Our rules\n\nSexual content involving minors and attempts to groom young players are "
        "strictly prohibited in every game.\n"
    )
    element = _element(text, "PP1")
    assert element.level == "partial"
    assert "defined_sexualisation" not in {s for e in element.evidence for s in e.signals}


def test_device_identifiers_are_not_a_hashing_technology() -> None:
    text = (
        "# Child safety\n\nUploads are checked against hash lists of known CSAM. We also block "
        "the device identifiers linked to a banned account.\n"
    )
    element = _element(text, "PS1")
    assert element.level == "partial"
    assert "hash_technology" not in {s for e in element.evidence for s in e.signals}


def test_reporting_when_we_find_it_gives_no_trigger_and_a_confirmation_does() -> None:
    bare = "# Child safety\n\nWe remove CSAM when we find it and report it to NCMEC.\n"
    assert _element(bare, "PS5").level == "partial"
    checked = (
        "# Child safety\n\nOnce a specialist confirms that an image is CSAM, we report it "
        "to NCMEC.\n"
    )
    assert _element(checked, "PS5").level == "full"


def test_a_commitment_to_build_safety_in_for_teens_is_a_generic_commitment() -> None:
    text = (
        "# Update\n\nWe are committed to building safety into every feature for teens, and we "
        "will say more about it later this year.\n"
    )
    element = _element(text, "PP3")
    assert element.level == "partial"
    assert all(e.signal == "prevention_commitment" for e in element.evidence)


def test_notice_told_in_the_passive_is_notice() -> None:
    text = (
        "# Child safety\n\nAccount holders are told by email that their account was closed under "
        "our CSAM policy.\n"
    )
    element = _element(text, "PS6")
    assert element.level == "partial"
    assert {s for e in element.evidence for s in e.signals} == {"user_notice"}


def test_telling_the_person_who_reported_is_not_notice_of_enforcement() -> None:
    text = (
        "# Child safety policy\n\n## How to report\n\nOur safety team reviews the reported content "
        "and the account behind it, and we'll let you know in your notifications once we've "
        "made a decision.\n"
    )
    element = _element(text, "PS6")
    assert element.level == "none"


# --------------------------------------------------------------------------- topic from structure

LIST_AFTER_BACK_REFERENCE = """# Trust and safety report

## Moderation

We treat child sexual exploitation as the most severe violation on Pebblecast. For these cases
we rely on:

- a dedicated specialist team that reviews every case;
- escalation to a senior lead when someone may be in danger.
"""


def test_a_list_introduced_by_a_sentence_that_points_back_inherits_its_topic() -> None:
    element = _element(LIST_AFTER_BACK_REFERENCE, "PS4")
    assert element.level == "full"
    assert all(e.on_topic for e in element.evidence)


def test_tools_listed_under_a_lead_in_that_names_the_harm_inherit_it() -> None:
    text = (
        "# Safety at Pebblecast\n\nTo find grooming and previously unknown abuse material, we "
        "use:\n\n- classifiers that score chat messages;\n- image models trained with expert "
        "partners.\n"
    )
    element = _element(text, "PS2")
    assert element.level == "full"
    assert any(e.quote.startswith("classifiers that score") for e in element.evidence)


def test_the_cybertipline_notified_with_the_account_details_is_a_report_with_its_process() -> None:
    for sentence in (
        "We notify the CyberTipline of each confirmed case of CSAM within 24 hours.",
        "All CSAM tips are submitted to NCMEC, with the uploader's IP address and upload time.",
    ):
        element = _element(f"# Child safety\n\n{sentence}\n", "PS5")
        assert element.level == "full", sentence


# --------------------------------------------------------------------------- shared words, no topic

SHOP = """# Marketplace risk assessment

## Product range

Sellers list pet grooming kits, camping lanterns and beard grooming tools. Buyers can call our
customer hotline about late orders. Hackers may try extortion with stolen card data.
"""


def test_words_a_shop_shares_with_the_topic_do_not_make_it_csea() -> None:
    assessment = trustcheck.assess(SHOP.encode("utf-8"), "trust")
    assert assessment.element("PP4").level == "none"
    assert assessment.element("PP1").level == "none"
    evidence = [e for s in assessment.sections for el in s.elements for e in el.evidence]
    assert not any(e.on_topic for e in evidence)


def test_the_lantern_programme_and_grooming_of_children_still_count() -> None:
    text = (
        "# Child safety\n\nThrough the Tech Coalition's Lantern program we share signals about "
        "accounts banned for grooming with other companies.\n"
    )
    element = _element(text, "PP4")
    assert element.level == "full"
    assert all(e.on_topic for e in element.evidence)


# --------------------------------------------------------------------------- PS3 user reporting

_REPORTING = """# Child safety at Thornbury

Thornbury is an online racing game. We ban child sexual abuse material and grooming.

## Reporting

{text}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the channel as a place, a menu choice or a labelled feature, with who may report or
        # what happens next
        (
            "Any driver or parent can report another driver from their garage card. Reports "
            "about child sexual abuse go straight to our child safety team.",
            "full",
        ),
        (
            "To report grooming, choose the Child safety category in the report menu; those "
            "reports are reviewed by a specialist within one hour.",
            "full",
        ),
        (
            "All visitors, signed in or not, may flag a clip of child sexual abuse with the "
            "\u201cReport this clip\u201d link under it.",
            "full",
        ),
        # a channel with no one named and nothing said of what follows
        ("Child sexual abuse can be reported from the chat window.", "partial"),
        # people who may do something else, and no reporting at all
        ("Every parent can see the friends of a child's account, and grooming is banned.", "none"),
    ],
)
def test_user_reporting_told_in_other_words(text: str, expected: str) -> None:
    assert _element(_REPORTING.format(text=text), "PS3").level == expected
