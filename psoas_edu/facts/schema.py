"""What each CSV file in ``data/`` holds: its columns, their rules and its key.

The validator, the loader and the documentation test all read these
declarations, so adding a data file or a column means adding it here (and
describing it in ``data/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Column",
    "FileSchema",
    "SCHEMAS",
    "ID_PATTERN",
    "LIST_SEPARATOR",
    "PAIN_AREAS",
    "REFERRALS",
    "schema_for",
]

#: Separator for columns that hold several values in one spreadsheet cell.
LIST_SEPARATOR = ";"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_EXPECTED = "a lower-case id of letters, digits and underscores, such as 'psoas_major'"


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    Parameters
    ----------
    name
        Header text in the CSV.
    doc
        One-line meaning, shown in problem messages and checked against
        ``data/README.md``.
    required
        An empty cell is a problem.
    choices
        The only values allowed (after trimming), if given.
    pattern, expected
        A regular expression each value must match, and how to describe it
        to a person.
    references
        ``(file, column)`` that each value must appear in.
    multiple
        The cell holds several values separated by ``;``.
    kind
        ``"text"`` (default), ``"roots"`` (spinal levels), ``"number"`` or
        ``"url"``; the validator knows how to check each.
    """

    name: str
    doc: str
    required: bool = True
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    expected: str = ""
    references: tuple[str, str] | None = None
    multiple: bool = False
    kind: str = "text"


@dataclass(frozen=True)
class FileSchema:
    """A data file: its columns, the columns that identify one fact, and
    whether its rows are facts that must cite a source."""

    file: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    cited: bool = True
    optional: bool = False
    extra_checks: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


_POINT = re.compile(r"^-?\d+(\.\d+)? -?\d+(\.\d+)?$")
_POINT_EXPECTED = "a point as two numbers 'x y', such as '12.5 -3'"


def _id(name: str, doc: str, *, references: tuple[str, str] | None = None,
        required: bool = True, multiple: bool = False) -> Column:
    return Column(name, doc, required=required, pattern=ID_PATTERN,
                  expected=ID_EXPECTED, references=references, multiple=multiple)


def _sources() -> Column:
    return Column("source_ids", "Sources that state this fact, separated by ';'",
                  references=("sources.csv", "source_id"), multiple=True,
                  pattern=ID_PATTERN, expected=ID_EXPECTED)


def _dispute() -> Column:
    return Column("dispute_id", "Empty if settled; else the dispute this row is one side of",
                  required=False, pattern=ID_PATTERN, expected=ID_EXPECTED,
                  references=("disputes.csv", "dispute_id"))


def _note() -> Column:
    return Column("note", "Free text for teachers; not shown as a fact", required=False)


def _muscle(required: bool = True) -> Column:
    return _id("muscle_id", "Muscle this row is about", references=("muscles.csv", "muscle_id"),
               required=required)


_MUSCLE_COLUMNS = (
    _id("muscle_id", "Stable id used by every other file"),
    Column("name", "English display name"),
    Column("latin_name", "Latin name (Terminologia Anatomica)"),
    _id("group", "Teaching group, e.g. iliopsoas, hamstrings"),
    _id("part_of", "The muscle this one is a part of, e.g. erector_spinae for longissimus; "
        "empty for a muscle taught as a whole", references=("muscles.csv", "muscle_id"),
        required=False),
    Column("region", "Body region, e.g. posterior abdominal wall"),
    # Identifiers stay empty until checked in two references: a wrong id is worse than none.
    Column("uberon_id", "UBERON ontology id", pattern=re.compile(r"^UBERON:\d{7}$"),
           expected="'UBERON:' and seven digits, e.g. UBERON:0001298", required=False),
    Column("fma_id", "Foundational Model of Anatomy id", pattern=re.compile(r"^FMA:\d{3,6}$"),
           expected="'FMA:' and digits, e.g. FMA:22353", required=False),
    Column("ta98_id", "Terminologia Anatomica 1998 code",
           pattern=re.compile(r"^A\d{2}\.\d\.\d{2}\.\d{3}[A-Z]?$"),
           expected="a TA98 code such as A04.7.02.016", required=False),
    Column("synonyms", "Other names a student may use, separated by ';'", required=False,
           multiple=True),
    _sources(),
    _note(),
)


def _evidence(doc: str = "How well the row is supported: an id from evidence_levels.csv") -> Column:
    return _id("evidence_level", doc, references=("evidence_levels.csv", "evidence_level"))


#: How fast a red flag or a suspected condition needs a doctor, most urgent first.
REFERRALS = ("emergency", "same_day", "before_treatment", "routine")
#: Where a differential diagnosis hurts.
PAIN_AREAS = ("low back", "groin", "anterior thigh", "abdomen", "flank")


def _muscles(doc: str, *, required: bool = True) -> Column:
    return _id("muscle_ids", doc, references=("muscles.csv", "muscle_id"), multiple=True,
               required=required)


SCHEMAS: tuple[FileSchema, ...] = (
    FileSchema(
        "sources.csv",
        "Every reference a fact can cite.",
        (
            _id("source_id", "Id that fact rows cite"),
            Column("kind", "What sort of source it is",
                   choices=("textbook", "encyclopedia", "ontology", "journal article",
                            "clinical guideline", "seed article", "website")),
            Column("citation", "Full citation: authors, title, edition, publisher, year"),
            Column("url", "Where to read it, if online", required=False, kind="url"),
            Column("licence", "Licence of the source text, or 'all rights reserved'"),
            Column("accessed", "Date the source was checked (YYYY-MM-DD)", required=False,
                   pattern=re.compile(r"^\d{4}-\d{2}-\d{2}$"), expected="a date like 2026-11-22"),
            _note(),
        ),
        key=("source_id",),
        cited=False,
    ),
    FileSchema(
        "disputes.csv",
        "Questions on which good sources disagree; fact rows name the dispute they belong to.",
        (
            _id("dispute_id", "Id that fact rows use in their dispute_id column"),
            Column("summary", "What the sources disagree about, in one sentence"),
            _note(),
        ),
        key=("dispute_id",),
        cited=False,
    ),
    FileSchema(
        "muscles.csv",
        "One row per muscle (or muscle part that is taught separately).",
        _MUSCLE_COLUMNS,
        key=("muscle_id",),
    ),
    FileSchema(
        "landmarks.csv",
        "Bony landmarks that muscles attach to.",
        (
            _id("landmark_id", "Id that attachments name"),
            Column("name", "English name"),
            _id("bone", "Bone the landmark is on, e.g. femur, ilium, l3_vertebra"),
            _sources(),
            _note(),
        ),
        key=("landmark_id",),
    ),
    FileSchema(
        "landmark_positions.csv",
        "Where a landmark sits in each diagram view (schematic coordinates, not measurements).",
        (
            _id("landmark_id", "Landmark placed", references=("landmarks.csv", "landmark_id")),
            Column("view", "Diagram view", choices=("anterior", "posterior", "lateral")),
            Column("x", "Horizontal position in diagram units", kind="number"),
            Column("y", "Vertical position in diagram units (up is larger)", kind="number"),
            Column("seen_through", "'yes' if the landmark is on the far side of the bone in "
                   "this view and is drawn as seen through it", required=False,
                   choices=("yes", "no")),
            _note(),
        ),
        key=("landmark_id", "view"),
        cited=False,
    ),
    FileSchema(
        "attachments.csv",
        "Origins and insertions: human text plus the landmarks a diagram places.",
        (
            _muscle(),
            Column("end", "Which end of the muscle", choices=("origin", "insertion")),
            _id("part", "Part of the muscle, or 'whole'"),
            Column("description", "What a textbook would say"),
            _id("landmark_ids", "Landmarks this attachment covers, separated by ';'",
                references=("landmarks.csv", "landmark_id"), multiple=True),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "end", "part"),
        extra_checks=("placeable_landmarks",),
    ),
    FileSchema(
        "movements.csv",
        "Movements at each joint and the movement that opposes each one.",
        (
            _id("joint", "Joint or region, e.g. hip, lumbar_spine"),
            _id("movement", "Movement id, e.g. flexion"),
            Column("name", "How the movement is said in class, e.g. hip flexion"),
            _id("opposite", "Movement at the same joint that undoes this one", required=False),
            _sources(),
            _note(),
        ),
        key=("joint", "movement"),
        extra_checks=("opposites",),
    ),
    FileSchema(
        "actions.csv",
        "What each muscle does at each joint, and how much.",
        (
            _muscle(),
            _id("joint", "Joint the action is at"),
            _id("movement", "Movement at that joint (see movements.csv)"),
            Column("role", "How much the muscle contributes", choices=("prime mover", "assists")),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "joint", "movement"),
        extra_checks=("known_movement",),
    ),
    FileSchema(
        "innervation.csv",
        "Nerve supply with spinal root levels.",
        (
            _muscle(),
            _id("part", "Part of the muscle supplied, or 'whole'"),
            Column("nerve", "Nerve name, e.g. femoral nerve"),
            Column("roots", "Spinal root levels, e.g. L2-L4 or L1; L2", kind="roots"),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "part", "nerve"),
    ),
    FileSchema(
        "blood_supply.csv",
        "Arteries that supply each muscle.",
        (
            _muscle(),
            Column("artery", "Artery name, e.g. iliolumbar artery"),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "artery"),
    ),
    FileSchema(
        "relations.csv",
        "Structures a muscle lies next to, forms or passes: what a teacher points at.",
        (
            _id("relation_id", "Stable id of this relation"),
            _muscle(),
            Column("structure", "The other structure, e.g. femoral nerve, inguinal ligament"),
            _id("relation", "How they relate, e.g. emerges_at_lateral_border, passes_under"),
            Column("description", "The relation in a sentence a student can read"),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("relation_id",),
    ),
    FileSchema(
        "muscle_paths.csv",
        "How each muscle is drawn: strands from origin through the landmarks they bend "
        "around to insertion, with a fleshy belly, tendons or tracts, and the views in which "
        "they lie behind the bones.",
        (
            _muscle(),
            _id("part", "Strand of the muscle: a part from attachments.csv, 'whole', or a "
                "named strand such as 'iliotibial_tract'"),
            _id("from_landmark_ids", "Origin landmarks the strand starts from (empty: the "
                "part's origins)", references=("landmarks.csv", "landmark_id"), multiple=True,
                required=False),
            _id("via_landmark_ids", "Landmarks the muscle passes over, proximal first, "
                "separated by ';'", references=("landmarks.csv", "landmark_id"), multiple=True,
                required=False),
            _id("to_landmark_ids", "Insertion landmarks the strand ends at (empty: the "
                "part's insertions)", references=("landmarks.csv", "landmark_id"),
                multiple=True, required=False),
            Column("belly_start", "Where the fleshy belly begins, as a fraction of the path "
                   "(0: at the origin)", kind="number"),
            Column("belly_end", "Where the fleshy belly ends, as a fraction of the path "
                   "(1: fleshy to the insertion)", kind="number"),
            Column("belly_width", "Width of the belly in diagram units (about cm)",
                   kind="number"),
            Column("beyond_belly", "What continues past the belly to the insertion",
                   choices=("tendon", "tract")),
            Column("behind_in", "Views in which the strand lies behind the bones, "
                   "separated by ';'", choices=("anterior", "posterior", "lateral"),
                   multiple=True, required=False),
            Column("insertion_behind_in", "Views in which only its insertion end lies "
                   "behind the bones", choices=("anterior", "posterior", "lateral"),
                   multiple=True, required=False),
            Column("behind_stretch", "Stretches of the path behind the bones in a view, "
                   "as 'view start-end' (fractions of the path)", multiple=True,
                   required=False, pattern=re.compile(
                       r"^(anterior|posterior|lateral) (0(\.\d+)?|1(\.0+)?)-(0(\.\d+)?|1(\.0+)?)$"),
                   expected="a view and a stretch such as 'lateral 0.3-1'"),
            Column("beside", "Views in which the belly runs beside the line between its "
                   "attachments, as 'view distance' (diagram units towards the side drawn)",
                   multiple=True, required=False, pattern=re.compile(
                       r"^(anterior|posterior) \d+(\.\d+)?$"),
                   expected="a frontal view and a distance such as 'posterior 1.1'"),
            Column("description", "What a textbook would say"),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "part"),
    ),
    FileSchema(
        "bone_outlines.csv",
        "Schematic bone shapes drawn under the diagrams (not measurements).",
        (
            _id("outline_id", "Id of the shape, unique within a view"),
            Column("view", "Diagram view", choices=("anterior", "posterior", "lateral")),
            _id("bone", "Bone the shape belongs to, e.g. femur, l3_vertebra"),
            Column("kind", "How it is drawn",
                   choices=("bone", "cartilage", "surface", "hole", "detail", "detail_fill",
                            "seen_through")),
            Column("mirror", "Draw a mirror copy on the other side of the midline",
                   choices=("yes", "no")),
            Column("smooth", "Draw a smooth curve through the points", choices=("yes", "no")),
            Column("label", "Name shown on the bone, if any", required=False),
            Column("points", "Points 'x y' separated by ';'", multiple=True, pattern=_POINT,
                   expected=_POINT_EXPECTED),
            _note(),
        ),
        key=("outline_id", "view"),
        cited=False,
    ),
    FileSchema(
        "cross_section.csv",
        "Shapes of the cross-section through the lumbar region at L3/L4 and what they are.",
        (
            _id("structure_id", "Id of the structure shown"),
            Column("name", "Name written on the diagram"),
            Column("kind", "What sort of structure it is",
                   choices=("bone", "hole", "muscle", "organ", "vessel", "nerve")),
            _muscle(required=False),
            Column("mirror", "Draw a mirror copy on the other side of the midline",
                   choices=("yes", "no")),
            Column("smooth", "Draw a smooth curve through the points", choices=("yes", "no")),
            Column("points", "Points 'x y' separated by ';'", multiple=True, pattern=_POINT,
                   expected=_POINT_EXPECTED),
            _sources(),
            _note(),
        ),
        key=("structure_id",),
    ),
    FileSchema(
        "body_regions.csv",
        "Shapes of the body map: the body outline and each referral zone.",
        (
            _id("region_id", "A zone_id from referral_zones.csv, or 'body' for the outline"),
            Column("view", "Side of the body map", choices=("front", "back")),
            Column("mirror", "Draw a mirror copy on the other side of the midline",
                   choices=("yes", "no")),
            Column("points", "Points 'x y' separated by ';'", multiple=True, pattern=_POINT,
                   expected=_POINT_EXPECTED),
            _note(),
        ),
        key=("region_id", "view"),
        cited=False,
        extra_checks=("zone_geometry",),
    ),
    # Further anatomy files go here.
    # Clinical files (evidence levels, trigger points, techniques, ...) go here.
    FileSchema(
        "evidence_levels.csv",
        "The ordered scale every clinical row uses to say how well it is supported.",
        (
            _id("evidence_level", "Id that clinical rows use in their evidence_level column"),
            Column("rank", "Order on the scale: 1 is the strongest support", kind="number"),
            Column("name", "How the level is said in class"),
            Column("meaning", "What a row at this level rests on, in one line"),
            Column("teacher_says", "How a teacher should present a row at this level"),
            _note(),
        ),
        key=("evidence_level",),
        cited=False,
    ),
    FileSchema(
        "referral_zones.csv",
        "Body-map regions that referred pain is drawn in, each on a front or back view.",
        (
            _id("zone_id", "Id that referral patterns and diagrams use"),
            Column("name", "How the region is said in class"),
            Column("view", "Body outline the region is drawn on", choices=("front", "back")),
            Column("description", "Where the region lies, so a diagram can draw it"),
            _note(),
        ),
        key=("zone_id",),
        cited=False,
    ),
    FileSchema(
        "referral_patterns.csv",
        "Where trigger points in a muscle group are said to refer pain.",
        (
            _id("muscle_group", "Muscle group whose trigger points refer the pain",
                references=("muscles.csv", "group")),
            _id("zone_id", "Region the pain is felt in",
                references=("referral_zones.csv", "zone_id")),
            Column("prominence", "'main' if sources name it as the core of the pattern, "
                   "'secondary' if they say 'also' or 'sometimes'", choices=("main", "secondary")),
            _evidence(),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_group", "zone_id"),
    ),
    FileSchema(
        "trigger_points.csv",
        "Where trigger points are said to sit in a muscle and how examiners look for them.",
        (
            _id("trigger_point_id", "Stable id of this trigger point location"),
            _muscles("Muscles the trigger point lies in, separated by ';'"),
            Column("location", "Where in the muscle it lies, in a sentence"),
            Column("how_to_find", "How an examiner reaches it, in a sentence"),
            _id("landmark_ids", "Nearby landmarks a diagram can place it by, separated by ';'",
                references=("landmarks.csv", "landmark_id"), multiple=True, required=False),
            _evidence(),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("trigger_point_id",),
    ),
    FileSchema(
        "trigger_point_sites.csv",
        "Where the body map marks each trigger point (schematic coordinates, not measurements).",
        (
            _id("trigger_point_id", "Trigger point marked",
                references=("trigger_points.csv", "trigger_point_id")),
            Column("view", "Side of the body map", choices=("front", "back")),
            Column("x", "Horizontal position in body-map units", kind="number"),
            Column("y", "Vertical position in body-map units (feet at 0)", kind="number"),
            _note(),
        ),
        key=("trigger_point_id", "view"),
        cited=False,
    ),
    FileSchema(
        "clinical_notes.csv",
        "Single clinical statements: symptoms, causes, assessment, red flags, prevention, safety, "
        "features of common pain that are not red flags.",
        (
            _id("fact_id", "Stable id of this statement"),
            Column("topic", "Kind of statement",
                   choices=("symptom", "cause", "perpetuating_factor", "model", "assessment",
                            "red_flag", "prevention", "safety", "common_feature")),
            _id("subject", "What the statement is about, e.g. iliopsoas_trigger_points, "
                "modified_thomas_test"),
            Column("statement", "The statement, in one sentence a student can read"),
            _evidence(),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("fact_id",),
    ),
    FileSchema(
        "assessment_findings.csv",
        "What a sign in a clinical test suggests, e.g. the Thomas and modified Thomas tests.",
        (
            _id("assessment", "Test the sign belongs to, e.g. modified_thomas_test"),
            _id("sign_id", "Stable id of the sign within its test"),
            Column("sign", "What the examiner sees"),
            Column("suggests", "What the sign suggests"),
            _muscles("Muscles the sign points to, separated by ';'", required=False),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("assessment", "sign_id"),
    ),
    FileSchema(
        "techniques.csv",
        "Self-care and professional techniques, each with what it is for and how well "
        "that is supported.",
        (
            _id("technique_id", "Stable id that dosages and contraindications use"),
            Column("name", "How the technique is said in class"),
            Column("category", "Kind of technique",
                   choices=("stretch", "exercise", "manual", "needling", "physical_agent",
                            "self_management", "traditional")),
            Column("performed_by", "Who does it", choices=("self", "professional")),
            Column("how", "How it is done, in a sentence"),
            Column("purpose", "What it is used or claimed to do; the evidence level rates this"),
            Column("caveat", "What students must be told wherever the technique is shown",
                   required=False),
            _evidence(),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("technique_id",),
    ),
    FileSchema(
        "dosages.csv",
        "How long, how often and how hard to do a technique.",
        (
            _id("dose_id", "Stable id of this recommendation"),
            _id("technique_ids", "Techniques it applies to, separated by ';'",
                references=("techniques.csv", "technique_id"), multiple=True),
            Column("parameter", "What is being dosed",
                   choices=("hold_time", "repetitions", "frequency", "intensity")),
            Column("value", "The recommendation, e.g. 10-30 s"),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("dose_id",),
    ),
    FileSchema(
        "contraindications.csv",
        "Conditions in which a technique must not be used, needs clearance, or needs care.",
        (
            _id("condition_id", "Id of the condition"),
            Column("condition", "The condition, as a teacher would name it"),
            Column("severity", "'absolute' (never), 'relative' (only with medical clearance "
                   "or changes) or 'caution' (allowed with care)",
                   choices=("absolute", "relative", "caution")),
            _id("applies_to", "Techniques it applies to, separated by ';'",
                references=("techniques.csv", "technique_id"), multiple=True),
            Column("reason", "Why, in a sentence"),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("condition_id", "severity"),
    ),
    FileSchema(
        "misconceptions.csv",
        "Wrong or unsupported claims, each with its correction; the source of true/false items.",
        (
            _id("misconception_id", "Stable id of the misconception"),
            Column("claim", "The claim as a single statement, for a true/false item"),
            Column("verdict", "'false' (reliable sources contradict it), 'unsupported' "
                   "(no good evidence for it) or 'imprecise' (right as far as it goes, but "
                   "vaguer than the references)", choices=("false", "unsupported", "imprecise")),
            Column("why", "Why the claim is wrong or unsupported, in a sentence"),
            Column("correction", "What to teach instead"),
            _muscles("Muscles the claim is about, separated by ';'", required=False),
            Column("claim_source_ids", "Where the claim is made (often a seed article), "
                   "separated by ';'", required=False, references=("sources.csv", "source_id"),
                   multiple=True, pattern=ID_PATTERN, expected=ID_EXPECTED),
            _evidence("How well the claim is supported: an id from evidence_levels.csv"),
            Column("source_ids", "Sources for the correction, separated by ';' (never a seed)",
                   references=("sources.csv", "source_id"), multiple=True, pattern=ID_PATTERN,
                   expected=ID_EXPECTED),
            _note(),
        ),
        key=("misconception_id",),
    ),
    FileSchema(
        "red_flags.csv",
        "Signs that must send a person to a doctor before any release work, and how fast.",
        (
            _id("red_flag_id", "Stable id of the red flag"),
            Column("sign", "What the person reports or the examiner finds, in a sentence"),
            Column("may_signal", "The serious conditions it may point to"),
            Column("referral", "How fast: 'emergency' (emergency care now), 'same_day' (a "
                   "doctor today), 'before_treatment' (a doctor before any release work) or "
                   "'routine' (a doctor or physiotherapist in the usual way; exercise-based care "
                   "can go on meanwhile)",
                   choices=REFERRALS),
            Column("what_to_do", "What the student or therapist does, in a sentence"),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("red_flag_id",),
    ),
    FileSchema(
        "differentials.csv",
        "Conditions that mimic iliopsoas trigger-point pain, and what tells them apart.",
        (
            _id("condition_id", "Stable id of the condition"),
            Column("condition", "The condition, as a teacher would name it"),
            Column("pain_areas", "Where it hurts: 'low back', 'groin', 'anterior thigh', "
                   "'abdomen' or 'flank', separated by ';'", choices=PAIN_AREAS, multiple=True),
            Column("distinguishing_features", "What points to this condition rather than "
                   "trigger-point pain, in a sentence"),
            _id("red_flag_ids", "Red flags it can raise, separated by ';'",
                references=("red_flags.csv", "red_flag_id"), multiple=True, required=False),
            Column("referral", "How fast a suspected case needs a doctor", choices=REFERRALS),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("condition_id",),
    ),
    FileSchema(
        "clinical_anatomy.csv",
        "Clinical conditions the anatomy of the iliopsoas explains.",
        (
            _id("topic_id", "Stable id of the topic"),
            Column("name", "The condition or sign, as a teacher would name it"),
            Column("anatomy", "The anatomy that explains it, in a sentence"),
            Column("clinical_picture", "What the person has or the examiner finds"),
            Column("why_it_matters", "What it means for someone about to do release work"),
            _muscles("Muscles involved, separated by ';'", required=False),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("topic_id",),
    ),
    FileSchema(
        "guidelines.csv",
        "What low back pain guidelines recommend first, and where they disagree.",
        (
            _id("guideline_id", "Guideline, e.g. nice_ng59, acp_2017"),
            _id("intervention", "What is recommended or advised against, e.g. exercise"),
            Column("stance", "'recommended', 'consider', 'option' or 'not_recommended'",
                   choices=("recommended", "consider", "option", "not_recommended")),
            Column("applies_to", "Which low back pain: 'acute' (under about 12 weeks), "
                   "'chronic' or 'all'", choices=("acute", "chronic", "all")),
            Column("statement", "What the guideline says, in a sentence a student can read"),
            _id("technique_ids", "Course techniques it covers, separated by ';'",
                references=("techniques.csv", "technique_id"), multiple=True, required=False),
            _evidence(),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("guideline_id", "intervention"),
    ),
    FileSchema(
        "evidence_base.csv",
        "What each technique's evidence was tested on, and whether that was the psoas.",
        (
            _id("technique_id", "Technique", references=("techniques.csv", "technique_id")),
            Column("tested_on", "Who and what the trials or reviews studied, in a sentence"),
            Column("psoas_specific", "'yes' if any cited trial treated the psoas itself",
                   choices=("yes", "no")),
            Column("what_students_hear", "What a student must be told, in a sentence"),
            _evidence(),
            _sources(),
            _note(),
        ),
        key=("technique_id",),
    ),
    FileSchema(
        "anecdotes.csv",
        "Testimonials from the source articles, set against what trials show.",
        (
            _id("anecdote_id", "Stable id of the anecdote"),
            Column("report", "What the testimonial says, paraphrased"),
            Column("claim_source_ids", "Where the testimonial appears, separated by ';'",
                   references=("sources.csv", "source_id"), multiple=True, pattern=ID_PATTERN,
                   expected=ID_EXPECTED),
            Column("why_not_evidence", "What a single story cannot show, in a sentence"),
            Column("what_trials_show", "What reviews of trials found, in a sentence"),
            _evidence("How well the testimonial's claim is supported"),
            Column("source_ids", "Sources for what trials show (never a seed)",
                   references=("sources.csv", "source_id"), multiple=True, pattern=ID_PATTERN,
                   expected=ID_EXPECTED),
            _note(),
        ),
        key=("anecdote_id",),
    ),
)


def schema_for(file: str) -> FileSchema:
    """Return the schema of a data file by its file name."""
    for schema in SCHEMAS:
        if schema.file == file:
            return schema
    raise KeyError(file)
