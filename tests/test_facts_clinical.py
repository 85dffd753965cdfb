"""The clinical layer, checked on the real data through ``load_atlas``, and the rules of the
clinical files shown on broken copies of it.

The lists below are the course's requirements (what must be taught or never said), not
copies of output: every other expectation is derived from the tables themselves.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import append_row, edit_cell, only_problem, problems_of

from psoas_edu import load_atlas
from psoas_edu.facts.schema import SCHEMAS

#: The scale the brief asks for, strongest support first; the course may add levels
#: between or after them but must keep this order.
REQUIRED_SCALE = ("anatomical_fact", "clinical_consensus", "limited_evidence",
                  "practitioner_claim", "belief_without_evidence")
#: Travell and Simons' iliopsoas pattern, with the body outline each zone is drawn on.
ILIOPSOAS_ZONES = {
    "lumbar_paraspinal": "back",
    "sacroiliac_region": "back",
    "upper_buttock": "back",
    "groin": "front",
    "anterior_upper_thigh": "front",
}
#: Contraindications the course must state, with the severity a teacher must give them
#: for deep abdominal pressure on the psoas.
ABDOMINAL_CONTRAINDICATIONS = {
    "abdominal_aortic_aneurysm": "absolute",
    "active_infection": "absolute",
    "pregnancy": "relative",
    "recent_abdominal_surgery": "relative",
    "inflammatory_bowel_disease": "relative",
}
#: Misconceptions the course must correct, with their verdict.
REQUIRED_MISCONCEPTIONS = {
    "psoas_from_spinous_processes": "false",
    "psoas_only_muscle_crossing_waist": "false",
    "psoas_stores_emotions": "unsupported",
    "psoas_from_t1": "false",
    "ql_inserts_first_rib": "false",
    "semitendinosus_tibial_tuberosity": "false",
    "femoral_nerve_adductors": "false",
    "psoas_minor_pelvic_brim_only": "imprecise",
    "one_session_cures": "unsupported",
}

#: Red flags the course must teach, with how fast each must reach a doctor.
REQUIRED_RED_FLAGS = {
    "saddle_anaesthesia_bladder_bowel": "emergency",
    "progressive_leg_weakness_numbness": "same_day",
    "fever_with_back_pain": "same_day",
    "unexplained_weight_loss": "before_treatment",
    "history_of_cancer": "same_day",
    "significant_trauma": "emergency",
    "minor_trauma_fragile_bone": "same_day",
    "age_under_20_over_50": "before_treatment",
    "not_improving": "before_treatment",
    "spinal_deformity": "before_treatment",
    "pain_at_multiple_sites": "before_treatment",
    "inflammatory_back_pain": "routine",
    "night_pain": "before_treatment",
    "pulsatile_abdominal_mass": "emergency",
    "abdominal_pain_worse_with_movement": "emergency",
    "anticoagulant_sudden_groin_pain": "emergency",
}
#: Conditions that mimic iliopsoas trigger-point pain.
REQUIRED_DIFFERENTIALS = {"hip_osteoarthritis", "inguinal_hernia", "appendicitis",
                          "kidney_stone", "pyelonephritis", "femoral_neuropathy",
                          "upper_lumbar_radiculopathy", "abdominal_aortic_aneurysm",
                          "femoral_neck_stress_fracture", "slipped_capital_femoral_epiphysis",
                          "septic_arthritis_hip", "testicular_torsion", "ectopic_pregnancy",
                          "femoral_hernia", "adductor_related_groin_pain",
                          "femoroacetabular_impingement_labral_tear"}
#: Clinical anatomy an iliopsoas course teaches.
REQUIRED_CLINICAL_ANATOMY = {
    "psoas_sheath_abscess", "psoas_sign", "iliopsoas_bursitis", "internal_snapping_hip",
    "iliopsoas_impingement_after_hip_replacement", "lesser_trochanter_avulsion_adolescent",
    "lesser_trochanter_avulsion_adult", "psoas_haematoma_femoral_palsy",
}
#: Contraindications added for the clinical layer, with their severity.
REQUIRED_CONTRAINDICATIONS = {
    "pulse_under_fingers": "absolute",
    "recent_hip_or_spine_surgery": "relative",
    "hip_replacement": "relative",
    "osteoporosis": "caution",
    "reduced_skin_sensation": "absolute",
    "acute_injury": "relative",
    "fragile_or_broken_skin": "absolute",
    "prescription_medicines": "relative",
    "bleeding_risk": "relative",
    "pregnancy": "caution",
    "deep_vein_thrombosis": "absolute",
    "no_informed_consent": "absolute",
}
#: The seeds' claims the course must answer, with their verdict.
SEED_CLAIMS = {
    "psoas_the_core_stabiliser": "false",
    "knots_cause_inflammation": "unsupported",
    "soreness_means_it_works": "unsupported",
    "abdominal_pain_is_a_trigger_point_symptom": "unsupported",
    "psoas_release_releases_emotions": "unsupported",
    "acupuncture_where_conventional_fails": "unsupported",
    "needling_without_retention_very_effective": "unsupported",
}
#: Corrections that must reach students next to the technique, not only in a note.
VISIBLE_CAVEATS = {
    "supine_twist": "does not extend the hip",
    "bridge": "not a stretch",
    "cupping": "Not studied for the psoas",
}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def clinical_tables(atlas) -> dict[str, pd.DataFrame]:
    """Every table whose rows carry an evidence level, by table name."""
    return {schema.file.removesuffix(".csv"): getattr(atlas, schema.file.removesuffix(".csv"))
            for schema in SCHEMAS
            if "evidence_level" in schema.column_names and schema.file != "evidence_levels.csv"}


def ranks(atlas) -> dict[str, float]:
    return atlas.evidence_levels.set_index("evidence_level")["rank"].to_dict()


def seed_ids(atlas) -> set[str]:
    sources = atlas.sources
    return set(sources.loc[sources["kind"] == "seed article", "source_id"])


# --- the real data ------------------------------------------------------------------------


def test_the_clinical_files_all_carry_evidence_levels(atlas):
    expected = {"referral_patterns", "trigger_points", "clinical_notes", "assessment_findings",
                "techniques", "dosages", "contraindications", "misconceptions", "red_flags",
                "differentials", "clinical_anatomy", "guidelines", "evidence_base", "anecdotes"}
    assert expected <= set(clinical_tables(atlas))


def test_evidence_scale_is_small_ordered_and_complete(atlas):
    scale = atlas.evidence_levels.sort_values("rank")
    assert list(scale["rank"]) == list(range(1, len(scale) + 1)), "ranks must be 1, 2, 3, ..."
    assert len(scale) <= 7
    order = list(scale["evidence_level"])
    positions = [order.index(level) for level in REQUIRED_SCALE]
    assert positions == sorted(positions), order
    assert scale["meaning"].str.len().gt(0).all() and scale["teacher_says"].str.len().gt(0).all()


def test_every_clinical_row_has_a_known_level_and_a_source(atlas):
    known = set(atlas.evidence_levels["evidence_level"])
    for name, table in clinical_tables(atlas).items():
        assert len(table) > 0, name
        unknown = set(table["evidence_level"]) - known
        assert not unknown, f"{name}: unknown evidence levels {unknown}"
        uncited = table[table["source_ids"].map(len) == 0]
        assert uncited.empty, f"{name}: rows without a source\n{uncited}"


def test_no_row_above_practitioner_claim_rests_on_seed_articles_alone(atlas):
    rank_of, seeds = ranks(atlas), seed_ids(atlas)
    assert seeds, "the seed articles must be listed in sources.csv as 'seed article'"
    threshold = rank_of["practitioner_claim"]
    for name, table in clinical_tables(atlas).items():
        strong = table[table["evidence_level"].map(rank_of) < threshold]
        seed_only = strong[strong["source_ids"].map(lambda ids: set(ids) <= seeds)]
        assert seed_only.empty, f"{name}: strong rows citing only seeds\n{seed_only}"


def test_seed_articles_are_cited_somewhere_only_as_claims(atlas):
    """A seed supports 'someone claims this': it may appear on weak rows, never as the sole
    support of a strong one (checked above), and never for a correction (checked below)."""
    seeds = seed_ids(atlas)
    cited = set().union(*(set().union(*table["source_ids"])
                          for table in clinical_tables(atlas).values()))
    assert seeds <= cited | set().union(*atlas.misconceptions["claim_source_ids"])


def test_misconception_corrections_never_cite_seeds(atlas):
    seeds = seed_ids(atlas)
    for row in atlas.misconceptions.itertuples():
        assert row.source_ids, row.misconception_id
        assert not set(row.source_ids) & seeds, (
            f"{row.misconception_id}: a seed article cannot support a correction")


def test_misconception_verdict_matches_the_claims_level(atlas):
    rank_of = ranks(atlas)
    for row in atlas.misconceptions.itertuples():
        if row.verdict == "false":
            assert row.evidence_level == "contradicted", row.misconception_id
        elif row.verdict == "imprecise":
            # right as far as it goes, so the claim itself is not contradicted
            assert rank_of[row.evidence_level] < rank_of["contradicted"], row.misconception_id
        else:
            assert rank_of["limited_evidence"] <= rank_of[row.evidence_level] \
                < rank_of["contradicted"], row.misconception_id


def test_required_misconceptions_are_there_with_their_verdicts(atlas):
    verdicts = atlas.misconceptions.set_index("misconception_id")["verdict"].to_dict()
    for misconception, verdict in REQUIRED_MISCONCEPTIONS.items():
        assert verdicts.get(misconception) == verdict, misconception


def test_misconceptions_from_seeds_name_the_seed(atlas):
    seeds = seed_ids(atlas)
    from_seeds = atlas.misconceptions[
        atlas.misconceptions["claim_source_ids"].map(lambda ids: bool(set(ids) & seeds))]
    assert {"psoas_from_spinous_processes", "psoas_only_muscle_crossing_waist",
            "psoas_stores_emotions"} <= set(from_seeds["misconception_id"])


def test_iliopsoas_referral_pattern_contains_the_travell_simons_zones(atlas):
    pattern = atlas.referral_patterns
    iliopsoas = pattern[pattern["muscle_group"] == "iliopsoas"]
    assert set(ILIOPSOAS_ZONES) <= set(iliopsoas["zone_id"])
    views = atlas.referral_zones.set_index("zone_id")["view"].to_dict()
    assert {zone: views[zone] for zone in ILIOPSOAS_ZONES} == ILIOPSOAS_ZONES
    main = set(iliopsoas.loc[iliopsoas["prominence"] == "main", "zone_id"])
    assert main == {"lumbar_paraspinal", "sacroiliac_region"}


def test_every_referral_zone_is_used_and_every_muscle_group_exists(atlas):
    assert set(atlas.referral_zones["zone_id"]) == set(atlas.referral_patterns["zone_id"])
    assert set(atlas.referral_patterns["muscle_group"]) <= set(atlas.muscles["group"])


def test_iliopsoas_trigger_points_cover_both_muscles_and_can_be_placed(atlas):
    points = atlas.trigger_points
    muscles = set().union(*points["muscle_ids"])
    assert {"psoas_major", "iliacus"} <= muscles
    assert all(points["landmark_ids"].map(len) > 0), "every point needs a landmark to draw it"


def test_trigger_point_model_is_recorded_as_disputed(atlas):
    notes = atlas.clinical_notes
    sides = notes[notes["dispute_id"] == "trigger_point_model"]
    assert len(sides) >= 2
    assert len({tuple(ids) for ids in sides["source_ids"]}) >= 2
    located = atlas.trigger_points
    assert set(located["evidence_level"]) <= {"practitioner_claim", "limited_evidence"}, (
        "trigger-point locations cannot rank above the model they depend on")


def test_palpation_reliability_is_taught_from_systematic_reviews(atlas):
    notes = atlas.clinical_notes.set_index("fact_id")
    row = notes.loc["tp_palpation_reliability"]
    kinds = atlas.sources.set_index("source_id").loc[list(row["source_ids"]), "kind"]
    assert (kinds == "journal article").all()


def test_modified_thomas_test_separates_three_muscle_groups(atlas):
    findings = atlas.assessment_findings
    modified = findings[findings["assessment"] == "modified_thomas_test"]
    pointed = {muscle for ids in modified["muscle_ids"] for muscle in ids}
    assert {"psoas_major", "iliacus", "rectus_femoris", "tensor_fasciae_latae"} <= pointed
    assert "thomas_test" in set(findings["assessment"])
    subjects = atlas.clinical_notes.groupby("subject")["fact_id"].apply(set)
    assert {"thomas_test_reliability", "thomas_test_validity"} <= subjects["modified_thomas_test"]


def test_every_contraindication_has_a_reason_and_a_severity(atlas):
    table = atlas.contraindications
    assert table["reason"].str.strip().str.len().gt(20).all()
    assert set(table["severity"]) <= {"absolute", "relative", "caution"}
    assert table["applies_to"].map(len).gt(0).all()


def test_deep_abdominal_pressure_contraindications(atlas):
    table = atlas.contraindications
    for condition, severity in ABDOMINAL_CONTRAINDICATIONS.items():
        rows = table[(table["condition_id"] == condition) & (table["severity"] == severity)]
        assert len(rows) == 1, (condition, severity)
        assert "abdominal_psoas_release" in rows.iloc[0]["applies_to"], condition
    aneurysm = table[table["condition_id"] == "abdominal_aortic_aneurysm"].iloc[0]
    assert "aorta" in aneurysm["reason"]
    assert {"diverticular_disease", "bleeding_risk"} <= set(table["condition_id"])


def test_hip_flexor_stretches_have_a_guideline_dose_and_the_twist_none(atlas):
    """The flexibility guideline's dose is given for the stretches that extend the hip;
    the supine twist keeps the hips bent (it does not stretch the hip flexors), so the
    guideline is not quoted for it."""
    doses = atlas.dosages
    guideline = doses[doses["evidence_level"] == "clinical_consensus"]
    for parameter in ("hold_time", "frequency"):
        covered = set().union(*guideline.loc[guideline["parameter"] == parameter,
                                             "technique_ids"])
        assert {"modified_thomas_stretch", "kneeling_hip_flexor_stretch"} <= covered
        assert "supine_twist" not in covered, parameter


def test_professional_options_are_all_rated(atlas):
    techniques = set(atlas.techniques["technique_id"])
    assert {"massage", "dry_needling", "acupuncture", "heat", "trigger_point_injection",
            "activity_modification", "cupping", "moxibustion"} <= techniques
    assert {"modified_thomas_stretch", "kneeling_hip_flexor_stretch", "supine_twist", "lunge",
            "bridge", "self_massage"} <= techniques


def test_required_red_flags_say_how_fast_to_refer(atlas):
    referral = atlas.red_flags.set_index("red_flag_id")["referral"].to_dict()
    assert {flag: referral.get(flag) for flag in REQUIRED_RED_FLAGS} == REQUIRED_RED_FLAGS
    assert atlas.red_flags["what_to_do"].str.len().gt(20).all()


def test_red_flags_and_differentials_rest_on_more_than_seeds(atlas):
    seeds = seed_ids(atlas)
    for name in ("red_flags", "differentials", "clinical_anatomy", "guidelines",
                 "evidence_base"):
        table = atlas.tables[name]
        assert not table["source_ids"].map(lambda ids: set(ids) <= seeds).any(), name


def test_differentials_say_what_tells_them_apart(atlas):
    table = atlas.differentials.set_index("condition_id")
    assert set(table.index) >= REQUIRED_DIFFERENTIALS
    assert table["distinguishing_features"].str.len().gt(40).all()
    flagged = {flag for ids in table["red_flag_ids"] for flag in ids}
    assert flagged <= set(atlas.red_flags["red_flag_id"])
    # A condition that raises an emergency red flag cannot wait for a routine appointment.
    urgency = atlas.red_flags.set_index("red_flag_id")["referral"].to_dict()
    for condition, row in table.iterrows():
        if any(urgency[f] == "emergency" for f in row["red_flag_ids"]):
            assert row["referral"] not in {"before_treatment", "routine"}, condition


def test_clinical_anatomy_of_the_iliopsoas_is_taught(atlas):
    table = atlas.clinical_anatomy.set_index("topic_id")
    assert set(table.index) >= REQUIRED_CLINICAL_ANATOMY
    assert "groin" in table.loc["psoas_sheath_abscess", "clinical_picture"]
    adult = table.loc["lesser_trochanter_avulsion_adult"]
    assert "metasta" in adult["why_it_matters"]
    assert "anticoagulant" in table.loc["psoas_haematoma_femoral_palsy", "clinical_picture"]


def visible_text(atlas) -> str:
    """Every cell a student can see in the clinical tables (all columns but ids, sources
    and notes), lower case, one string."""
    hidden = {"note", "source_ids", "claim_source_ids", "dispute_id", "evidence_level"}
    parts = []
    for table in clinical_tables(atlas).values():
        for column in table.columns:
            if column in hidden or column.endswith("_id") or column.endswith("_ids"):
                continue
            parts += [str(v) for v in table[column]]
    return " ".join(parts).lower()


def test_no_visible_text_sends_the_fingers_laterally_onto_the_femoral_nerve(atlas):
    text = visible_text(atlas)
    for phrase in ("move laterally", "move away laterally", "if you feel a pulse, move away"):
        assert phrase not in text, phrase


def test_groin_palpation_warns_of_the_femoral_nerve_lateral_to_the_pulse(atlas):
    rule = atlas.contraindications.set_index(["condition_id", "severity"]).loc[
        ("pulse_under_fingers", "absolute")]
    assert rule["reason"].startswith("Never press on a pulse")
    for words in ("femoral nerve", "lateral", "tingling",
                  "inferior vena cava", "no pulse", "aneurysm"):
        assert words in rule["reason"], words
    anatomy = atlas.clinical_anatomy.set_index("topic_id")
    groin = anatomy.loc["femoral_artery_on_psoas_tendon"]
    assert "femoral nerve" in groin["anatomy"] and "lateral" in groin["anatomy"]
    assert "mid-inguinal point" in groin["clinical_picture"]
    assert "pubic symphysis" in groin["clinical_picture"]
    assert "tingling" in groin["why_it_matters"]
    distal = atlas.trigger_points.set_index("trigger_point_id").loc["iliopsoas_distal"]
    assert "femoral nerve" in distal["how_to_find"] and "tingling" in distal["how_to_find"]


def test_the_vena_cava_on_the_right_psoas_has_no_pulse_to_warn_the_fingers(atlas):
    row = atlas.clinical_anatomy.set_index("topic_id").loc["aorta_beside_psoas"]
    assert "left of the midline" in row["anatomy"] and "left psoas" in row["anatomy"]
    assert "inferior vena cava" in row["anatomy"] and "right psoas" in row["anatomy"]
    for structure in ("ureter", "genitofemoral nerve", "external iliac artery"):
        assert structure in row["anatomy"], structure
    assert "no pulse" in row["clinical_picture"]
    assert "gray1918_vessels" in row["source_ids"]


def test_psoas_contraction_cue_is_resisted_hip_flexion_not_a_curl_up(atlas):
    point = atlas.trigger_points.set_index("trigger_point_id").loc["psoas_major_lumbar"]
    assert "hip flexion" in point["how_to_find"]
    assert "rectus abdominis" in point["how_to_find"]
    assert "juker1998" in point["source_ids"]
    notes = atlas.clinical_notes.set_index("fact_id")
    route = notes.loc["psoas_palpation_route"]
    assert route["evidence_level"] == "practitioner_claim" and "practitioners" in route["statement"]
    emg = notes.loc["psoas_palpation_cue_emg"]
    assert "10%" in emg["statement"] and list(emg["source_ids"]) == ["juker1998"]


def test_history_of_cancer_is_same_day_and_an_emergency_with_neurology(atlas):
    row = atlas.red_flags.set_index("red_flag_id").loc["history_of_cancer"]
    assert row["referral"] == "same_day"
    for trigger in ("mid-back", "worse", "straining", "tender", "night"):
        assert trigger in row["sign"], trigger
    for words in ("24 hours", "EMERGENCY", "weakness", "numbness", "bladder"):
        assert words in row["what_to_do"], words
    assert "nice_cg75" in row["source_ids"]


def test_cauda_equina_lists_both_legs_and_sexual_dysfunction(atlas):
    sign = atlas.red_flags.set_index("red_flag_id").loc["saddle_anaesthesia_bladder_bowel",
                                                        "sign"]
    for words in ("both legs", "sexual dysfunction", "saddle", "bladder"):
        assert words in sign, words


#: Safety facts a student must read in a visible column: (table, key column, key, column,
#: words). Each was once only in a teacher's note.
VISIBLE_SAFETY = [
    ("differentials", "condition_id", "inguinal_hernia", "distinguishing_features",
     "EMERGENCY"),
    ("differentials", "condition_id", "inguinal_hernia", "distinguishing_features",
     "strangulation"),
    ("differentials", "condition_id", "psoas_abscess", "distinguishing_features", "30%"),
    ("differentials", "condition_id", "psoas_abscess", "distinguishing_features", "no fever"),
    ("differentials", "condition_id", "appendicitis", "distinguishing_features",
     "does not rule appendicitis out"),
    ("clinical_anatomy", "topic_id", "psoas_sign", "why_it_matters",
     "does not rule appendicitis out"),
    ("differentials", "condition_id", "femoral_neuropathy", "distinguishing_features",
     "do not cause loss of a reflex or numbness"),
    ("differentials", "condition_id", "upper_lumbar_radiculopathy",
     "distinguishing_features", "EMERGENCY"),
    ("differentials", "condition_id", "abdominal_aortic_aneurysm",
     "distinguishing_features", "absolute contraindication"),
    ("differentials", "condition_id", "kidney_stone", "distinguishing_features",
     "fever or shivering it is an EMERGENCY"),
    ("contraindications", "condition_id", "abdominal_aortic_aneurysm", "reason",
     "fit the profile"),
]
#: Phrases that state a safety rule; a note (hidden from students) must never carry one.
SAFETY_PHRASES = ("is an emergency", "strangulation", "does not rule", "no fever",
                  "do not cause loss", "absolute contraindication to deep", "same-day or emergency")


@pytest.mark.parametrize("table, key, value, column, words", VISIBLE_SAFETY)
def test_safety_facts_are_in_columns_students_see(atlas, table, key, value, column, words):
    assert words in atlas.tables[table].set_index(key).loc[value, column]


def test_no_safety_rule_is_left_only_in_a_note(atlas):
    for name, table in clinical_tables(atlas).items():
        if "note" not in table.columns:
            continue
        for note in table["note"]:
            for phrase in SAFETY_PHRASES:
                assert phrase not in note.lower(), (name, phrase, note)


def test_needling_the_iliopsoas_on_anticoagulants_is_absolute(atlas):
    rows = atlas.contraindications.set_index(["condition_id", "severity"])
    absolute = rows.loc[("bleeding_risk", "absolute")]
    assert {"dry_needling", "acupuncture", "trigger_point_injection"} <= set(
        absolute["applies_to"])
    assert "psoas" in absolute["condition"] and "iliacus" in absolute["condition"]
    assert "cannot be compressed" in absolute["reason"]
    relative = rows.loc[("bleeding_risk", "relative")]
    assert "superficial" in relative["condition"]


def test_acp_recommendations_one_and_two_are_recommended_not_options(atlas):
    acp = atlas.guidelines[atlas.guidelines["guideline_id"] == "acp_2017"].set_index(
        "intervention")
    for intervention in ("superficial_heat", "massage_acupuncture_manipulation", "exercise",
                         "acupuncture"):
        assert acp.loc[intervention, "stance"] == "recommended", intervention


def test_case_series_and_case_reports_are_not_clinical_consensus(atlas):
    anatomy = atlas.clinical_anatomy.set_index("topic_id")
    assert anatomy.loc["lesser_trochanter_avulsion_adult", "evidence_level"] == \
        "limited_evidence"
    notes = atlas.clinical_notes.set_index("fact_id")
    assert notes.loc["red_flag_psoas_abscess", "evidence_level"] == "limited_evidence"


def test_consent_covers_chaperone_draping_and_asking_again(atlas):
    statement = atlas.clinical_notes.set_index("fact_id").loc["consent_and_emotion",
                                                              "statement"]
    for words in ("chaperone", "draped", "ask again", "groin", "stop"):
        assert words in statement, words


def test_hip_osteoarthritis_follows_nice_ng226(atlas):
    row = atlas.differentials.set_index("condition_id").loc["hip_osteoarthritis"]
    assert "no morning stiffness" in row["distinguishing_features"]
    assert "30 minutes" in row["distinguishing_features"]
    assert row["referral"] == "routine"
    assert "nice_ng226" in row["source_ids"]


def test_hip_replacement_precautions_name_both_approaches(atlas):
    reason = atlas.contraindications.set_index(["condition_id", "severity"]).loc[
        ("hip_replacement", "relative"), "reason"]
    assert "posterior approach" in reason and "anterior approach" in reason
    assert "extension" in reason and "ask" in reason


def test_supine_positions_are_flagged_in_pregnancy(atlas):
    reason = atlas.contraindications.set_index(["condition_id", "severity"]).loc[
        ("pregnancy", "caution"), "reason"]
    assert "first trimester" in reason and "on the back" in reason


def test_contraindications_are_completed_and_graded(atlas):
    table = atlas.contraindications
    for condition, severity in REQUIRED_CONTRAINDICATIONS.items():
        rows = table[(table["condition_id"] == condition) & (table["severity"] == severity)]
        assert len(rows) == 1, (condition, severity)
    herbs = table[table["applies_to"].map(lambda ids: "herbal_remedies" in ids)]
    assert not herbs.empty, "the seed recommends herbs: their interactions must be stated"


def test_deep_needling_risks_are_stated_with_evidence(atlas):
    notes = atlas.clinical_notes
    needling = notes[notes["subject"] == "deep_needling"]
    text = " ".join(needling["statement"]).lower()
    for risk in ("bowel", "kidney", "bleeding", "aorta"):
        assert risk in text, risk
    assert set(needling["evidence_level"]) <= {"anatomical_fact", "clinical_consensus",
                                                "limited_evidence"}


def test_guidelines_disagree_on_acupuncture_as_a_recorded_dispute(atlas):
    table = atlas.guidelines.set_index(["guideline_id", "intervention"])
    nice, acp = table.loc[("nice_ng59", "acupuncture")], table.loc[("acp_2017", "acupuncture")]
    assert nice["stance"] == "not_recommended"
    assert acp["stance"] in {"option", "recommended"}
    assert nice["dispute_id"] == acp["dispute_id"] != ""
    assert {"exercise"} <= {i for g, i in table.index if g == "nice_ng59"}
    assert {"exercise"} <= {i for g, i in table.index if g == "acp_2017"}


def test_every_tested_technique_says_what_it_was_tested_on(atlas):
    techniques = atlas.techniques
    rank_of = ranks(atlas)
    tested = set(techniques.loc[techniques["evidence_level"].map(rank_of)
                                <= rank_of["limited_evidence"], "technique_id"])
    base = atlas.evidence_base.set_index("technique_id")
    assert tested <= set(base.index), tested - set(base.index)
    caveats = techniques.set_index("technique_id")["caveat"]
    for technique in base.index[base["psoas_specific"] == "no"]:
        assert caveats[technique], f"{technique}: students must see what it was tested on"


def test_corrections_hidden_in_notes_are_visible_caveats(atlas):
    caveats = atlas.techniques.set_index("technique_id")["caveat"]
    for technique, words in VISIBLE_CAVEATS.items():
        assert words in caveats[technique], technique


def test_seed_claims_are_answered(atlas):
    verdicts = atlas.misconceptions.set_index("misconception_id")["verdict"].to_dict()
    assert {m: verdicts.get(m) for m in SEED_CLAIMS} == SEED_CLAIMS
    emotions = atlas.misconceptions.set_index("misconception_id").loc[
        "psoas_release_releases_emotions"]
    assert emotions["evidence_level"] == "belief_without_evidence"
    assert "consent" in emotions["correction"]


def test_anecdotes_come_from_seeds_and_are_answered_by_trials(atlas):
    seeds = seed_ids(atlas)
    for row in atlas.anecdotes.itertuples():
        assert set(row.claim_source_ids) <= seeds, row.anecdote_id
        assert row.source_ids and not set(row.source_ids) & seeds, row.anecdote_id
        assert row.evidence_level == "practitioner_claim", row.anecdote_id


# --- the rules, on broken copies -------------------------------------------------------------


def test_unknown_evidence_level_suggests_the_right_one(data_copy):
    path = data_copy / "techniques.csv"
    line = edit_cell(path, {"technique_id": "heat"}, "evidence_level", "limited_evidense")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'evidence_level': got 'limited_evidense'; expected an id from "
        "evidence_levels.csv column 'evidence_level' (did you mean 'limited_evidence' or "
        "'belief_without_evidence'?)"
    )


def test_zone_view_must_be_front_or_back(data_copy):
    path = data_copy / "referral_zones.csv"
    line = edit_cell(path, {"zone_id": "groin"}, "view", "side")
    assert f"{path}:{line} column 'view': got 'side'; expected one of 'front', 'back'" in (
        problems_of(data_copy))


def test_referral_pattern_needs_a_known_zone(data_copy):
    path = data_copy / "referral_patterns.csv"
    line = edit_cell(path, {"zone_id": "groin"}, "zone_id", "gorin")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'zone_id': got 'gorin'; expected an id from referral_zones.csv "
        "column 'zone_id' (did you mean 'groin'?)"
    )


def test_referral_pattern_needs_a_known_muscle_group(data_copy):
    path = data_copy / "referral_patterns.csv"
    line = edit_cell(path, {"zone_id": "groin"}, "muscle_group", "hip_flexors")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'muscle_group': got 'hip_flexors'; expected an id from "
        "muscles.csv column 'group'"
    )


def test_contraindication_severity_and_reason_are_required(data_copy):
    path = data_copy / "contraindications.csv"
    where = {"condition_id": "abdominal_aortic_aneurysm"}
    line = edit_cell(path, where, "severity", "maybe")
    edit_cell(path, where, "reason", "")
    assert problems_of(data_copy) == [
        f"{path}:{line} column 'reason': got an empty cell; expected a value: Why, in a sentence",
        f"{path}:{line} column 'severity': got 'maybe'; expected one of 'absolute', "
        "'relative', 'caution'",
    ]


def test_contraindication_must_name_known_techniques(data_copy):
    path = data_copy / "contraindications.csv"
    line = edit_cell(path, {"condition_id": "recent_abdominal_surgery"}, "applies_to",
                     "self_massage; deep_tissue_work")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'applies_to': got 'deep_tissue_work'; expected an id from "
        "techniques.csv column 'technique_id'"
    )


def test_one_row_per_condition_and_severity(data_copy):
    path = data_copy / "contraindications.csv"
    line = append_row(path, {"condition_id": "abdominal_aortic_aneurysm", "condition": "AAA",
                             "severity": "absolute", "applies_to": "massage",
                             "reason": "Repeated on purpose.",
                             "evidence_level": "practitioner_claim", "source_ids": "seed_002"})
    problem = only_problem(data_copy)
    assert problem.startswith(
        f"{path}:{line} column 'severity': got 'condition_id=abdominal_aortic_aneurysm, "
        "severity=absolute'; expected one row per fact, but line 2 has the same condition_id, "
        "severity"
    )


def test_misconception_verdict_is_a_choice(data_copy):
    path = data_copy / "misconceptions.csv"
    line = edit_cell(path, {"misconception_id": "psoas_from_t1"}, "verdict", "wrong")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'verdict': got 'wrong'; "
        "expected one of 'false', 'unsupported', 'imprecise'"
    )


def test_misconception_claim_source_must_exist(data_copy):
    path = data_copy / "misconceptions.csv"
    line = edit_cell(path, {"misconception_id": "psoas_from_t1"}, "claim_source_ids",
                     "some_blog")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'claim_source_ids': got 'some_blog'; expected an id from "
        "sources.csv column 'source_id'"
    )


def test_evidence_rank_must_be_a_number(data_copy):
    path = data_copy / "evidence_levels.csv"
    line = edit_cell(path, {"evidence_level": "limited_evidence"}, "rank", "third")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'rank': got 'third'; expected a number such as 1.5"
    )


def test_dosage_must_name_known_techniques(data_copy):
    path = data_copy / "dosages.csv"
    line = edit_cell(path, {"dose_id": "static_stretch_hold"}, "technique_ids",
                     "modified_thomas_strech")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'technique_ids': got 'modified_thomas_strech'; expected an id "
        "from techniques.csv column 'technique_id' (did you mean 'modified_thomas_stretch'?)"
    )


def test_trigger_point_muscles_must_exist(data_copy):
    path = data_copy / "trigger_points.csv"
    line = edit_cell(path, {"trigger_point_id": "iliacus_iliac_fossa"}, "muscle_ids", "iliacs")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'muscle_ids': got 'iliacs'; expected an id from muscles.csv "
        "column 'muscle_id' (did you mean 'iliacus'"
    )


def test_red_flag_referral_is_a_choice(data_copy):
    path = data_copy / "red_flags.csv"
    line = edit_cell(path, {"red_flag_id": "night_pain"}, "referral", "urgent")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'referral': got 'urgent'; expected one of 'emergency', "
        "'same_day', 'before_treatment', 'routine'"
    )


def test_differential_must_name_known_red_flags(data_copy):
    path = data_copy / "differentials.csv"
    line = edit_cell(path, {"condition_id": "appendicitis"}, "red_flag_ids",
                     "abdominal_pain_worse_with_movment")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'red_flag_ids': got 'abdominal_pain_worse_with_movment'; "
        "expected an id from red_flags.csv column 'red_flag_id'"
    )


def test_differential_pain_area_is_a_choice(data_copy):
    path = data_copy / "differentials.csv"
    line = edit_cell(path, {"condition_id": "kidney_stone"}, "pain_areas", "flank; belly")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'pain_areas': got 'belly'; expected one of 'low back', "
        "'groin', 'anterior thigh', 'abdomen', 'flank'"
    )


def test_guideline_stance_is_a_choice(data_copy):
    path = data_copy / "guidelines.csv"
    line = edit_cell(path, {"guideline_id": "nice_ng59", "intervention": "acupuncture"},
                     "stance", "against")
    assert only_problem(data_copy).startswith(
        f"{path}:{line} column 'stance': got 'against'; expected one of 'recommended'")
