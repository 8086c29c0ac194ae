"""The four problem statements and the four reflection questions, defined once.

Everything else in the course (scenarios, audit rules, assessment items, chapters)
refers to these by id. Wording is our own paraphrase of Fig. 1 and the lists of
examples in the patient partners' commentary on "patient engagement gone wrong"
(see ``references.bib``: ``pegw2024``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """One real, anonymised situation the source gives for a problem statement."""

    id: str
    text: str


@dataclass(frozen=True)
class Statement:
    """A problem statement: one way patient engagement goes wrong."""

    id: str
    number: int
    title: str
    description: str
    chapter: str  # docname of the chapter that teaches it, relative to the book root
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Question:
    """A reflection question a team can ask itself."""

    id: str
    number: int
    title: str
    question: str
    description: str


STATEMENTS: tuple[Statement, ...] = (
    Statement(
        id="check_mark",
        number=1,
        title="Patient partners as a check mark",
        description=(
            "Also called tokenism: a team invites patient partners so it can say it did, "
            "but does not really want them there, listen to them, or act on what they say."
        ),
        chapter="book/check_mark",
        examples=(
            Example("late_grant_invitation",
                    "Asked to join a grant application close to the deadline, with no way "
                    "to shape it, and never told whether it was funded."),
            Example("patients_included_in_name_only",
                    "Invited to meetings or conferences that advertise #PatientsIncluded "
                    "but do not live up to it."),
            Example("powerless_co_chair",
                    "Made co-chair of a meeting or committee without the support or power "
                    "to set the agenda or take full part."),
            Example("silenced_and_sidelined",
                    "Not invited to speak, having contributions played down or dismissed, "
                    "or finding decisions were made while partners were away."),
            Example("ghosted",
                    "Dropped or ignored ('ghosted') by the team after asking hard questions."),
            Example("scheduled_around_partners",
                    "Meetings set for everyone's convenience but the partners', or partners "
                    "invited only to some meetings without being asked what works for them."),
            Example("no_feedback_loop",
                    "No chance to give feedback on the engagement during it or at the end, "
                    "or feedback met with defensiveness and no effort to understand."),
            Example("credit_without_opportunity",
                    "The team takes credit for working with patient partners but offers them "
                    "no share in publications, talks or other knowledge translation."),
            Example("poorly_run_meetings",
                    "Meetings run with little care for introductions, relationships, real "
                    "discussion, safe space or room to disagree."),
            Example("identity_based_inclusion",
                    "Being included or left out because of age, ability, race, diagnosis or "
                    "another part of who they are."),
        ),
    ),
    Statement(
        id="unconscious_bias",
        number=2,
        title="Unconscious bias towards patient partners",
        description=(
            "Hidden assumptions mean lived experience is not treated as real expertise. "
            "It is often unintended, often tied to ableism, and it widens the power gap."
        ),
        chapter="book/unconscious_bias",
        examples=(
            Example("not_understanding_perspectives",
                    "Mostly healthy, able-bodied team members not fully understanding "
                    "partners' views, made worse by not listening or lacking empathy."),
            Example("mirror_recruitment",
                    "Inviting only partners who look like the team, or who have the time and "
                    "privilege to take part without extra support."),
            Example("underestimating_capability",
                    "Stereotypes that underestimate partners' abilities and forget their full "
                    "lives, skills, experience and education."),
            Example("credential_gatekeeping",
                    "Saying a role needs a graduate degree, or shutting out people with "
                    "intellectual or developmental disabilities."),
            Example("formal_titles",
                    "Team members insisting on being called by their academic titles."),
            Example("harmful_language",
                    "Racist or ableist language, and gaslighting partners who point out the "
                    "harm it does."),
            Example("discriminatory_behaviour",
                    "Homophobic, transphobic, ableist or racist behaviour towards partners who "
                    "have already been harmed by health systems."),
        ),
    ),
    Statement(
        id="lack_of_support",
        number=3,
        title="Lack of support to fully include patient partners",
        description=(
            "Not providing the practical, financial and other supports that patient partners "
            "need to take part as full members of the team."
        ),
        chapter="book/lack_of_support",
        examples=(
            Example("inflexible_meetings",
                    "No flexibility in place or time, no catch-up with a point person, and no "
                    "other ways to contribute such as written feedback or separate calls."),
            Example("one_pace_for_all",
                    "Assuming everyone processes information at the same pace: heavy agendas, "
                    "too much material, no breaks."),
            Example("no_compensation",
                    "Not offering compensation, or pushing back on it, sometimes with claims "
                    "that payment would compromise objectivity."),
            Example("pay_not_matching_role",
                    "Expecting partners to work as senior academics do for a gift card or "
                    "minimum wage."),
            Example("reimbursement_burden",
                    "Passing the work of expenses to partners: unfamiliar forms and long waits "
                    "for money they have already spent."),
            Example("no_leadership_support",
                    "Leaders not backing meaningful inclusion or helping the team understand "
                    "what partners need."),
            Example("no_relationship_time",
                    "No time set aside to build relationships; the team 'hits the ground "
                    "running'."),
            Example("assumed_technology",
                    "Assuming everyone has the equipment, software and tech help the work needs."),
            Example("self_funded_attendance",
                    "Expecting partners to pay for, or arrange, their own supports to attend "
                    "events they were invited to."),
            Example("ableist_policies",
                    "Terms of reference or codes of conduct rooted in ableism, such as strict "
                    "attendance rules."),
        ),
    ),
    Statement(
        id="vulnerability",
        number=4,
        title="Not recognising the vulnerability of patient partners",
        description=(
            "Forgetting that patient partners often relive painful or traumatic parts of "
            "their lives for a project, sometimes among people they hardly know."
        ),
        chapter="book/vulnerability",
        examples=(
            Example("called_biased",
                    "Being told their views are biased or emotional when professionals "
                    "disagree, or being tuned out as if they were complaining."),
            Example("professionalism_shield",
                    "Others hiding behind 'professionalism' so that only partners share "
                    "anything personal."),
            Example("not_trauma_informed",
                    "Meetings without a safe space or a trauma-informed approach, such as "
                    "meeting in the hospital where a partner was harmed."),
            Example("stories_as_inspiration",
                    "Using partners' stories as inspiration or data instead of letting them "
                    "shape the project."),
            Example("single_partner",
                    "Having only one patient partner, or no range of experiences on the team."),
            Example("investment_unrecognised",
                    "Not recognising how invested partners are, or that taking part can bring "
                    "trauma back."),
            Example("pressure_to_overshare",
                    "Partners feeling pushed to share more of their story than they wanted, "
                    "and regretting it."),
        ),
    ),
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="feedback",
        number=1,
        title="Accepting and integrating feedback",
        question="How do we accept feedback from patient partners and integrate it into our work?",
        description="Ask for feedback, hear it without getting defensive, and show what changed.",
    ),
    Question(
        id="thoughtful_questions",
        number=2,
        title="Asking more thoughtful questions about lived experience",
        question="How can we ask more thoughtful questions of patient partners about their "
        "lived experiences?",
        description="Ask what a partner needs and wants to share, instead of assuming.",
    ),
    Question(
        id="safer_spaces",
        number=3,
        title="Creating safer, more inclusive spaces",
        question="How can we create safer and more inclusive spaces for real and meaningful "
        "discussions?",
        description="Set up meetings where everyone can speak, disagree and say no safely.",
    ),
    Question(
        id="sharing_power",
        number=4,
        title="Sharing power and privilege",
        question="How can we share our power and privilege with patient partners?",
        description="Give partners real say over decisions, agendas, credit and resources.",
    ),
)

_STATEMENTS_BY_ID = {s.id: s for s in STATEMENTS}
_QUESTIONS_BY_ID = {q.id: q for q in QUESTIONS}

STATEMENT_IDS: tuple[str, ...] = tuple(_STATEMENTS_BY_ID)
QUESTION_IDS: tuple[str, ...] = tuple(_QUESTIONS_BY_ID)


def get_statement(statement_id: str) -> Statement:
    """Return the statement with this id, or raise KeyError naming the valid ids."""
    try:
        return _STATEMENTS_BY_ID[statement_id]
    except KeyError:
        raise KeyError(
            f"unknown statement id {statement_id!r}; expected one of {', '.join(STATEMENT_IDS)}"
        ) from None


def get_question(question_id: str) -> Question:
    """Return the reflection question with this id, or raise KeyError naming the valid ids."""
    try:
        return _QUESTIONS_BY_ID[question_id]
    except KeyError:
        raise KeyError(
            f"unknown question id {question_id!r}; expected one of {', '.join(QUESTION_IDS)}"
        ) from None


def example_ids(statement_id: str) -> tuple[str, ...]:
    """The ids of the source's examples for one statement, in source order."""
    return tuple(e.id for e in get_statement(statement_id).examples)
