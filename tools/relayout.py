"""Re-lay the three layers out as folders by pathway step (issue 18): one run, one commit per layer.

Run from the repo root on a clean tree (nothing modified, nothing untracked):

    python tools/relayout.py --dry-run   # print the plan (old -> new for every module); change nothing
    python tools/relayout.py             # move, rewrite every reference, format, check imports, commit
    python tools/relayout.py --no-commit # the same, but leave the result staged (one pass per layer still)

What it does, per layer (core `mdt_tui/`, then `store/`, then `screens/`), in one commit each:
1. maps every top-level module of the layer to its new home: the explicit table below, else a prefix rule
   (`cga_*` -> `cga/`), else it stays where it is and is printed as unmapped;
2. `git mv`s each file and writes an `__init__.py` (a docstring) for every new step folder;
3. rewrites every reference in the repo's tracked .py/.md/.toml files and `.ci/run` (not CHANGELOG.md, not
   snapshots or fixtures): dotted names (`mdt_tui.cga_problems` -> `mdt_tui.cga.problems`, in imports,
   monkeypatch targets, strings and prose), `from mdt_tui import cga` forms (-> `from mdt_tui.cga import
   bundle as cga`) and repo paths (`store/cga_writes.py` -> `store/cga/writes.py`);
4. lists every package in pyproject's `[tool.setuptools] packages`;
5. runs `ruff check --fix --select I` and `ruff format` on the files it changed;
6. imports every module of the new tree in a fresh interpreter; then commits.
A last commit regenerates ARCHITECTURE.md's "Pathway step -> where it lives" table from the new tree.

The two files whose function sources are digested (tests/test_migrations_frozen.py) stay where they are,
and in them only top-level import lines are rewritten. Anything unexpected stops the run and puts the tree
back exactly as it was (the run starts only from a clean tree, so nothing of anyone else's is lost).
Running it a second time is refused: it sees the step folders already there.
"""

from __future__ import annotations

import argparse
import ast
import keyword
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path.cwd()

# layer folder -> its dotted package once installed
LAYERS: dict[str, str] = {"mdt_tui": "mdt_tui", "store": "mdt_tui.store", "screens": "mdt_tui.screens"}

# Digested by tests/test_migrations_frozen.py: never moved, only top-level import lines rewritten, never formatted.
FROZEN = {"store/migrations.py", "store/household_adoption.py"}

# Modules that stay at the top of their layer: the small shared core of each.
STAY: dict[str, set[str]] = {
    "mdt_tui": {
        "__init__",
        "__main__",
        "cli",
        "commands",
        "models",
        "codes",
        "errors",
        "safe_text",
        "safe_files",
        "settings",
        "privacy",
        "pathway",
        "roles",
        "locations",
        "nhs_number",
        "documents",
        "crash_report",
        "corrections",
        "export_folder",
        "finder",
        "pipeline",
        "demo",
        "team_policy",  # what the whole team agrees: shared by every step
        "policy_commands",  # `mdt policy`, beside the CLI
        "saved_views",  # any list's saved `/` filters
        "pathway_steps",  # the step registry, beside the pathway
        "gc_pause",
    },
    "store": {
        "__init__",
        "store",
        "connection",
        "db_errors",
        "audit",
        "migrations",
        "household_adoption",
        "integrity",
        "health",
        "restore",
        "queries",
        "pathway_writes",
        "team_policy",
        "saved_views",
        "versions",  # optimistic concurrency for every record edited as a whole
        "base",  # _StoreBase: what every mixin may use, for the type checker
    },
    "screens": {"__init__", "app", "home", "first_run", "team_policy"},
}

# The explicit table: layer -> old module name -> "folder/new_name".
MOVES: dict[str, dict[str, str]] = {
    "mdt_tui": {
        "cohort_filter": "cohort/filter",
        "consent": "consent/records",
        "cga": "cga/bundle",
        "cga_checklists": "cga/checklists",
        "cga_coding": "cga/coding",
        "cga_problems": "cga/problems",
        "cga_questions": "cga/questions",
        "cga_sections": "cga/sections",
        "self_harm": "cga/self_harm",
        "medicines_review": "cga/medicines_review",
        "households": "households/records",
        "plans": "plan/records",
        "plan_diff": "plan/diff",
        "plan_document": "plan/document",
        "plan_gate": "plan/gate",
        "meetings": "meeting/agenda",
        "meeting_models": "meeting/models",
        "minutes": "meeting/minutes",
        "case_summary": "meeting/case_summary",
        "leases": "meeting/lease",
        "review_dates": "reviews/dates",
        "dashboard": "impact/dashboard",
        "dashboard_report": "impact/dashboard_report",
        "evaluation": "impact/evaluation",
        "evaluation_report": "impact/evaluation_report",
        "maturity": "impact/maturity",
        "activity": "impact/activity",
        "activity_import": "impact/activity_import",
        "activity_timeline": "impact/activity_timeline",
        "service_use": "impact/service_use",
        "report_commands": "impact/report_commands",
        "signoff": "exports/signoff",
        "deliveries": "exports/deliveries",
        "delivery_commands": "exports/delivery_commands",
        "fhir_export": "exports/fhir_bundle",
        "fhir_checks": "exports/fhir_checks",
        "exports": "exports/csv_files",
        "code_checklist": "exports/checklist",
        "packs": "exports/packs",
    },
    "store": {
        "cohort_import": "cohort/importing",
        "cohort_queries": "cohort/queries",
        "practices": "cohort/practices",
        "consent_writes": "consent/writes",
        "cga_writes": "cga/writes",
        "cga_extras": "cga/extras",
        "self_harm": "cga/self_harm",
        "medicines_review": "cga/medicines_review",
        "households": "households/writes",
        "household_agenda": "households/agenda",
        "plans": "plan/writes",
        "problems": "plan/problems",
        "actions": "plan/actions",
        "meeting_writes": "meeting/writes",
        "meeting_reads": "meeting/reads",
        "team": "meeting/team",
        "roster_writes": "meeting/roster",
        "leases": "meeting/lease",
        "reviews": "reviews/writes",
        "experience": "reviews/experience",
        "dashboard": "impact/dashboard",
        "activity": "impact/activity",
        "maturity": "impact/maturity",
        "code_exports": "exports/codes_to_send",
        "signoff": "exports/signoff",
        "deliveries": "exports/deliveries",
        "demo_households": "demo/households",
        "demo_loader": "demo/loader",
        "demo_meetings": "demo/meetings",
        "demo_plans": "demo/plans",
    },
    "screens": {
        "base": "kit/base",
        "footer": "kit/footer",
        "forms": "kit/forms",
        "confirm": "kit/confirm",
        "list_filter": "kit/list_filter",
        "saving": "kit/saving",
        "focus_rules": "kit/focus_rules",
        "navigation": "kit/navigation",
        "help": "kit/help",
        "undo": "kit/undo",
        "plain_text": "kit/plain_text",
        "step_bar": "kit/step_bar",
        "coming": "kit/coming",
        "masked_text": "kit/masked_text",
        "privacy_banner": "kit/privacy_banner",
        "saved_views": "kit/saved_views",
        "keys": "kit/keys",
        "step_due": "kit/step_due",
        "people": "people/listing",
        "person": "people/person",
        "person_details": "people/details",
        "finder": "people/finder",
        "import_cohort": "cohort/importing",
        "cohort_review": "cohort/review",
        "cohort_table": "cohort/table",
        "practices": "cohort/practices",
        "consent": "consent/contact",
        "dialogs": "consent/dialogs",
        "cga": "cga/assessment",
        "cga_complete": "cga/complete",
        "cga_forms": "cga/forms",
        "cga_lists": "cga/lists",
        "cga_medicines": "cga/medicines",
        "cga_save": "cga/save",
        "cga_summary": "cga/summary",
        "self_harm": "cga/self_harm",
        "plan": "plan/care_plan",
        "plan_changes": "plan/changes",
        "plan_dialogs": "plan/dialogs",
        "actions_list": "plan/actions",
        "meeting": "meeting/in_progress",
        "meeting_agenda": "meeting/agenda",
        "meeting_dialogs": "meeting/dialogs",
        "meeting_text": "meeting/text",
        "roster": "meeting/roster",
        "reviews": "reviews/due",
        "person_reviews": "reviews/person",
        "household": "households/household",
        "household_dialogs": "households/dialogs",
        "household_keys": "households/keys",
        "carers": "households/carers",
        "dashboard": "impact/dashboard",
        "maturity": "impact/maturity",
        "theograph": "impact/theograph",
        "codes_to_send": "exports/codes_to_send",
    },
}

# For modules the table does not name (say, one added later today): (prefix, folder, strip the prefix?).
# The longest matching prefix wins; a stripped name that would collide keeps its full name.
_STEP_PREFIXES = [
    ("cga_", "cga", True),
    ("cohort_", "cohort", True),
    ("consent_", "consent", True),
    ("plan_", "plan", True),
    ("plans_", "plan", True),
    ("meeting_", "meeting", True),
    ("meetings_", "meeting", True),
    ("agenda_", "meeting", False),
    ("minutes_", "meeting", False),
    ("lease_", "meeting", False),
    ("household_", "households", True),
    ("households_", "households", True),
    ("carer_", "households", False),
    ("carers_", "households", False),
    ("review_", "reviews", True),
    ("reviews_", "reviews", True),
    ("self_harm_", "cga", False),
    ("medicines_", "cga", False),
    ("impact_", "impact", True),
    ("dashboard_", "impact", False),
    ("evaluation_", "impact", False),
    ("activity_", "impact", False),
    ("maturity_", "impact", False),
    ("theograph_", "impact", False),
    ("service_use_", "impact", False),
    ("fhir_", "exports", False),
    ("delivery_", "exports", False),
    ("deliveries_", "exports", False),
    ("signoff_", "exports", False),
    ("export_", "exports", False),
    ("exports_", "exports", False),
    ("code_export", "exports", False),
    ("codes_to_send_", "exports", False),
    ("pack_", "exports", False),
    ("packs_", "exports", False),
]
PREFIXES: dict[str, list[tuple[str, str, bool]]] = {
    "mdt_tui": _STEP_PREFIXES,
    "store": [*_STEP_PREFIXES, ("demo_", "demo", True), ("actions_", "plan", False), ("problems_", "plan", False)],
    "screens": [
        *_STEP_PREFIXES,
        ("person_", "people", True),
        ("people_", "people", True),
        ("actions_", "plan", False),
        ("roster_", "meeting", False),
        ("practices_", "cohort", False),
        ("import_", "cohort", False),
    ],
}

# One docstring per new package.
STEP_DOC = {
    "cohort": "Step 0, the cohort: importing the search, the desktop review table, practices.",
    "consent": "Step 1, consent and first contact.",
    "households": "Step 2, households and carers: who a person lives with, who cares for them and whom they care for.",
    "cga": "Step 3, the Comprehensive Geriatric Assessment: its bundle, forms, coding, suggested problems, "
    "the same-day self-harm action and the pharmacist's medicines review.",
    "plan": "Step 4, problems and the Care and Support Plan: the plan, its versions, the completion gate, actions.",
    "meeting": "Step 4, the MDT meeting: agenda, attendance and quorum, the meeting in progress, minutes, the roster.",
    "reviews": "Step 4, review and improve: review dates, triggered reviews, step down, GSF, the person's experience.",
    "impact": "Impact: the INT dashboard, the maturity self-assessment, imported service use and the evaluation.",
    "exports": "Codes to the GP record: sign-off, deliveries to practices, packs, CSV and FHIR exports.",
    "demo": "The synthetic demo neighbourhood, written through the store's own methods.",
    "kit": "The shared kit every screen is built from: the frame, footer, forms, dialogs, the serial writer, help.",
    "people": "Finding and showing people: lists of people, one person's page and details, the finder.",
}
LAYER_DOC = {
    "mdt_tui": "(core: no Textual, no SQL)",
    "store": "(store: the only code touching the database)",
    "screens": "(screens: Textual, no SQL)",
}

# Files whose text is rewritten: tracked files with these suffixes, or these names.
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".yml", ".yaml"}
TEXT_NAMES = {".ci/run"}
NOT_REWRITTEN_PREFIXES = ("tests/__snapshots__/", "tests/fixtures/releases/", "build/")
# CHANGELOG.md is history: it says what the paths were when it was written. This script names the old layout.
NOT_REWRITTEN = {"CHANGELOG.md", "tools/relayout.py", "tests/test_relayout.py"}

ARCH_HEADING = "## Pathway step → where it lives"

# Order and names of the rows in ARCHITECTURE.md's generated step table.
ARCH_ROWS = [
    ("0 Cohort: import, desktop review", "cohort"),
    ("1 Consent and first contact", "consent"),
    ("2 Households and carers", "households"),
    ("3 CGA", "cga"),
    ("4 Problems and plan", "plan"),
    ("4 MDT meeting", "meeting"),
    ("4 Review, step down, GSF", "reviews"),
    ("Codes to the GP record", "exports"),
    ("Impact and evaluation", "impact"),
    ("Finding and showing people", "people"),
    ("The synthetic demo", "demo"),
]


class Refused(Exception):
    """The run cannot go ahead, or went wrong: the message says why."""


def git(*args: str, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise Refused(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


@dataclass
class LayerPlan:
    layer: str
    moves: dict[str, str] = field(default_factory=dict)  # old stem -> "folder/new_stem"
    unmapped: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # new folders to create (with __init__.py)

    def dotted(self) -> dict[str, str]:
        pkg = LAYERS[self.layer]
        return {f"{pkg}.{old}": f"{pkg}.{new.replace('/', '.')}" for old, new in self.moves.items()}

    def paths(self) -> dict[str, str]:
        return {f"{self.layer}/{old}.py": f"{self.layer}/{new}.py" for old, new in self.moves.items()}


def top_modules(layer: str) -> list[str]:
    files = git("ls-files", "--", f"{layer}/*.py").split()
    return sorted(Path(f).stem for f in files if f.count("/") == 1)


def existing_packages(layer: str) -> set[str]:
    return {Path(f).parent.name for f in git("ls-files", "--", f"{layer}/*/__init__.py").split() if f.count("/") == 2}


def target_for(layer: str, stem: str) -> str | None:
    """Where a top-level module of a layer goes ("folder/name"): the table, else the longest prefix rule."""
    if stem in MOVES[layer]:
        return MOVES[layer][stem]
    rule = max((r for r in PREFIXES[layer] if stem.startswith(r[0])), key=lambda r: len(r[0]), default=None)
    if rule is None:
        return None
    prefix, folder, strip = rule
    short = stem[len(prefix) :]
    usable = strip and short.isidentifier() and not keyword.iskeyword(short) and short != "__init__"
    return f"{folder}/{short if usable else stem}"


def plan_layer(layer: str) -> LayerPlan:
    plan = LayerPlan(layer)
    modules = top_modules(layer)
    packages = existing_packages(layer)
    table = MOVES[layer]
    for stem in modules:
        if stem in STAY[layer] or f"{layer}/{stem}.py" in FROZEN:
            continue
        target = target_for(layer, stem)
        if target is None:
            plan.unmapped.append(stem)
        else:
            plan.moves[stem] = target
    # collisions: two modules to one place; a stripped name taken -> keep the full name
    seen: dict[str, str] = {
        f"{pkg}/{f.stem}": f"{pkg}/{f.stem}" for pkg in packages for f in (ROOT / layer / pkg).glob("*.py")
    }
    for stem in sorted(plan.moves, key=lambda s: (s not in table, s)):
        target = plan.moves[stem]
        if target in seen and stem not in table:
            target = f"{target.split('/')[0]}/{stem}"
            plan.moves[stem] = target
        if target in seen:
            raise Refused(f"{layer}/{seen[target]}.py and {layer}/{stem}.py would both become {layer}/{target}.py")
        seen[target] = stem
    plan.folders = sorted({t.split("/")[0] for t in plan.moves.values()} - packages)
    staying = set(modules) - set(plan.moves)
    for folder in sorted({t.split("/")[0] for t in plan.moves.values()}):
        if folder in staying:
            raise Refused(f"{layer}/{folder}.py stays but {layer}/{folder}/ would be a package beside it")
        if (ROOT / layer / folder).exists() and folder not in packages:
            extra = [p for p in (ROOT / layer / folder).rglob("*") if "__pycache__" not in p.parts]
            if extra:
                raise Refused(f"{layer}/{folder}/ exists without an __init__.py; move it aside first")
    for target in plan.moves.values():
        if (ROOT / layer / f"{target}.py").exists():
            raise Refused(f"{layer}/{target}.py already exists")
    return plan


def check_can_run() -> None:
    if not (ROOT / "pyproject.toml").is_file() or 'name = "mdt-tui"' not in (ROOT / "pyproject.toml").read_text():
        raise Refused("run this from the root of the mdt-tui repository")
    done = git("ls-files", "--", "screens/kit/__init__.py", "mdt_tui/cga/__init__.py", "store/cga/__init__.py")
    if done.strip():
        raise Refused(f"the re-layout has already been done here ({done.split()[0]} exists); nothing to do")
    status = git("status", "--porcelain")
    if status.strip():
        raise Refused("the working tree is not clean (commit or set aside these first):\n" + status)
    for layer in LAYERS:
        for path in git("ls-files", "--", f"{layer}/*.py").split():
            if path.count("/") == 1 and path not in FROZEN:
                tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
                if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(tree)):
                    raise Refused(f"{path} uses a relative import; make it absolute first")


# ---------------------------------------------------------------- rewriting references


DOTTED = re.compile(r"(?<![\w.])mdt_tui(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
PATH = re.compile(r"(?<![\w/.\-])(mdt_tui|store|screens)/([A-Za-z_][A-Za-z0-9_]*)\.py\b")


def rewrite_dotted(text: str, dotted: dict[str, str]) -> str:
    """One pass: each dotted chain is rewritten by its longest prefix that names a moved module."""

    def one(match: re.Match[str]) -> str:
        chain = match.group(0)
        parts = chain.split(".")
        for n in range(len(parts), 1, -1):
            head = ".".join(parts[:n])
            if head in dotted:
                return ".".join([dotted[head], *parts[n:]])
        return chain

    return DOTTED.sub(one, text)


def rewrite_paths(text: str, paths: dict[str, str]) -> str:
    return PATH.sub(lambda m: paths.get(m.group(0), m.group(0)), text)


def rewrite_from_imports(text: str, dotted: dict[str, str], where: str) -> str:
    """`from mdt_tui.store import plans, team` -> one `from mdt_tui.store.plan import writes as plans` each."""
    if "import" not in text:
        return text
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise Refused(f"{where} does not parse: {exc}") from exc
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in LAYERS.values()):
            continue
        moved = [a for a in node.names if f"{node.module}.{a.name}" in dotted]
        if not moved:
            continue
        first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[operator]
        lead = lines[first][: node.col_offset]
        if lead.strip():
            raise Refused(f"{where}:{node.lineno}: an import that shares its line; rewrite it by hand first")
        tail = lines[last][node.end_col_offset :].rstrip("\n")
        if tail.strip() and not tail.strip().startswith(("#", ";")) and tail.strip() != "\\":
            raise Refused(f"{where}:{node.lineno}: unexpected text after an import: {tail!r}")
        if tail.strip().startswith(";"):
            raise Refused(f"{where}:{node.lineno}: an import followed by ';'; rewrite it by hand first")
        new: list[str] = []
        kept = [a for a in node.names if a not in moved]
        if kept:
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in kept)
            new.append(f"{lead}from {node.module} import {names}")
        for alias in moved:
            target = dotted[f"{node.module}.{alias.name}"]
            package, leaf = target.rsplit(".", 1)
            bound = alias.asname or alias.name
            new.append(f"{lead}from {package} import {leaf}" + (f" as {bound}" if bound != leaf else ""))
        new[0] += tail
        edits.append((first, last, [line + "\n" for line in new]))
    for first, last, new_lines in sorted(edits, reverse=True):
        lines[first : last + 1] = new_lines
    return "".join(lines)


def frozen_rewrite(text: str, dotted: dict[str, str], where: str) -> str:
    """Only the top-level import lines of a digested file change."""
    tree = ast.parse(text)
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
            chunk = ast.get_source_segment(text, node) or ""
            if rewrite_from_imports(rewrite_dotted(chunk, dotted), dotted, where) != chunk:
                raise Refused(
                    f"{where}:{node.lineno} imports a module that would move, inside digested code; "
                    "keep that module where it is (add it to STAY)"
                )
    lines = text.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[operator]
            chunk = "".join(lines[first : last + 1])
            new = rewrite_from_imports(rewrite_dotted(chunk, dotted), dotted, where)
            lines[first : last + 1] = [new] + [""] * (last - first)
    result = "".join(lines)
    before = [ast.dump(n) for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    after = [ast.dump(n) for n in ast.parse(result).body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    if before != after:
        raise Refused(f"{where}: rewriting would change more than its import lines")
    return result


def text_files() -> list[str]:
    files = []
    for path in git("ls-files").splitlines():
        if path in NOT_REWRITTEN or path.startswith(NOT_REWRITTEN_PREFIXES):
            continue
        if path.startswith("tests/fixtures/") and not path.endswith(".py"):
            continue  # data: cohort files and the like, some not even UTF-8
        if Path(path).suffix in TEXT_SUFFIXES or path in TEXT_NAMES:
            if (ROOT / path).is_file():
                files.append(path)
    return files


def special_patches(path: str, text: str) -> str:
    """Tests that build module names from file names one folder deep: make them follow any depth."""
    if path == "tests/test_import_hygiene.py":
        for old, new in (
            ('f"mdt_tui.store.{p.stem}"', '"mdt_tui.store." + ".".join(p.relative_to(STORE).with_suffix("").parts)'),
            ('f"mdt_tui.{p.parent.name}.{p.stem}"', '"mdt_tui." + ".".join(p.relative_to(CORE).with_suffix("").parts)'),
        ):
            if old in text:
                text = text.replace(old, new)
            elif new not in text:
                print(f"  note: {path} no longer builds names with {old}; check it by hand")
    return text


def packages_block(text: str) -> str:
    names = []
    for layer, pkg in LAYERS.items():
        for init in sorted((ROOT / layer).rglob("__init__.py")):
            rel = init.parent.relative_to(ROOT / layer)
            if "__pycache__" in rel.parts:
                continue
            names.append(".".join([pkg, *rel.parts]) if rel.parts else pkg)
    names = sorted(set(names))
    block = "packages = [\n" + "".join(f'    "{n}",\n' for n in names) + "]"
    new, count = re.subn(r"(?ms)^packages = \[\n.*?^\]", block, text, count=1)
    if count != 1:
        raise Refused("pyproject.toml: no `packages = [` … `]` block under [tool.setuptools]")
    return new


# ---------------------------------------------------------------- ARCHITECTURE.md


def folder_modules(layer: str, folder: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / layer / folder).glob("*.py") if p.stem != "__init__")


def arch_cell(layer: str, folder: str) -> str:
    if not (ROOT / layer / folder / "__init__.py").exists():
        return "—"
    return ", ".join(f"`{layer}/{folder}/{m}.py`" for m in folder_modules(layer, folder))


def architecture_section() -> str:
    rows = [
        "| Pathway step | Core (`mdt_tui/`) | Store (`store/`) | Screens (`screens/`) |",
        "|---|---|---|---|",
    ]
    named = set()
    for label, folder in ARCH_ROWS:
        cells = [arch_cell(layer, folder) for layer in LAYERS]
        if folder == "cga":
            cells[0] += ", `mdt_tui/instruments/`"
        rows.append(f"| {label} | {' | '.join(cells)} |")
        named.add(folder)
    others = sorted(
        {p.parent.name for layer in LAYERS for p in (ROOT / layer).glob("*/__init__.py")} - named - {"instruments"}
    )
    for folder in others:
        label = "Shared kit for every screen" if folder == "kit" else folder
        rows.append(f"| {label} | {' | '.join(arch_cell(layer, folder) for layer in LAYERS)} |")
    shared = [
        ", ".join(f"`{layer}/{p.name}`" for p in sorted((ROOT / layer).glob("*.py")) if p.stem != "__init__")
        for layer in LAYERS
    ]
    rows.append(f"| Shared core of each layer | {shared[0]} | {shared[1]} | {shared[2]}, `screens/app.tcss` |")
    intro = (
        "Each layer has one folder per pathway step, named the same in all three, beside a small shared core\n"
        "at the top of the layer: the meeting lives in `mdt_tui/meeting/`, `store/meeting/` and `screens/meeting/`.\n"
        "Shared widgets and the frame every screen uses are in `screens/kit/`. A new module goes in its step's\n"
        "folder; `tools/relayout.py` made this layout (issue 18).\n"
    )
    return f"{ARCH_HEADING}\n\n{intro}\n" + "\n".join(rows) + "\n"


def rewrite_architecture(text: str) -> str:
    """Replace the step section from its heading to the end of its first table."""
    start = text.find(ARCH_HEADING)
    if start < 0:
        raise Refused(f"ARCHITECTURE.md has no heading {ARCH_HEADING!r}")
    table = re.search(r"(?m)^\|.*\|\n(?:\|.*\|\n)*", text[start:])
    if table is None:
        raise Refused("ARCHITECTURE.md: no table under the step heading")
    return text[:start] + architecture_section() + text[start + table.end() :]


# ---------------------------------------------------------------- running


def ruff(files: list[str]) -> None:
    files = [f for f in files if f.endswith(".py") and f not in FROZEN and (ROOT / f).exists()]
    if not files:
        return
    base = [sys.executable, "-m", "ruff"]
    if subprocess.run([*base, "--version"], capture_output=True).returncode != 0:
        found = shutil.which("ruff")
        if not found:
            raise Refused("ruff is not installed (pip install ruff==0.14.14)")
        base = [found]
    for args in (["check", "--fix", "--select", "I", "--quiet"], ["format", "--quiet"]):
        result = subprocess.run([*base, *args, *files], cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise Refused(f"ruff {args[0]} failed:\n{result.stdout}{result.stderr}")


def check_imports() -> None:
    """Import every module of the three layers in a fresh interpreter (only if it imports this tree)."""
    names = []
    for layer, pkg in LAYERS.items():
        for path in sorted((ROOT / layer).rglob("*.py")):
            rel = path.relative_to(ROOT / layer).with_suffix("")
            if "__pycache__" in rel.parts or rel.name == "__main__":
                continue
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            names.append(".".join([pkg, *parts]))
    code = (
        "import importlib, pathlib, sys\n"
        "import mdt_tui\n"
        "if pathlib.Path(mdt_tui.__file__).resolve().parent.parent != pathlib.Path(sys.argv[1]).resolve():\n"
        "    print('SKIP'); sys.exit(0)\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        "print('OK')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], cwd="/", capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(f"a module does not import after the move:\n{result.stderr[-3000:]}")
    if "SKIP" in result.stdout:
        print("  note: this python's mdt_tui is not this tree's (editable install elsewhere); imports not checked")


def do_layer(plan: LayerPlan, *, commit: bool) -> None:
    layer = plan.layer
    dotted, paths = plan.dotted(), plan.paths()
    # 1. read and rewrite everything in memory first (a problem found here changes nothing)
    new_text: dict[str, str] = {}
    for path in text_files():
        try:
            old = (ROOT / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            print(f"  note: {path} is not UTF-8 text; left as it is")
            continue
        if path in FROZEN:
            text = frozen_rewrite(old, dotted, path)
        else:
            text = rewrite_dotted(old, dotted)
            if path.endswith(".py"):
                text = rewrite_from_imports(text, dotted, path)
        text = rewrite_paths(text, paths) if path not in FROZEN else text
        text = special_patches(path, text)
        if text != old:
            new_text[paths.get(path, path)] = text
    # 2. move, write
    for folder in plan.folders:
        (ROOT / layer / folder).mkdir(exist_ok=True)
    for old_path, new_path in sorted(paths.items()):
        git("mv", old_path, new_path)
    written = list(new_text)
    for folder in plan.folders:
        init = f"{layer}/{folder}/__init__.py"
        doc = STEP_DOC.get(folder, f"The {folder} step.")
        wrapped = textwrap.fill(f"{doc} {LAYER_DOC[layer]}", width=110)
        (ROOT / init).write_text(f'"""{wrapped}"""\n', encoding="utf-8")
        written.append(init)
    for path, text in new_text.items():
        (ROOT / path).write_text(text, encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (ROOT / "pyproject.toml").write_text(packages_block(pyproject), encoding="utf-8")
    written.append("pyproject.toml")
    moved = list(paths.values())
    ruff(sorted(set(written) | set(moved)))
    git("add", "--", *sorted(set(written) | set(moved)))
    check_imports()
    if commit:
        moved_words = ", ".join(f"{old}->{new}" for old, new in sorted(plan.moves.items()))
        message = (
            f"Folders by pathway step: {layer}/ (issue 18). Moved by tools/relayout.py, behaviour unchanged; "
            f"every reference rewritten.\n\n{moved_words}\n"
        )
        git("commit", "-q", "-m", message)
        left = git("status", "--porcelain")
        if left.strip():
            raise Refused(f"after committing {layer}/, these were left over:\n{left}")


ARCH_SENTENCES = [
    (
        "- **A screen.** A module in `screens/` named for what the user does there,",
        "- **A screen.** A module in its step's folder under `screens/` (shared widgets: `screens/kit/`), named\n"
        "  for what the user does there,",
    ),
]


def do_architecture(*, commit: bool) -> None:
    path = ROOT / "ARCHITECTURE.md"
    text = rewrite_architecture(path.read_text(encoding="utf-8"))
    for old, new in ARCH_SENTENCES:
        if old in text:
            text = text.replace(old, new)
        else:
            print(f"  note: ARCHITECTURE.md no longer says {old!r}; left as it is")
    path.write_text(text, encoding="utf-8")
    git("add", "--", "ARCHITECTURE.md")
    if commit and git("diff", "--cached", "--name-only").strip():
        git("commit", "-q", "-m", "ARCHITECTURE.md: the step table names the step folders of each layer (issue 18)")


def print_plan(plans: list[LayerPlan]) -> None:
    for plan in plans:
        print(f"{plan.layer}/")
        for old, new in sorted(plan.moves.items(), key=lambda kv: kv[1]):
            rule = "" if old in MOVES[plan.layer] else "   (by prefix rule)"
            print(f"  {old}.py -> {new}.py{rule}")
        if plan.unmapped:
            print(f"  NOT MAPPED, left in place: {', '.join(f'{s}.py' for s in plan.unmapped)}")


def rollback(start: str, created: list[Path]) -> None:
    print(f"putting the tree back to {start[:10]} …", file=sys.stderr)
    git("reset", "-q", "--hard", start, check=False)
    git("clean", "-q", "-fd", "--", *LAYERS, check=False)
    for folder in created:
        if folder.exists() and all("__pycache__" in p.parts for p in folder.rglob("*") if p.is_file()):
            shutil.rmtree(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--no-commit", action="store_true", help="leave the result staged, not committed")
    args = parser.parse_args(argv)
    try:
        check_can_run()
        plans = [plan_layer(layer) for layer in LAYERS]
    except Refused as exc:
        print(f"relayout: {exc}", file=sys.stderr)
        return 2
    print_plan(plans)
    if args.dry_run:
        return 0
    start = git("rev-parse", "HEAD").strip()
    created = [ROOT / p.layer / f for p in plans for f in p.folders]
    try:
        for layer in LAYERS:
            plan = plan_layer(layer)
            print(f"moving {layer}/ …")
            do_layer(plan, commit=not args.no_commit)
        do_architecture(commit=not args.no_commit)
    except (Refused, OSError, subprocess.SubprocessError) as exc:
        print(f"relayout: {exc}", file=sys.stderr)
        rollback(start, created)
        return 1
    except BaseException:
        rollback(start, created)
        raise
    stale = ROOT / "build"
    ignored = subprocess.run(["git", "check-ignore", "-q", "build/lib"], cwd=ROOT).returncode == 0
    if stale.is_dir() and ignored and not git("ls-files", "build").strip():
        # setuptools packs whatever build/lib holds: old-layout copies there would ride along in the next wheel
        shutil.rmtree(stale)
        print("removed build/ (setuptools' output: it still held the old layout)")
    unmapped = [f"{p.layer}/{s}.py" for p in plans for s in p.unmapped]
    if unmapped:
        print("left in place (no rule maps them): " + ", ".join(unmapped))
    print("done." + ("" if args.no_commit else " One commit per layer; see git log."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
