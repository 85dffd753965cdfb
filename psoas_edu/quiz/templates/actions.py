"""Question templates on actions, synergists and antagonists.

A wrong movement is the opposite of one the subject makes and is never
recorded for it; a wrong synergist is a muscle recorded with the opposite
movement only (an antagonist), and a wrong antagonist one recorded with the
same movement only. Disputed actions are left out, or asked with every side
right.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace

from ...facts.hedges import hedged_note
from ..facts import ActionFact, QuizFacts
from ..model import Question
from .base import (
    Template,
    _cap,
    _choice,
    _cited,
    _name,
    area,
    name_stems,
    sources_differ,
    textbook_backed,
)

__all__ = ["TEMPLATES"]


def _actions(facts: QuizFacts, muscle_id: str) -> list[ActionFact]:
    return list(facts.actions_of.get(muscle_id, ()))


def contested(facts: QuizFacts, muscle_id: str, key: tuple[str, str]) -> bool:
    """Whether anything in the facts says or suggests that the muscle makes movement
    ``key``: any row (disputed included), a note or dispute of its actions naming
    the movement, or the opposite movement made only by some of its fibres (the
    other fibres may do the reverse). Such a muscle is never keyed as not making it."""
    if muscle_id in facts.movers_any.get(key, ()):
        return True
    if any(muscle_id in facts.movers_any.get(same, ()) for same in _SAME_PULL.get(key, ())):
        return True
    if any(_names_movement(text, key) for text in said_of(facts, muscle_id)):
        return True
    names = {facts.movement_names.get(key, "").split(" ", 1)[-1], key[1].replace("_", " ")}
    opposite = facts.opposites.get(key)
    for row in facts.actions_of.get(muscle_id, ()):
        said = f"{row.note} {facts.disputes.get(row.dispute_id, '')}".lower()
        if any(name and name in said for name in names):
            return True
        # The row's own joint: 'tending to extend the upper segments' names extension.
        if row.joint == key[0] and any(stem in said for stem in _MOVEMENT_STEMS.get(key[1], ())):
            return True
        if row.key == opposite and ("fibres" in said or "part" in said):
            return True
    return False


#: Movements that are one pull seen from the other end: with the thigh fixed, a hip
#: flexor tilts the pelvis forward and a hip extensor tilts it back, so a muscle
#: recorded with one is never keyed as not making the other.
_SAME_PULL = {("pelvis", "anterior_tilt"): (("hip", "flexion"),),
              ("pelvis", "posterior_tilt"): (("hip", "extension"),)}


#: Older wordings of a movement, as Gray 1918 writes them.
_OLD_WORDINGS = {"lateral_rotation": ("outward", "laterally rotat"),
                 "medial_rotation": ("inward", "medially rotat")}


#: Words that name a movement as an action ('extends', 'extensor', 'to extend'), not a
#: position ('with the hip flexed').
_MOVEMENT_STEMS = {"flexion": ("flexes", "flexor", "flex the", "to flex"),
                   "extension": ("extends", "extensor", "extend the", "to extend"),
                   "abduction": ("abducts", "abductor"), "adduction": ("adducts", "adductor"),
                   "lateral_flexion": ("side-bend", "bends to the side", "bends it to")}


#: Words that place a sentence at a joint, so a stem ('extends') is read for that joint.
_JOINT_WORDS = {"lumbar_spine": ("lumbar", "spine", "vertebra", "segments", "trunk"),
                "hip": ("hip", "thigh"), "knee": ("knee", "leg"), "pelvis": ("pelvi",)}


def _names_movement(text: str, key: tuple[str, str]) -> bool:
    words = (key[1].replace("_", " "), *_OLD_WORDINGS.get(key[1], ()))
    if any(w in text for w in words):
        return True
    at_joint = any(w in text for w in _JOINT_WORDS.get(key[0], ()))
    return at_joint and any(w in text for w in _MOVEMENT_STEMS.get(key[1], ()))


def said_of(facts: QuizFacts, muscle_id: str) -> list[str]:
    """Sentences of any action note or dispute (of any muscle) that name this muscle,
    by its name or as one of a group ('the three adductors'): a source cited for one
    muscle often states the action of its neighbours too."""
    def build() -> list[str]:
        name = _name(facts, muscle_id).lower()
        group = name.split(" ", 1)[0]
        pattern = re.compile(rf"\b{re.escape(name)}\b|\b{re.escape(group)}(?:s|es)\b")
        return [sentence for sentence in _action_sentences(facts) if pattern.search(sentence)]
    return facts.memo(("said_of", muscle_id), build)


def _action_sentences(facts: QuizFacts) -> list[str]:
    """Every sentence of the action notes and their disputes, lower case, once."""
    def build() -> list[str]:
        texts = {f"{a.note} {facts.disputes.get(a.dispute_id, '')}".lower()
                 for a in facts.actions}
        return sorted({sentence for text in texts
                       for sentence in re.split(r"(?<=[.;])\s", text)})
    return facts.memo(("action_sentences",), build)


def _not_made(facts: QuizFacts, muscle_id: str, shown_right: list[tuple[str, str]]
              ) -> list[tuple[str, str]]:
    """Movements at the joints the muscle acts on that it is safely keyed as not
    making, none the opposite of a right option (that pair would give it away).

    Rotations are never wrong options: which way a muscle rotates the hip changes
    with the hip's position (the adductors rotate it laterally for Gray 1918 and
    medially from the anatomical position for later kinesiology texts), so
    references often add, leave out or reverse them."""
    rows = _actions(facts, muscle_id)
    joints = {a.joint for a in rows}
    opposites = {facts.opposites.get(k) for k in shown_right}
    return sorted(k for k in facts.movement_names if k[0] in joints and k not in opposites
                  and k not in shown_right and not contested(facts, muscle_id, k)
                  and "rotation" not in k[1]
                  # Every muscle that crosses the spine compresses it as it pulls.
                  and k[1] != "compression")


def _action_explanation(facts: QuizFacts, muscle_id: str) -> str:
    rows = _actions(facts, muscle_id)
    settled = [f"{facts.movement_names[a.key]} ({a.role})" for a in rows if not a.dispute_id]
    text = f"The {_name(facts, muscle_id)} produces {', '.join(settled)}."
    disputes = sorted({a.dispute_id for a in rows if a.dispute_id})
    if disputes:
        text += "".join(" " + sources_differ(facts.disputes.get(d, d)) for d in disputes)
        text += " Those actions are not asked here."
    return text


def _action_question(multiple: bool) -> Callable[..., Question | None]:
    def build(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
        settled = [a for a in _actions(facts, subject) if not a.dispute_id and not hedged(a)
                   and textbook_backed(a)]
        if not settled:
            return None
        name = _name(facts, subject)
        if multiple:
            right_rows = settled
            prompt = f"Select every movement the {name} produces (as prime mover or assisting)."
        else:
            right_rows = [rng.choice(sorted(settled, key=lambda a: a.key))]
            prompt = f"Which of these movements does the {name} produce?"
        wrong = [facts.movement_names[k] for k in _not_made(facts, subject,
                                                            [a.key for a in right_rows])]
        ids, citation = _cited(facts, right_rows)
        return _choice(qid, rng, prompt, [facts.movement_names[a.key] for a in right_rows],
                       wrong, multiple=multiple, explanation=_action_explanation(facts, subject),
                       why=lambda t: f"No reference here gives {t} for the {name}.",
                       stems=_stems(facts, subject),
                       citation=citation, source_ids=ids, topic="actions",
                       points=2 if multiple else 1, difficulty="medium" if multiple else "easy",
                       muscle_ids=(subject,), about=tuple(action_fact(subject, a.key)
                                                          for a in right_rows),
                       template="actions_all" if multiple else "action")
    return build


def action_fact(muscle_id: str, key: tuple[str, str]) -> str:
    """The id of one recorded action, 'action:psoas_major:hip:flexion': a quiz asks or
    states it once (an action question, or a synergist stem naming it)."""
    return f"action:{muscle_id}:{key[0]}:{key[1]}"


def _action_subjects(facts: QuizFacts) -> list[str]:
    return sorted({a.muscle_id for a in facts.actions if not a.dispute_id})


def _disputed_action_asked(facts: QuizFacts, subject: str, qid: str, one_side: bool,
                     rng: random.Random) -> Question | None:
    muscle_id, dispute_id = subject.split("__")
    sides = [a for a in _actions(facts, muscle_id) if a.dispute_id == dispute_id]
    if len(sides) < 2:
        return None
    name = _name(facts, muscle_id)
    shown = [rng.choice(sides)] if one_side else sides
    ids, citation = _cited(facts, shown)
    # Sides may name the same movement and differ on when it happens (position).
    named = list(dict.fromkeys(facts.movement_names[a.key] for a in sides))
    explanation = (f"{sources_differ(facts.disputes.get(dispute_id, ''))} "
                   + _cap(" / ".join(named))
                   + (" are each named by a reference, so each counts as right here."
                      if len(named) > 1
                      else " is named by a reference, so it counts as right here."))
    prompt = (f"References differ on one action of the {name}. Which of these movements does "
              "a reference name for it?" if one_side else
              f"References differ on one action of the {name}. Select every movement "
              "that a reference names for it.")
    keys = [a.key for a in sides]
    wrong = [facts.movement_names[k] for k in _not_made(facts, muscle_id, keys)
             if k not in {facts.opposites.get(x) for x in keys}]
    return _choice(qid, rng, prompt, [facts.movement_names[a.key] for a in shown], wrong,
                   multiple=not one_side, explanation=explanation, citation=citation,
                   why=lambda t: f"No reference here gives {t} for the {name}.",
                   stems=_stems(facts, muscle_id),
                   source_ids=ids, topic="actions", points=1 if one_side else 2,
                   difficulty="hard", muscle_ids=(muscle_id,),
                   about=tuple(action_fact(muscle_id, k) for k in keys),
                   template="disputed_action", disputed=True)


def _disputed_action(facts: QuizFacts, subject: str, qid: str,
                     rng: random.Random) -> Question | None:
    """One side among wrong options or every side, as the seed says; the other way
    when the first cannot be asked fairly (so whether it exists never depends on the seed)."""
    first = rng.random() < 0.5
    return (_disputed_action_asked(facts, subject, qid, first, rng)
            or _disputed_action_asked(facts, subject, qid, not first, rng))


def _disputed_action_subjects(facts: QuizFacts) -> list[str]:
    return sorted({f"{a.muscle_id}__{a.dispute_id}" for a in facts.actions if a.dispute_id})


def _movers(facts: QuizFacts, key: tuple[str, str]) -> tuple[set[str], set[str]]:
    """Muscles recorded with movement ``key``: (settled, any row including disputed)."""
    rows = facts.movers_of.get(key, ())
    return ({a.muscle_id for a in rows if not a.dispute_id and not hedged(a)
             and textbook_backed(a)},
            {a.muscle_id for a in rows})




def hedged(row: ActionFact) -> bool:
    """Whether the row's own note hedges the action (weak, position-dependent, ...):
    such an action is never asked as a right answer, and never denied either."""
    return hedged_note(row.note)


def _partner_subjects(facts: QuizFacts) -> list[str]:
    return sorted(f"{a.muscle_id}__{a.joint}__{a.movement}" for a in facts.actions
                  if not a.dispute_id and not hedged(a) and textbook_backed(a)
                  and a.key in facts.opposites)


def _settled_movers(facts: QuizFacts, key: tuple[str, str]) -> list[str]:
    return facts.memo(("settled_movers", key), lambda: sorted(_movers(facts, key)[0]))


def _partners(facts: QuizFacts, subject: str, rng: random.Random
              ) -> tuple[str, tuple[str, str], list[str], list[str], list[str]]:
    """Subject muscle, its movement, and safe synergists, antagonists and bystanders
    (muscles of the same area safely keyed as making neither movement)."""
    muscle_id, joint, movement = subject.split("__")
    key = (joint, movement)
    opposite = facts.opposites[key]
    # Samples of the movers keep the cost per question flat however many muscles there are.
    same = rng.sample(_settled_movers(facts, key), min(12, len(_settled_movers(facts, key))))
    against = _settled_movers(facts, opposite)
    against = rng.sample(against, min(12, len(against)))
    family = facts.family(muscle_id)
    synergists = sorted(m for m in same if facts.family(m) != family
                        and not contested(facts, m, opposite))
    antagonists = sorted(m for m in against if facts.family(m) != family
                         and not contested(facts, m, key))
    home = area(facts, muscle_id)
    # A sample first, so the cost per question stays flat however many muscles there are.
    # No bystander for a rotation: a muscle not recorded with a rotation may well make
    # it in some position (the hamstrings, the adductors), so it is never keyed "no".
    pool = [] if "rotation" in movement else _bystanders(facts, joint, home, key, opposite)
    bystanders = [m for m in rng.sample(pool, min(24, len(pool))) if facts.family(m) != family]
    bystanders = rng.sample(bystanders, min(6, len(bystanders)))
    return muscle_id, key, synergists, antagonists, bystanders


def _bystanders(facts: QuizFacts, joint: str, home: str, key: tuple[str, str],
                opposite: tuple[str, str]) -> list[str]:
    """Muscles safely keyed as making neither movement: first those recorded with
    other movements of the same joint (so a wrong option is never found by
    elimination as 'not a muscle of this joint'), then, when these are too few,
    muscles of the groups that act at the joint (the adductors beside the hamstrings
    at the knee, the deep back beside quadratus lumborum at the spine): never a
    muscle of another region, which a student could strike out without anatomy."""
    def build() -> list[str]:
        safe = [m for m in sorted(facts.muscles)
                if not contested(facts, m, key) and not contested(facts, m, opposite)]
        joints = _NEAR_JOINTS.get(joint, (joint,))
        at_joint = [m for m in safe
                    if any(a.joint in joints for a in facts.actions_of.get(m, ()))]
        if len(at_joint) >= 3:
            return at_joint
        groups = _groups_at(facts, joints)
        return at_joint + [m for m in safe if m not in at_joint
                           and facts.muscles[m].group in groups]
    return facts.memo(("bystanders", joint, home, key), build)


def _groups_at(facts: QuizFacts, joints: tuple[str, ...]) -> frozenset[str]:
    """Muscle groups with a member firmly recorded at one of the joints (any movement):
    the gluteal group is not at the knee for the weak pull of its iliotibial tract."""
    return frozenset(facts.muscles[a.muscle_id].group for a in facts.actions
                     if a.joint in joints and a.muscle_id in facts.muscles
                     and not a.dispute_id and not hedged(a))


#: Joints whose muscles move the same segment: the pelvis tilts on the hips.
_NEAR_JOINTS = {"pelvis": ("pelvis", "hip")}


def one_per_family(facts: QuizFacts, muscle_ids: list[str], rng: random.Random,
                   *, avoid: set[str] = frozenset()) -> list[str]:
    """At most one muscle of each family (a whole muscle or one of its parts), none
    of a family in ``avoid``: a whole and its part never stand in one question."""
    shuffled = rng.sample(muscle_ids, len(muscle_ids))
    kept: dict[str, str] = {}
    for m in shuffled:
        family = facts.family(m)
        if family not in avoid:
            kept.setdefault(family, m)
    return sorted(kept.values())


def _partner_why(facts: QuizFacts, key: tuple[str, str],
                 asked: tuple[str, str] | None = None) -> Callable[[str], str]:
    """Why a shown muscle is a wrong option, from its recorded actions only: a muscle
    with no row for a movement is 'not recorded with it', never 'does not act'."""
    asked = asked or key
    movement, opposite = facts.movement_names[key], facts.movement_names[facts.opposites[key]]
    ids = facts.memo(("muscle_by_name",), lambda: {m.name: m.muscle_id
                                                   for m in facts.muscles.values()})

    def why(text: str) -> str:
        m = ids[text]
        if m in facts.movers_any.get(key, ()):
            return f"The {text} also produces {movement} (a synergist)."
        if m in facts.movers_any.get(facts.opposites[key], ()):
            return f"The {text} produces the opposite movement, {opposite} (an antagonist)."
        recorded = sorted({facts.movement_names[a.key] for a in facts.actions_of.get(m, ())
                           if a.joint == key[0] and a.key in facts.movement_names})
        if recorded:
            return (f"The {text} is recorded with {', '.join(recorded)} at this joint, not "
                    f"with {facts.movement_names[asked]}.")
        return (f"The {text} is not recorded with {facts.movement_names[asked]} in the "
                "course's data.")
    return why


def _synergist_question(facts: QuizFacts, subject: str, qid: str,
                        rng: random.Random) -> Question | None:
    muscle_id, key, synergists, antagonists, bystanders = _partners(facts, subject, rng)
    if not synergists:
        return None
    name = _name(facts, muscle_id)
    why = _partner_why(facts, key)
    synergists = one_per_family(facts, synergists, rng)
    taken = {facts.family(m) for m in synergists}
    antagonists = one_per_family(facts, antagonists, rng, avoid=taken)
    bystanders = one_per_family(facts, bystanders, rng,
                                avoid=taken | {facts.family(m) for m in antagonists})
    question = _choice(
        qid, rng, f"Select every muscle that works with the {name} in "
        f"{facts.movement_names[key]} (a synergist).",
        [_name(facts, m) for m in synergists],
        _mixed(rng, [_name(facts, m) for m in antagonists],
               [_name(facts, m) for m in bystanders]),
        multiple=True, why=why, explanation=f"The {name} produces {facts.movement_names[key]}.",
        # One or two right muscles shown: a quiz asks each muscle's action once, so
        # fewer per question leave room for others, and the count gives nothing away.
        max_right=rng.choice((1, 2)),
        topic="synergists", points=2, difficulty="medium", template="synergists")
    if question is None:
        return None
    shown = [ids for ids in (_muscle_id(facts, t) for t in question.correct_texts)]
    rows = [a for m in (muscle_id, *shown) for a in facts.actions_of.get(m, ()) if a.key == key]
    ids, citation = _cited(facts, rows)
    explanation = question.explanation + "".join(
        f" The {t} produces it too." for t in question.correct_texts)
    return replace(question, citation=citation, source_ids=ids, explanation=explanation,
                   muscle_ids=(muscle_id, *shown),
                   about=tuple(action_fact(m, key) for m in (muscle_id, *shown)))


def _muscle_id(facts: QuizFacts, name: str) -> str:
    return facts.memo(("muscle_by_name",), lambda: {m.name: m.muscle_id
                                                    for m in facts.muscles.values()})[name]


def _mixed(rng: random.Random, first: list[str], second: list[str]) -> list[list[str]]:
    """Wrong options drawn from two kinds in a random mix, so they are never all of
    one kind (an odd one out)."""
    take = rng.randint(1, 2) if first and second else 3
    a = rng.sample(first, min(take, len(first)))
    b = rng.sample(second, min(3 - len(a), len(second)))
    return [a + b, [x for x in first + second if x not in a + b]]


def _antagonist_question(facts: QuizFacts, subject: str, qid: str,
                         rng: random.Random) -> Question | None:
    muscle_id, key, synergists, antagonists, bystanders = _partners(facts, subject, rng)
    if not antagonists or contested(facts, muscle_id, facts.opposites[key]):
        return None  # a muscle that also makes the opposite movement has no clear opposer
    if not bystanders:
        return None  # its synergists alone as wrong options: the antagonist is the odd one
    right = rng.choice(antagonists)
    name = _name(facts, muscle_id)
    opposite = facts.opposites[key]
    synergists = one_per_family(facts, synergists, rng, avoid={facts.family(right)})
    bystanders = one_per_family(facts, bystanders, rng, avoid={facts.family(right)} | {
        facts.family(m) for m in synergists})
    rows = [a for a in facts.actions_of.get(right, ()) if a.key == opposite]
    rows += [a for a in facts.actions_of.get(muscle_id, ()) if a.key == key]
    ids, citation = _cited(facts, rows)
    return _choice(qid, rng,
                   f"Which muscle opposes the {name} in {facts.movement_names[key]} "
                   "(an antagonist)?",
                   [_name(facts, right)],
                   _mixed(rng, [_name(facts, m) for m in synergists],
                          [_name(facts, m) for m in bystanders]),
                   why=_partner_why(facts, key, asked=opposite),
                   explanation=(f"The {name} produces {facts.movement_names[key]}; the "
                                f"{_name(facts, right)} produces the opposite, "
                                f"{facts.movement_names[opposite]}."),
                   citation=citation, source_ids=ids, topic="synergists", difficulty="medium",
                   muscle_ids=(muscle_id, right), template="antagonist",
                   about=(action_fact(muscle_id, key), action_fact(right, opposite)))


TEMPLATES: tuple[Template, ...] = (
    Template("action", "actions", "action", _action_subjects, _action_question(False)),
    Template("actions_all", "actions", "action", _action_subjects, _action_question(True)),
    Template("disputed_action", "actions", "action",
             _disputed_action_subjects, _disputed_action),
    Template("synergists", "synergists", "synergist", _partner_subjects, _synergist_question),
    Template("antagonist", "synergists", "antagonist", _partner_subjects, _antagonist_question),
)


def _stems(facts: QuizFacts, muscle_id: str) -> frozenset[str]:
    muscle = facts.muscles[muscle_id]
    return name_stems(muscle.name, muscle.latin_name)
