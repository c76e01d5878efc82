"""Every seed fact of CONTENT.md section (a) (A0-A21, plus the contradictions of A22) is in
the built database, on the right page.

The checklist below was written from /work/shared/CONTENT.md and the two seed documents in
/work/shared/seeds/, not from data/topics: it says what must be there, and the content has to
meet it. A failing case names the page and the fact (with its CONTENT.md item) that is missing.

Term matching is case-insensitive and whitespace-normalised; hyphens, slashes and dashes count
as spaces, simple plurals match their singular ("x-rays" ~ "X-ray", "injuries" ~ "injury"),
and a few British spellings match the American ones. A term matches whole words unless it ends
in "*" (a word prefix: "regenerat*" matches "regenerate" and "regeneration"). A tuple of terms
means any one of them is enough (a number written as a word or a digit, a true synonym).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from painref.content.library import Library
from painref.content.model import TopicDetail

Term = str | tuple[str, ...]
Fact = tuple[str, list[Term]]

# -- the normaliser --------------------------------------------------------------------------

_SPELLING = [
    ("anaesth", "anesth"),
    ("haemat", "hemat"),
    ("fibre", "fiber"),
    ("oedema", "edema"),
    ("behaviour", "behavior"),
    ("tumour", "tumor"),
]
_ISE = re.compile(r"\b(special|personal|individual|minim|optim|organ|recogn|util|stabil)is")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    text = text.casefold().replace("\u2019", "'").replace("'s ", " ")
    for british, american in _SPELLING:
        text = text.replace(british, american)
    text = _ISE.sub(r"\1iz", text)
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text)]


def normalise(text: str) -> str:
    """Lower case, punctuation and hyphens to single spaces, plurals to singular."""
    return " " + " ".join(_words(text)) + " "


def contains(haystack: str, term: str) -> bool:
    """Whether the normalised haystack holds the term (whole words, or a prefix with '*')."""
    prefix = term.endswith("*")
    needle = " " + " ".join(_words(term.rstrip("*")))
    if not prefix:
        needle += " "
    return needle in haystack


def matches(haystack: str, term: Term) -> bool:
    alternatives = term if isinstance(term, tuple) else (term,)
    return any(contains(haystack, t) for t in alternatives)


def show(term: Term) -> str:
    return " | ".join(term) if isinstance(term, tuple) else term


# -- the checklist: key terms per page (CONTENT.md section (a)) -------------------------------

FIVE_MIN = ("five minutes", "5 minutes", "5 minute", "five minute")

PAGE_FACTS: dict[str, list[Fact]] = {
    "interventional-pain-management": [
        ("A0 chronic pain affects millions", ["chronic pain", "million*"]),
        (
            "A0 limits daily activities, reduces quality of life",
            ["daily activit*", "quality of life"],
        ),
        (
            "A0 used when conservative treatment (medication, physical therapy) fails",
            ["conservative", "medication", "physical therapy"],
        ),
        ("A0 minimally invasive, addresses the source of pain", ["minimally invasive", "source"]),
        (
            "A0 definition: specialized area of medicine identifying and treating pain",
            [("specialized", "specialty", "speciality", "specialist"), "procedure*"],
        ),
        (
            "A0 pain-blocking methods: nerve blocks, electrostimulation, implantable drug delivery",
            [
                "nerve block",
                ("electrostimulation", "electro stimulation"),
                "implantable drug delivery",
            ],
        ),
        (
            "A0 common procedures: ESI, nerve blocks, minimally invasive surgeries",
            ["epidural steroid injection", "minimally invasive surgery"],
        ),
        (
            "A0 tailored to condition and symptoms, personalized care",
            [("tailored", "personalized", "adapted", "individualized"), "symptom*"],
        ),
        (
            "A0 minimally invasive techniques are a cornerstone",
            [("cornerstone", "central", "core", "foundation")],
        ),
        (
            "A0 advantages over surgery: recovery, complications, post-procedure pain",
            ["recovery", "complication*", "surgery"],
        ),
        (
            "A0 long-term solutions beyond medication, comprehensive approach",
            ["long term", "comprehensive"],
        ),
        (
            "A0 surgical/implantable techniques for patients without relief from other treatments",
            [("implantable", "implanted"), "other treatment*"],
        ),
        (
            "A0 choice depends on condition, location, severity, patient factors",
            [
                ("location", "where the pain is"),
                ("severity", "severe"),
                ("patient factor*", "factors that concern the patient", "patient related factor*"),
            ],
        ),
        ("A0 start with less invasive options", ["less invasive"]),
        ("A0 techniques can be combined or repeated", ["combined", "repeated"]),
        ("A0 goal: reduce pain, improve function and quality of life", ["function"]),
        (
            "A0 advancements framed as non-invasive, natural healing, holistic (C6)",
            ["non invasive", "natural healing", "holistic"],
        ),
        (
            "A0 regenerative medicine uses natural healing (PRP, stem cells)",
            ["regenerative", "platelet rich plasma", "stem cell*"],
        ),
        (
            "A0 injection therapies deliver medication directly to the affected area",
            ["injection*", "directly"],
        ),
        (
            "A0 risks: informed decisions, weighing benefits against complications",
            [("informed", "decision*"), "benefit*"],
        ),
        (
            "A19 nonpharmacologic interventions: mind-body, acupuncture, nutritional supplements",
            [("nonpharmacologic", "non pharmacologic"), "nutritional supplement*"],
        ),
        (
            "A19 nonpharmacologic interventions: strong evidence over the past decade",
            ["strong evidence", "decade"],
        ),
    ],
    "epidural-steroid-injection": [
        (
            "A1 mechanism: targets inflammation around spinal nerves",
            ["inflammation", "spinal nerve*"],
        ),
        ("A1 needle into the epidural space", ["needle", "epidural space"]),
        (
            "A1 anti-inflammatory medication / corticosteroids",
            ["anti inflammatory", "corticosteroid*"],
        ),
        ("A1 indication: herniated discs", ["herniated disc"]),
        ("A1 indication: spinal stenosis", ["spinal stenosis"]),
        ("A1 indication: irritated spinal nerve roots", ["irritated", "nerve root*"]),
        (
            "A1 pain in neck, shoulders, arms, back, buttocks, legs",
            ["neck", "shoulder", "arm", "back", "buttock", "leg"],
        ),
        ("A1 commonly lumbar level, low back pain", ["lumbar", "low back pain"]),
        ("A1 imaging: X-ray guidance", ["x ray"]),
        ("A1 duration about five minutes", [FIVE_MIN]),
        ("A1 anesthesia: local or sedation", ["local", "sedation"]),
        ("A1 relief: weeks to months", ["week*", "month*"]),
        ("A1 potent anti-inflammatory and analgesic properties", ["analgesic"]),
        ("A1 common procedure of the field", ["common"]),
        ("A20 epidural hematoma", ["hematoma", "spinal cord"]),
        ("A20 infection at the injection site", ["infection"]),
        ("A20 post-procedure headache from spinal fluid leak", ["headache", "spinal fluid"]),
        (
            "A20 steroid adverse effects: hormonal imbalance, osteoporosis",
            ["hormonal", "osteoporosis"],
        ),
    ],
    "medial-branch-block": [
        (
            "A2 names: medial branch block and facet joint injection",
            ["medial branch block", "facet joint injection"],
        ),
        ("A2 purpose: diagnosing and treating", ["diagnos*", "treat*"]),
        ("A2 small joints of the spine: facet joints", ["facet joint", "small joint", "spine"]),
        ("A2 indication: arthritis of these joints", ["arthritis"]),
        ("A2 pain in head, neck, back and buttocks", ["head", "neck", "back", "buttock"]),
        (
            "A2 injects anesthetic and anti-inflammatory medication",
            ["anesthetic", "anti inflammatory"],
        ),
        ("A2 imaging: X-ray guidance", ["x ray"]),
        ("A2 duration about five minutes", [FIVE_MIN]),
        ("A2 anesthesia: local or sedation", ["local", "sedation"]),
        ("A2 relief: weeks to months", ["week*", "month*"]),
        ("A2 cross-link to RFA (effective for facet joint pain)", ["radiofrequency ablation"]),
    ],
    "major-joint-injection": [
        ("A3 indication: pain from various causes, osteoarthritis", ["osteoarthritis"]),
        ("A3 medication injected directly into the source of pain", ["directly", "source"]),
        ("A3 imaging: X-rays or ultrasounds", ["x ray", "ultrasound"]),
        ("A3 duration about two minutes", [("two minutes", "2 minutes", "2 minute")]),
        ("A3 significant pain relief", ["significant", "relief"]),
    ],
    "trigger-point-injection": [
        ("A4 treats muscle knots", ["muscle knot*"]),
        ("A4 localized pain and referred discomfort", [("localized", "local pain"), "referred"]),
        ("A4 tight muscle bands", ["tight*", "band*"]),
        ("A4 injected with local anesthetic", ["local anesthetic"]),
        ("A4 sometimes combined with corticosteroids", ["corticosteroid*", "sometimes"]),
    ],
    "nerve-block": [
        ("A5 interrupts pain signals from specific nerves", ["pain signal*", "specific nerve*"]),
        ("A5 temporarily or permanently", ["temporar*", "permanent*"]),
        ("A5 interferes with neural conduction", ["conduction"]),
        ("A5 local anesthetics", ["local anesthetic"]),
        ("A5 temporary blocks: diagnosis or short-term relief", ["diagnos*", "short term"]),
        (
            "A5 permanent blocks: chemicals or radiofrequency energy, longer-lasting",
            ["chemical*", "radiofrequency", "longer lasting"],
        ),
        ("A5 Table 1: injection to block pain signals", ["injection"]),
        (
            "A5 benefits: quick relief, minimal recovery time",
            [("quick", "fast", "rapid"), "recovery"],
        ),
        ("A5 invasiveness low; purpose pain blocking", ["low"]),
        ("A5 for patients whose pain disrupts daily activities", ["daily activit*"]),
        ("A20 allergic reactions to the local anesthetic", ["allergic"]),
        ("A20 toxic blood levels of anesthetic", ["toxic*", "blood"]),
        (
            "A20 injury to neural or non-neural structures",
            ["injury", ("non neural", "other than nerve*")],
        ),
        ("A20 anxiety-related reactions, panic attacks", ["anxiety", "panic"]),
    ],
    "radiofrequency-ablation": [
        ("A6 heat generated by radio waves", ["heat", "radio wave*"]),
        ("A6 targets nerves transmitting pain signals", ["pain signal*"]),
        ("A6 creates a controlled lesion on the nerve", ["controlled", "lesion"]),
        (
            "A6 thermal probe and radiofrequency generator",
            ["thermal", "probe", "radiofrequency generator"],
        ),
        ("A6 injures pain-conducting nerve fibers", ["nerve fiber*"]),
        ("A6 indication: facet joint pain", ["facet joint"]),
        ("A6 indication: chronic back and neck pain", ["chronic", "back", "neck"]),
        (
            "A6 indication: facet or discogenic origin, moderate success",
            ["discogenic", "moderate success"],
        ),
        ("A6 imaging: X-ray guidance", ["x ray"]),
        ("A6 duration approximately 20 minutes", [("20 minutes", "twenty minutes", "20 minute")]),
        ("A6 anesthesia: local or sedation", ["local", "sedation"]),
        ("A6 relief: months or years", ["month*", "year*"]),
        ("A6 longer-lasting relief than other interventional procedures", ["longer lasting"]),
        ("A6 radiofrequency nerve ablation name", ["radiofrequency nerve ablation*"]),
        ("A20 incomplete pain relief", ["incomplete"]),
        ("A20 nerve regeneration: return of pain", ["regenerat*", "return*"]),
        ("A20 procedure-related pain", ["procedure related"]),
        ("A20 risk of infection", ["infection"]),
    ],
    "cryoablation": [
        ("A7 extreme cold", ["extreme cold"]),
        ("A7 temporarily or permanently disables nerves", ["temporar*", "permanent*"]),
        ("A7 probe inserted near the target nerve", ["probe", "nerve"]),
        ("A7 nerve is frozen to interrupt pain signals", ["freez*", "pain signal*"]),
    ],
    "spinal-cord-stimulation": [
        ("A8 implanted device", ["implant*", "device"]),
        ("A8 electrical impulses to the spinal cord", ["electrical impulse*", "spinal cord"]),
        ("A8 interferes with pain signals before they reach the brain", ["pain signal*", "brain"]),
        ("A8 electrodes near the spinal cord", ["electrode*"]),
        ("A8 battery pack implanted under the skin", ["battery", "under the skin"]),
        (
            "A8 patient controls stimulation intensity with an external remote",
            ["intensity", "external remote"],
        ),
        ("A8 S1 names: electrostimulation / electro stimulation", ["electrostimulation"]),
        ("A8 purpose: nerve stimulation", ["nerve stimulation"]),
        ("A8 benefits: non-invasive, adjustable settings", ["non invasive", "adjustable"]),
        ("A8 invasiveness moderate", ["moderate"]),
        ("A8 a pain-blocking method", [("pain blocking", "block pain", "blocking pain")]),
    ],
    "intrathecal-drug-delivery": [
        (
            "A9 medication into the cerebrospinal fluid around the spinal cord",
            ["cerebrospinal fluid", "spinal cord"],
        ),
        ("A9 much lower doses than oral administration", ["lower dose*", "oral"]),
        ("A9 superior pain relief", [("superior", "better")]),
        ("A9 programmable pump implanted in the abdomen", ["programmable", "pump", "abdomen"]),
        ("A9 catheter into the intrathecal space", ["catheter", "intrathecal space"]),
        (
            "A9 implantable drug delivery systems: continuous medication",
            ["implantable drug delivery", "continuous*"],
        ),
        (
            "A9 opioids, local anesthetics or muscle relaxants",
            ["opioid*", "local anesthetic*", "muscle relaxant*"],
        ),
        ("A9 minimizing systemic exposure / reduced systemic side effects", ["systemic"]),
        (
            "A9 delivers medication directly to the pain site, targeted relief",
            ["pain site", "targeted"],
        ),
        ("A9 select patients", ["select*"]),
        ("A9 purpose drug delivery, invasiveness moderate", ["drug delivery", "moderate"]),
        ("A9 for patients whose pain disrupts daily activities", ["daily activit*"]),
    ],
    "platelet-rich-plasma": [
        ("A10 concentrates growth factors", ["growth factor*", "concentrat*"]),
        ("A10 from the patient's own blood", ["own blood"]),
        ("A10 injected into damaged tissues", ["damaged tissue*"]),
        (
            "A10 may promote healing in tendons, ligaments and joints",
            ["tendon*", "ligament*", "joint*", "heal*"],
        ),
        ("A10 soft tissue injuries", ["soft tissue"]),
        ("A10 platelets separated from the blood", ["platelet*", "separat*"]),
        ("A10 imaging: ultrasound guidance", ["ultrasound"]),
        (
            "A10 improved function and reduced pain in about six weeks",
            [("six weeks", "6 weeks", "6 week"), "function"],
        ),
        ("A0 regenerative medicine umbrella", ["regenerative"]),
    ],
    "stem-cell-therapy": [
        (
            "A11 harvested from bone marrow or adipose tissue",
            ["harvest*", "bone marrow", "adipose"],
        ),
        ("A11 injected into damaged areas", ["inject*", "damaged"]),
        (
            "A11 cells potentially differentiate into various tissue types",
            ["differentiat*", ("tissue type*", "types of tissue", "kinds of tissue")],
        ),
        ("A11 may help repair damaged structures", ["repair*"]),
        ("A11 repair and regenerate damaged tissue", ["regenerat*"]),
        ("A11 a cutting-edge approach", [("cutting edge", "new", "newer", "novel", "emerging")]),
        ("A11 arthritis: tissue regeneration and pain relief", ["arthritis"]),
        (
            "A11 spinal cord injuries: repair, improved function",
            ["spinal cord injury", "function*"],
        ),
        (
            "A11 chronic joint pain: reduced inflammation, enhanced mobility",
            ["chronic joint pain", "inflammation", "mobility"],
        ),
        ("A0 regenerative medicine umbrella", ["regenerative"]),
    ],
    "minimally-invasive-surgery": [
        ("A12 small incisions", ["small incision*"]),
        ("A12 faster recovery, lower risk of infection", ["faster recovery", "infection"]),
        ("A12 a common procedure of the field", ["common"]),
        (
            "A12 invasiveness table: surgery, purpose pain relief, High",
            ["surgery", "pain relief", "high"],
        ),
        (
            "A12 advantages: recovery time, complications, post-procedure pain",
            ["recovery time*", "complication*"],
        ),
    ],
    "cognitive-behavioral-therapy": [
        ("A13 a mind-body therapy", ["mind body"]),
        ("A13 reduces maladaptive thinking", ["maladaptive"]),
        ("A13 develops pain-related coping skills", ["coping skill*"]),
        ("A13 improves overall functioning", ["functioning"]),
        ("A13 decreases pain intensity in chronic pain", ["pain intensity", "chronic pain"]),
        ("A13 focus: perception of pain and coping strategies", ["perception", "coping strateg*"]),
        ("A13 proven effective", ["proven"]),
        ("A13 part of the multidisciplinary combination", ["multidisciplinary"]),
    ],
    "acupuncture": [
        (
            "A14 increases release of endorphins, chemicals that block pain",
            ["endorphin*", "block*"],
        ),
        (
            "A14 acu-points near nerves",
            [("acu point*", "acupuncture point*", "acupoint*"), "nerve*"],
        ),
        ("A14 dull ache or fullness in the muscle", ["dull ache", "fullness", "muscle"]),
        ("A14 message to the central nervous system", ["central nervous system"]),
        ("A14 blocks the pain signal from reaching the brain", ["brain"]),
        ("A14 hedged: is believed to (C7)", ["believed"]),
        ("A14 condition: headache", ["headache"]),
        ("A14 condition: low back pain", ["low back pain"]),
        ("A14 condition: menstrual cramps", ["menstrual cramp*"]),
        ("A14 condition: carpal tunnel syndrome", ["carpal tunnel syndrome"]),
        ("A14 condition: fibromyalgia", ["fibromyalgia"]),
        ("A14 condition: osteoarthritis", ["osteoarthritis"]),
        ("A14 condition: myofascial pain", ["myofascial pain"]),
        ("A14 part of the multidisciplinary combination", ["multidisciplinary"]),
    ],
    "chiropractic-care": [
        (
            "A15 common nonsurgical treatment for back pain",
            [("nonsurgical", "non surgical"), "back pain"],
        ),
        ("A15 improvements in some trials", ["trial*"]),
        ("A15 more research is needed", ["more research"]),
        ("A15 chronic back and neck pain", ["chronic", "neck pain"]),
        ("A15 may help headaches", ["headache"]),
        ("A15 may help certain arm and leg conditions", ["arm", "leg"]),
        ("A15 may help whiplash", ["whiplash"]),
        ("A15 part of the multidisciplinary combination", ["multidisciplinary"]),
    ],
    "physical-therapy": [
        ("A16 conservative treatment with medication", ["conservative", "medication"]),
        ("A16 strengthening muscles", ["strengthen*", "muscle*"]),
        ("A16 improving flexibility", ["flexibility"]),
        ("A16 enhancing mobility", ["mobility"]),
        ("A16 tailored exercise programs", ["exercise program*"]),
        ("A16 alleviate pain and prevent further injury", ["prevent*", "injury"]),
        ("A16 long-term relief", ["long term"]),
    ],
    "lifestyle-modification": [
        ("A17 regular physical activity", ["physical activity"]),
        ("A17 maintaining a healthy weight", ["healthy weight"]),
        ("A17 balanced diet", ["balanced diet"]),
        ("A17 reduce inflammation", ["inflammation"]),
        ("A17 improve overall physical health", ["physical health"]),
    ],
    "multidisciplinary-team": [
        ("A18 biopsychosocial model", ["biopsychosocial"]),
        ("A18 individualized multimodal treatment plans", ["individualized", "multimodal"]),
        ("A18 optimizes patient outcomes", ["outcome*"]),
        ("A18 prevents risks of opioid medications", ["opioid*"]),
        ("A18 team: physicians", ["physician*"]),
        ("A18 team: nurses", ["nurse*"]),
        ("A18 team: physical therapists", ["physical therapist*"]),
        ("A18 team: occupational therapists", ["occupational therapist*"]),
        ("A18 team: psychologists", ["psychologist*"]),
        ("A18 team: pharmacists", ["pharmacist*"]),
        ("A18 team: social workers", ["social worker*"]),
        ("A18 benefit: comprehensive care", ["comprehensive"]),
        (
            "A18 integrative: combines CBT, acupuncture and chiropractic care",
            [("cognitive behavioral therapy", "cbt"), "acupuncture", "chiropractic"],
        ),
        ("A18 integrative, holistic, multiple angles", ["integrative", "holistic"]),
    ],
}

# -- structured attributes (CONTENT.md section (a) and (d)) -----------------------------------

# (page, attribute key, terms every one of which must be in the attribute's values, or, where
# the evidence contradicts the seed, in the page's "what the source documents say" part)
ATTRIBUTE_FACTS: list[tuple[str, str, list[Term]]] = [
    ("epidural-steroid-injection", "imaging", ["x ray"]),
    ("medial-branch-block", "imaging", ["x ray"]),
    ("radiofrequency-ablation", "imaging", ["x ray"]),
    ("major-joint-injection", "imaging", ["x ray", "ultrasound"]),
    ("platelet-rich-plasma", "imaging", ["ultrasound"]),
    ("epidural-steroid-injection", "relief-duration", ["week*", "month*"]),
    ("medial-branch-block", "relief-duration", ["week*", "month*"]),
    ("radiofrequency-ablation", "relief-duration", ["month*", "year*"]),
    ("platelet-rich-plasma", "relief-onset", [("6", "six"), "week*"]),
    # Section (d) values that restate facts of section (a):
    ("nerve-block", "relief-onset", ["quick"]),
    ("nerve-block", "relief-duration", ["temporar*", "permanent*"]),
    ("nerve-block", "recovery", ["minimal"]),
    ("cryoablation", "relief-duration", ["temporar*", "permanent*"]),
    ("minimally-invasive-surgery", "recovery", ["faster"]),
    (
        "spinal-cord-stimulation",
        "components",
        ["electrode*", "battery", "under the skin", "external remote"],
    ),
    (
        "intrathecal-drug-delivery",
        "components",
        ["programmable", "pump", "abdomen", "catheter", "intrathecal space"],
    ),
]

# Seed values the evidence contradicts (content-review section 2): each stays findable in the
# page's seed claims, and no attribute value of the page repeats it as a fact.
# (page, attribute key, the seed's words, the words no value of that attribute may hold)
WRONG_SEED_VALUES: list[tuple[str, str, list[Term], list[str]]] = [
    # "Local or sedation" for procedures where deep sedation is discouraged (G-5, M-6, R-7).
    ("epidural-steroid-injection", "sedation", ["local", "sedation"], ["local or sedation"]),
    ("medial-branch-block", "sedation", ["local", "sedation"], ["local or sedation"]),
    ("radiofrequency-ablation", "sedation", ["local", "sedation"], ["local or sedation"]),
    # Electrostimulation is "non-invasive" (C1, S-1): implanted stimulators are not.
    ("spinal-cord-stimulation", "invasiveness", ["non invasive"], ["non-invasive"]),
    # Nerve blocks and cryoablation "permanently" interrupt pain (N-1, C-1).
    ("nerve-block", "relief-duration", ["temporar*", "permanent*"], ["or permanent"]),
    ("cryoablation", "relief-duration", ["temporar*", "permanent*"], ["or permanent"]),
    # A diagnostic medial branch block relieves for "weeks to months" (M-4).
    ("medial-branch-block", "relief-duration", ["week*", "month*"], []),
]

DURATIONS = {
    "epidural-steroid-injection": "5",
    "medial-branch-block": "5",
    "radiofrequency-ablation": "20",
    "major-joint-injection": "2",
}

INVASIVENESS = {
    "nerve-block": "Low",
    "spinal-cord-stimulation": "Moderate",
    "intrathecal-drug-delivery": "Moderate",
    "minimally-invasive-surgery": "High",
}

# -- risks (A20): (page, seed label, name terms, description terms) ---------------------------

RISKS: list[tuple[str, str, list[Term], list[Term]]] = [
    ("nerve-block", "Allergic Reactions", ["allergic"], ["anesthetic"]),
    ("nerve-block", "Toxic Blood Levels", ["toxic*"], ["blood*", "anesthetic", "toxic*"]),
    (
        "nerve-block",
        "Injury",
        ["injury"],
        [("neural", "nerve*"), ("non neural", "other than nerve*")],
    ),
    ("nerve-block", "Anxiety-Related Reactions", ["anxiety"], ["anxiety", "panic"]),
    (
        "epidural-steroid-injection",
        "Epidural Hematoma",
        ["epidural hematoma"],
        ["blood", "epidural space", "spinal cord"],
    ),
    (
        "epidural-steroid-injection",
        "Infection",
        ["infection"],
        [("injection site", "needle", "where the injection")],
    ),
    (
        "epidural-steroid-injection",
        "Post-Procedure Headache",
        ["headache"],
        ["spinal fluid", "leak*"],
    ),
    (
        "epidural-steroid-injection",
        "Steroid Adverse Effects",
        ["steroid"],
        ["hormonal", "osteoporosis"],
    ),
    (
        "radiofrequency-ablation",
        "Incomplete Pain Relief",
        ["incomplete"],
        [("not all", "not every", "some patient*"), ("relief", "reduction")],
    ),
    (
        "radiofrequency-ablation",
        "Nerve Regeneration",
        ["regenerat*"],
        [("regenerat*", "grow back", "regrow*"), ("return*", "come back", "comes back")],
    ),
    (
        "radiofrequency-ablation",
        "Procedure-Related Pain",
        ["procedure related"],
        ["temporar*", "procedure"],
    ),
    ("radiofrequency-ablation", "Risk of Infection", ["infection"], ["infection", "invasive"]),
]

# -- condition links (A21): topic -> condition ids of data/conditions.yaml -------------------

CONDITION_LINKS: list[tuple[str, str, str]] = [
    ("epidural-steroid-injection", "herniated-disc", "herniated disc"),
    ("epidural-steroid-injection", "spinal-stenosis", "spinal stenosis"),
    ("epidural-steroid-injection", "nerve-root-irritation", "irritated spinal nerve roots"),
    ("epidural-steroid-injection", "neck-pain", "neck/shoulder/arm pain of nerve roots"),
    ("epidural-steroid-injection", "low-back-pain", "low back pain (lumbar)"),
    ("acupuncture", "low-back-pain", "low back pain"),
    ("medial-branch-block", "facet-joint-pain", "facet joint pain / facet arthritis"),
    ("radiofrequency-ablation", "facet-joint-pain", "facet joint pain"),
    ("radiofrequency-ablation", "discogenic-pain", "discogenic pain"),
    ("radiofrequency-ablation", "low-back-pain", "chronic back pain"),
    ("radiofrequency-ablation", "neck-pain", "chronic neck pain"),
    ("chiropractic-care", "low-back-pain", "chronic back pain (evidence unconfirmed)"),
    ("chiropractic-care", "neck-pain", "chronic neck pain (evidence unconfirmed)"),
    ("major-joint-injection", "osteoarthritis", "osteoarthritis"),
    ("acupuncture", "osteoarthritis", "osteoarthritis"),
    ("stem-cell-therapy", "arthritis", "arthritis"),
    ("stem-cell-therapy", "chronic-joint-pain", "chronic joint pain"),
    ("stem-cell-therapy", "spinal-cord-injury", "spinal cord injuries"),
    ("platelet-rich-plasma", "soft-tissue-injury", "ligament and tendon injuries"),
    ("trigger-point-injection", "myofascial-pain", "muscle knots; referred pain"),
    ("acupuncture", "headache", "headaches"),
    ("chiropractic-care", "headache", "headaches"),
    ("acupuncture", "menstrual-cramps", "menstrual cramps"),
    ("acupuncture", "carpal-tunnel-syndrome", "carpal tunnel syndrome"),
    ("acupuncture", "fibromyalgia", "fibromyalgia"),
    ("acupuncture", "myofascial-pain", "myofascial pain"),
    ("chiropractic-care", "whiplash", "whiplash"),
]

# Condition pages: terms from A21 the condition page itself must carry (title/aliases/summary).
CONDITION_TERMS: dict[str, list[Term]] = {
    "herniated-disc": ["herniated disc"],
    "spinal-stenosis": ["spinal stenosis"],
    "nerve-root-irritation": ["nerve root*"],
    "low-back-pain": ["low back pain"],
    "neck-pain": ["neck pain"],
    "facet-joint-pain": ["facet joint pain", "facet arthritis"],
    "discogenic-pain": ["discogenic"],
    "osteoarthritis": ["osteoarthritis"],
    "arthritis": ["arthritis"],
    "chronic-joint-pain": ["chronic joint pain"],
    "spinal-cord-injury": ["spinal cord injury"],
    "soft-tissue-injury": ["ligament*", "tendon*", "soft tissue"],
    "myofascial-pain": ["muscle knot*", "referred"],
    "headache": ["headache"],
    "menstrual-cramps": ["menstrual cramp*"],
    "carpal-tunnel-syndrome": ["carpal tunnel syndrome"],
    "fibromyalgia": ["fibromyalgia"],
    "whiplash": ["whiplash"],
}

# -- contradictions (A22): (id, page, terms in the page's notes or text) ----------------------

CONTRADICTIONS: list[tuple[str, str, list[Term]]] = [
    (
        "C1 electrostimulation non-invasive vs Moderate",
        "spinal-cord-stimulation",
        ["non invasive", "moderate", "implant*"],
    ),
    (
        "C2 minimally invasive surgery vs surgery High",
        "minimally-invasive-surgery",
        [
            "high",
            ("small incision*", "minimally invasive surgery"),
            ("unclear", "not clear", "does not say", "not say", "ambiguous", "whether"),
        ],
    ),
    (
        "C3 implantable vs intrathecal drug delivery: one page",
        "intrathecal-drug-delivery",
        ["implantable drug delivery", "intrathecal", ("pain site", "targeted area*")],
    ),
    (
        "C6 non-invasive framing of advancements vs stem-cell harvest and injection",
        "stem-cell-therapy",
        ["non invasive", ("harvest*", "inject*")],
    ),
    (
        "C6 non-invasive framing of advancements (overview)",
        "interventional-pain-management",
        ["non invasive", ("harvest*", "inject*")],
    ),
    ("C7 acupuncture: decreases pain vs is believed to", "acupuncture", ["believed", "endorphin*"]),
    (
        "C8 RFA longer-lasting vs moderate success",
        "radiofrequency-ablation",
        ["moderate success", "longer lasting", ("incomplete", "regenerat*")],
    ),
    (
        "C10 stem-cell spinal cord injury claim hedged",
        "stem-cell-therapy",
        ["spinal cord injur*", ("potentially", "may", "hedge*", "unproven", "not proven")],
    ),
    (
        "C11 PRP 6 is weeks to benefit, not a procedure duration",
        "platelet-rich-plasma",
        ["week*", ("procedure duration", "minute*", "how long the procedure")],
    ),
]

# -- references (S1 reference list) and canonical names (section (b)) -------------------------

SEED_URLS = {
    "[1] novusspinecenter.com": "novusspinecenter.com",
    "[2] floridamedicalclinic.com": "floridamedicalclinic.com",
    "[3] nuvancehealth.org": "nuvancehealth.org",
    "[4] mountsinai.org": "mountsinai.org",
    "[5] webmd.com": "webmd.com",
    "[6] ncbi NBK574543": "ncbi.nlm.nih.gov/books/NBK574543",
    "[7] sciencedirect.com": "sciencedirect.com",
}

# The three S1 tables labelled "Source: Mount Sinai" (ESI, MBB, RFA).
# Each holds the seed's value: its minutes, "local or sedation", and the relief duration.
MOUNT_SINAI_TABLES: dict[str, dict[str, list[Term]]] = {
    "epidural-steroid-injection": {
        "time": [FIVE_MIN],
        "sedation": ["local", "sedation"],
        "relief-duration": ["week*", "month*"],
    },
    "medial-branch-block": {
        "time": [FIVE_MIN],
        "sedation": ["local", "sedation"],
        "relief-duration": ["week*", "month*"],
    },
    "radiofrequency-ablation": {
        "time": [("20 minutes", "twenty minutes")],
        "sedation": ["local", "sedation"],
        "relief-duration": ["month*", "year*"],
    },
}

CANONICAL_NAMES: dict[str, list[str]] = {
    "interventional-pain-management": ["Interventional pain management"],
    "epidural-steroid-injection": ["Epidural steroid injection"],
    "medial-branch-block": ["Medial branch block", "facet joint injection"],
    "major-joint-injection": ["Major joint injection"],
    "trigger-point-injection": ["Trigger point injection"],
    "nerve-block": ["Nerve block"],
    "radiofrequency-ablation": ["Radiofrequency ablation"],
    "cryoablation": ["Cryoablation"],
    "spinal-cord-stimulation": ["Spinal cord stimulation"],
    "intrathecal-drug-delivery": ["Intrathecal drug delivery"],
    "platelet-rich-plasma": ["Platelet-rich plasma"],
    "stem-cell-therapy": ["Stem cell therapy"],
    "minimally-invasive-surgery": ["Minimally invasive surgery"],
    "cognitive-behavioral-therapy": ["Cognitive behavioral therapy"],
    "acupuncture": ["Acupuncture"],
    "chiropractic-care": ["Chiropractic care"],
    "physical-therapy": ["Physical therapy"],
    "lifestyle-modification": ["Lifestyle modification"],
    "multidisciplinary-team": ["Multidisciplinary team"],
}

PAGES = list(CANONICAL_NAMES)
CONDITIONS = list(CONDITION_TERMS)


# -- helpers ----------------------------------------------------------------------------------


def _join(parts: Iterable[str | None]) -> str:
    return "\n".join(p for p in parts if p)


def full_text(page: TopicDetail) -> str:
    """Everything a page shows as text: names, summary, body and every structured item."""
    parts: list[str | None] = [
        page.title,
        *page.aliases,
        *page.summary.abbreviations,
        page.summary.summary_text,
        page.body_text,
    ]
    for attribute in page.attributes:
        for value in attribute.values:
            parts += [f"{value.value} {attribute.unit or ''}", value.note]
    parts.append(page.presentation_text)
    for items in (
        page.indications,
        page.contraindications_absolute,
        page.contraindications_relative,
        page.anatomy,
        page.technique,
        page.aftercare,
        page.benefits,
        page.source_notes,
    ):
        parts += [i.text for i in items]
    parts += [f"{m.agent} {m.role} {m.use or ''} {m.note or ''}" for m in page.medications]
    parts += [f"{r.name}: {r.description} {r.incidence or ''}" for r in page.complications]
    parts += [f"{e.body} {e.population} {e.statement}" for e in page.evidence]
    parts += [f"{c.title} {c.note or ''}" for c in page.conditions]
    parts.append(claims_text(page))
    return _join(parts)


def claims_text(page: TopicDetail) -> str:
    """The page's "what the source documents say" part: each seed claim and what is known."""
    return _join(f"{c.claim}\n{c.known}" for c in page.seed_claims)


def notes_text(page: TopicDetail) -> str:
    """Where a page states disagreements: seed claims, source notes, attribute notes, evidence
    and the body."""
    parts: list[str | None] = [claims_text(page)]
    parts += [n.text for n in page.source_notes]
    parts += [v.note for a in page.attributes for v in a.values]
    parts += [e.statement for e in page.evidence]
    parts.append(page.body_text)
    return _join(parts)


def missing(text: str, terms: Iterable[Term]) -> list[str]:
    haystack = normalise(text)
    return [show(t) for t in terms if not matches(haystack, t)]


def source_url(page: TopicDetail, number: int) -> str:
    for ref in page.references:
        if ref.number == number:
            return ref.url or ""
    raise AssertionError(f"{page.id}: cites reference number {number}, not in its list")


def _id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")


@pytest.fixture(scope="module")
def pages(real_library: Library) -> dict[str, TopicDetail]:
    return {p.id: real_library.topic(p.id) for p in real_library.all_pages()}


def _page(pages: dict[str, TopicDetail], page_id: str) -> TopicDetail:
    assert page_id in pages, f"page {page_id!r} is missing from the database"
    return pages[page_id]


# -- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_id", "fact", "terms"),
    [
        pytest.param(page, label, terms, id=f"{page}::{_id(label)}")
        for page, facts in PAGE_FACTS.items()
        for label, terms in facts
    ],
)
def test_seed_fact_on_page(
    pages: dict[str, TopicDetail], page_id: str, fact: str, terms: list[Term]
) -> None:
    page = _page(pages, page_id)
    absent = missing(full_text(page), terms)
    assert not absent, f"{page_id}: seed fact '{fact}' is missing (terms not found: {absent})"


@pytest.mark.parametrize(
    ("page_id", "key", "terms"),
    [pytest.param(page, key, terms, id=f"{page}::{key}") for page, key, terms in ATTRIBUTE_FACTS],
)
def test_attribute_values(
    pages: dict[str, TopicDetail], page_id: str, key: str, terms: list[Term]
) -> None:
    page = _page(pages, page_id)
    attribute = page.attribute(key)
    text = _join(v.value for v in attribute.values)
    if not missing(text, terms):
        return
    # Not (or no longer) the attribute's value: then the page states the seed's words
    # in its "what the source documents say" part.
    absent = missing(claims_text(page), terms)
    assert not absent, (
        f"{page_id}: seed value for {key} ({[show(t) for t in terms]}) is neither the "
        f"attribute's value ({text!r}) nor in the page's seed claims (lacks {absent})"
    )


@pytest.mark.parametrize(
    ("page_id", "key", "terms", "never"),
    [
        pytest.param(page, key, terms, never, id=f"{page}::{key}")
        for page, key, terms, never in WRONG_SEED_VALUES
    ],
)
def test_wrong_seed_values_are_claims_not_facts(
    pages: dict[str, TopicDetail], page_id: str, key: str, terms: list[Term], never: list[str]
) -> None:
    page = _page(pages, page_id)
    absent = missing(claims_text(page), terms)
    assert not absent, f"{page_id}: the seed's {key} wording is not in its seed claims ({absent})"
    attribute = page.attribute(key)
    values = normalise(_join(v.value for v in attribute.values))
    shown = [n for n in never if contains(values, n)]
    assert not shown, f"{page_id}: {key} still states the seed's {shown} as a value: {values!r}"
    assert not attribute.conflicting, f"{page_id}: {key} is flagged as a conflict of sources"


@pytest.mark.parametrize(
    ("page_id", "minutes"),
    [
        pytest.param(page, minutes, id=f"{page}::{minutes}-minutes")
        for page, minutes in DURATIONS.items()
    ],
)
def test_procedure_time_says_what_is_timed(
    pages: dict[str, TopicDetail], page_id: str, minutes: str
) -> None:
    """The seed's minutes stay, labelled as what they are (needle time), G-10."""
    attribute = _page(pages, page_id).attribute("time")
    seed = [v for v in attribute.values if re.search(rf"\b{minutes} minutes?\b", v.value)]
    assert seed, f"{page_id}: time {[v.value for v in attribute.values]} lacks {minutes} minutes"
    said = normalise(_join(f"{v.value} {v.note or ''}" for v in seed))
    assert matches(said, ("needle", "needle time")), f"{page_id}: {minutes} minutes is not labelled"


def test_prp_six_weeks_is_not_a_procedure_duration(pages: dict[str, TopicDetail]) -> None:
    """C11: the PRP "6" is weeks to benefit, never procedure minutes."""
    page = _page(pages, "platelet-rich-plasma")
    duration = page.attribute("time")
    assert not any(re.search(r"\b(6|six) weeks?\b", v.value, re.I) for v in duration.values), (
        f"PRP time holds the 6 weeks: {[v.value for v in duration.values]}"
    )


@pytest.mark.parametrize(
    ("page_id", "level"),
    [pytest.param(page, level, id=f"{page}::{level}") for page, level in INVASIVENESS.items()],
)
def test_invasiveness(pages: dict[str, TopicDetail], page_id: str, level: str) -> None:
    """The seed's invasiveness table: the value, or (where no source supports it for the
    page's subject) a seed claim that says so."""
    page = _page(pages, page_id)
    values = [v.value.strip().casefold() for v in page.attribute("invasiveness").values]
    if level.casefold() in values:
        return
    claims = [c for c in page.seed_claims if contains(normalise(c.claim), level)]
    assert claims, f"{page_id}: invasiveness {values} lacks {level}, and no seed claim has it"
    assert all(contains(normalise(c.claim), "invasive*") for c in claims), claims


@pytest.mark.parametrize(
    ("page_id", "label", "name_terms", "description_terms"),
    [
        pytest.param(page, label, name, description, id=f"{page}::{_id(label)}")
        for page, label, name, description in RISKS
    ],
)
def test_risk_row(
    pages: dict[str, TopicDetail],
    page_id: str,
    label: str,
    name_terms: list[Term],
    description_terms: list[Term],
) -> None:
    page = _page(pages, page_id)
    rows = [r for r in page.complications if not missing(r.name, name_terms)]
    names = [r.name for r in page.complications]
    assert rows, f"{page_id}: no complication row for '{label}' (complications: {names})"
    problems = {r.name: missing(r.description, description_terms) for r in rows}
    assert any(not p for p in problems.values()), (
        f"{page_id}: risk '{label}' description lacks {problems}"
    )
    assert all(r.refs for r in rows), f"{page_id}: risk '{label}' cites no source"


@pytest.mark.parametrize(
    ("topic_id", "condition_id"),
    [
        pytest.param(topic, condition, id=f"{topic}->{condition}")
        for topic, condition, _ in CONDITION_LINKS
    ],
)
def test_condition_link_both_ways(
    pages: dict[str, TopicDetail], topic_id: str, condition_id: str
) -> None:
    topic = _page(pages, topic_id)
    condition = _page(pages, condition_id)
    assert condition.summary.is_condition, f"{condition_id} is not a condition page"
    assert condition_id in [c.id for c in topic.conditions], (
        f"{topic_id}: conditions {[c.id for c in topic.conditions]} lack {condition_id}"
    )
    assert topic_id in [r.topic.id for r in condition.ladder], (
        f"{condition_id}: ladder {[r.topic.id for r in condition.ladder]} lacks {topic_id}"
    )
    assert topic_id in [c.id for c in condition.conditions], (
        f"{condition_id}: topic links lack {topic_id}"
    )


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_condition_page_names_its_condition(
    pages: dict[str, TopicDetail], condition_id: str
) -> None:
    page = _page(pages, condition_id)
    absent = missing(full_text(page), CONDITION_TERMS[condition_id])
    assert not absent, f"{condition_id}: condition page lacks {absent}"


def test_mbb_and_rfa_cross_linked(pages: dict[str, TopicDetail]) -> None:
    """A2: RFA is 'particularly effective for facet joint pain'; cross-link the two pages."""
    mbb = _page(pages, "medial-branch-block")
    rfa = _page(pages, "radiofrequency-ablation")
    assert "radiofrequency-ablation" in [t.id for t in mbb.related]
    assert "medial-branch-block" in [t.id for t in rfa.related]


@pytest.mark.parametrize("page_id", PAGES + CONDITIONS)
def test_page_has_references_and_review_date(pages: dict[str, TopicDetail], page_id: str) -> None:
    page = _page(pages, page_id)
    assert page.references, f"{page_id}: no references"
    untitled = [r.number for r in page.references if not r.title.strip()]
    assert not untitled, f"{page_id}: references without a title: {untitled}"
    assert [r.number for r in page.references] == list(range(1, len(page.references) + 1))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.reviewed or ""), (
        f"{page_id}: last-reviewed date is {page.reviewed!r}"
    )


@pytest.mark.parametrize("label", list(SEED_URLS))
def test_seed_reference_cited_somewhere(pages: dict[str, TopicDetail], label: str) -> None:
    url = SEED_URLS[label].casefold()
    holders = [
        p.id for p in pages.values() if any(url in (r.url or "").casefold() for r in p.references)
    ]
    assert holders, f"seed reference {label} ({url}) is on no page"


@pytest.mark.parametrize(
    ("page_id", "key", "terms"),
    [
        pytest.param(page, key, terms, id=f"{page}::{key}")
        for page, keys in MOUNT_SINAI_TABLES.items()
        for key, terms in keys.items()
    ],
)
def test_mount_sinai_tables_cite_mount_sinai(
    pages: dict[str, TopicDetail], page_id: str, key: str, terms: list[Term]
) -> None:
    """The seed's table values keep their attribution, as a value or as a seed claim."""
    page = _page(pages, page_id)
    # "Local or sedation" is wrong for these procedures (G-5): it is a seed claim only.
    values = [] if key == "sedation" else page.attribute(key).values
    holders: list[tuple[str, tuple[int, ...]]] = [(v.value, v.refs) for v in values]
    holders += [(c.claim, c.refs) for c in page.seed_claims]
    carrying = [(text, refs) for text, refs in holders if not missing(text, terms)]
    assert carrying, f"{page_id}: the seed's {key} ({[show(t) for t in terms]}) is not on the page"
    for text, refs in carrying:
        urls = [source_url(page, n) for n in refs]
        assert any("mountsinai.org" in u for u in urls), (
            f"{page_id}: {key} seed value {text[:60]!r} cites {urls}, not Mount Sinai"
        )


@pytest.mark.parametrize(
    ("label", "page_id", "terms"),
    [
        pytest.param(label, page, terms, id=f"{page}::{label.split()[0]}")
        for label, page, terms in CONTRADICTIONS
    ],
)
def test_contradiction_stated(
    pages: dict[str, TopicDetail], label: str, page_id: str, terms: list[Term]
) -> None:
    page = _page(pages, page_id)
    absent = missing(notes_text(page), terms)
    assert not absent, f"{page_id}: contradiction {label} not stated (lacks {absent})"


@pytest.mark.parametrize("page_id", PAGES)
def test_canonical_name_is_the_title(pages: dict[str, TopicDetail], page_id: str) -> None:
    page = _page(pages, page_id)
    assert page.summary.kind != "condition"
    title = normalise(page.title)
    absent = [n for n in CANONICAL_NAMES[page_id] if not contains(title, n)]
    assert not absent, f"{page_id}: title {page.title!r} does not contain {absent}"


def test_normaliser() -> None:
    text = normalise("Under X-rays, the injuries re-generate; anaesthetic  used.")
    assert contains(text, "x ray")
    assert contains(text, "X-Ray")
    assert contains(text, "injury")
    assert contains(text, "anesthetic")
    assert not contains(text, "inj")  # whole words unless a prefix is asked for
    assert contains(text, "inj*")
    assert contains(normalise("a specialised, personalised plan"), "specialized")
    assert contains(normalise("nerve regeneration"), "regenerat*")
    assert not contains(normalise("armed"), "arm")
