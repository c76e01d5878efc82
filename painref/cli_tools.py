"""The procedure-day tools' commands, `painref anticoag` and `painref dose` (issue 15): their
arguments and handlers, apart from cli_commands.py's page and content commands. The work is
done by painref.tools, the same services the window uses; errors are PainRefErrors, which
cli_commands.py prints as one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from painref.errors import PainRefError

if TYPE_CHECKING:
    import argparse

    from painref.content.annotations import Annotation
    from painref.content.library import Library
    from painref.tools.anticoag import Planner
    from painref.tools.dose import DoseCalculator, Given


class Output(Protocol):
    """Where a command writes (cli_commands.py's standard output)."""

    def write(self, text: str, /) -> object: ...


DumpJson = Callable[[object, Any], None]
"""cli_commands._dump_json: JSON to the output, exact whatever its encoding."""


def add_commands(commands: Any) -> None:
    """The two commands' subparsers (commands: argparse's subparsers action)."""
    anticoag = commands.add_parser(
        "anticoag",
        help="when to stop and restart blood thinners around an interventional pain procedure",
        description="Look up the interventional spine and pain guideline's hold and restart "
        "intervals for each drug at the procedure's bleeding-risk class. Supports, and does "
        "not replace, the clinician's and the prescriber's judgment.",
    )
    anticoag.add_argument(
        "drugs", nargs="*", metavar="DRUG", help="generic or brand names, or regimen ids"
    )
    which = anticoag.add_mutually_exclusive_group()
    which.add_argument(
        "--procedure", metavar="ID", help="a PainRef page id or a procedure the guideline names"
    )
    which.add_argument(
        "--class",
        dest="risk_class",
        choices=("low", "intermediate", "high"),
        help="the procedure's bleeding-risk class",
    )
    anticoag.add_argument("--date", help="the planned procedure date, YYYY-MM-DD")
    anticoag.add_argument(
        "--patient-factors",
        action="store_true",
        help="one or more of the guideline's patient factors apply (older age, a bleeding "
        "tendency, other blood thinners, liver or advanced kidney disease): read one class up",
    )
    anticoag.add_argument("--list", action="store_true", help="list the drugs and regimens")
    anticoag.add_argument("--json", action="store_true", help="print JSON")

    dose = commands.add_parser(
        "dose",
        help="the maximum local anesthetic dose for a weight, with its formula",
        description="The most of a local anesthetic a patient may get, from the source each "
        "agent's row names. Supports, and does not replace, the clinician's judgment.",
    )
    dose.add_argument("agent", help="lidocaine, bupivacaine, ropivacaine, ...")
    dose.add_argument("--weight", type=float, required=True, metavar="KG", help="weight in kg")
    dose.add_argument(
        "--concentration",
        type=float,
        metavar="PCT",
        help="percent, to answer in mL (1%% = 10 mg/mL)",
    )
    dose.add_argument("--epinephrine", action="store_true", help="with epinephrine")
    dose.add_argument(
        "--given",
        action="append",
        default=[],
        metavar="AGENT:MG[:epi]",
        help="an amount of another local anesthetic already given (repeatable)",
    )
    dose.add_argument("--json", action="store_true", help="print JSON")


def anticoag(args: argparse.Namespace, out: Output, library: Library, dump_json: DumpJson) -> None:
    """`painref anticoag`: a plan, the drug list, or one line saying what is wrong."""
    from datetime import date

    from painref.render.pages import render_plan
    from painref.tools.anticoag import Planner, parse_date

    planner = Planner.from_library(library)
    if args.list:
        _list_drugs(planner, args.json, out, dump_json)
        return
    if not args.drugs:
        raise PainRefError("name one or more drugs (`painref anticoag --list` lists them)")
    drugs = [planner.find(name) for name in args.drugs]
    procedure = planner.find_procedure(args.procedure) if args.procedure else None
    if procedure is None and args.risk_class is None:
        raise PainRefError("give the procedure (--procedure ID) or its class (--class)")
    day = parse_date(args.date) if args.date else None
    today = date.today()
    plan = planner.plan(
        drugs,
        risk_class=args.risk_class,
        procedure=procedure,
        procedure_date=day,
        patient_factors=args.patient_factors,
        today=today,
    )
    if args.json:
        dump_json(plan.as_json(), out)
        return
    notes = _drug_notes(library, [d.id for d in drugs])
    out.write(render_plan(plan, library.meta, today, text=True, notes=notes).rstrip("\n") + "\n")


def _drug_notes(library: Library, drug_ids: list[str]) -> dict[str, tuple[Annotation, ...]]:
    """The local layer's protocols on these drugs, when one is installed and opens."""
    from painref.content.local_layer import open_in_force
    from painref.pages import PageService

    layer, problem = open_in_force()
    if problem:
        sys.stderr.write(f"painref: {problem}; they are left out\n")
    if layer is None:
        return {}
    try:
        return PageService(library, local=layer).drug_notes(drug_ids)
    finally:
        layer.close()


def _list_drugs(planner: Planner, as_json: bool, out: Output, dump_json: DumpJson) -> None:
    drugs = planner.drugs
    if as_json:
        dump_json(
            [{"id": d.id, "name": d.name, "regimen": d.regimen, "brands": d.brands} for d in drugs],
            out,
        )
        return
    width = max(len(d.id) for d in drugs)
    for d in drugs:
        regimen = f" ({d.regimen})" if d.regimen else ""
        brands = f" - {', '.join(d.brands)}" if d.brands else ""
        out.write(f"{d.id.ljust(width)}  {d.name}{regimen}{brands}\n")


def dose(args: argparse.Namespace, out: Output, library: Library, dump_json: DumpJson) -> None:
    """`painref dose`: the most that may be given now, with its formula and sources."""
    from painref.render.pages import render_dose
    from painref.tools.dose import DoseCalculator

    calc = DoseCalculator.from_library(library)
    agent = calc.find(args.agent)
    given = [_given(calc, text) for text in args.given]
    result = calc.calculate(
        agent,
        args.weight,
        concentration=args.concentration,
        epinephrine=args.epinephrine,
        given=given,
    )
    if args.json:
        dump_json(result.as_json(), out)
        return
    sources = library.sources(result.refs)
    out.write(render_dose(result, sources, library.meta, text=True).rstrip("\n") + "\n")


def _given(calc: DoseCalculator, text: str) -> Given:
    from painref.tools.dose import Given

    parts = text.split(":")
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2].strip().lower() != "epi"):
        raise PainRefError(
            f"--given {text!r}: write AGENT:MG or AGENT:MG:epi, for example lidocaine:100"
        )
    try:
        mg = float(parts[1])
    except ValueError:
        raise PainRefError(f"--given {text!r}: {parts[1]!r} is not an amount in mg") from None
    return Given(calc.find(parts[0]), mg, len(parts) == 3)
