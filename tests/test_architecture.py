"""The dependency order of Tertial (CONTRIBUTING.md, «Dependency order»), read from the code.

Every module under src/tertial is parsed with `ast`; every import counts, at module level and inside
functions alike (an import inside a function still is a dependency; it only hides a cycle), and so
does loading a module by name (`import_module`, `__import__`).

- `tertial.core`, `tertial.importers` and `tertial.renderers` import neither `tertial.web` nor
  `tertial.cli`.
- Inside `tertial.web`, each component (an app package, or a module directly under tertial/web) sits
  in one layer of LAYERS and imports only components of lower layers.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PURE = ("tertial.core", "tertial.importers", "tertial.renderers")
FORBIDDEN_FROM_PURE = ("tertial.web", "tertial.cli")

# Bottom to top; a component may import any component of a LOWER layer, none of its own or above.
LAYERS: list[set[str]] = [
    {"pagecache", "readonly_admin", "health", "logs", "security", "middleware", "import_request", "errors", "footer"},
    {"audit"},
    {"org"},
    {"accounts"},
    # the audience rule and the period lock: every app asks them (they read the rounds tables by
    # model label, as a ForeignKey("rounds.Round") would; see tertial.web.audience, tertial.web.locks)
    {"audience", "locks"},
    {"lock_admin"},
    # in-app and e-mail notifications, reminders, followers: called by the rounds and decisions services
    # (it reads their tables by model label, as a ForeignKey("rounds.Round") would)
    {"notifications"},
    {"budget"},
    {"forecasting"},
    {"rounds"},
    {"content", "appropriations", "investments", "finance", "decisions"},
    {"proposals"},  # reads the appropriation areas
    {"reports"},
    {"imports"},  # the registry of every app's importers
    {"uploads", "demo", "navigation", "backup"},
    {"settings", "urls", "wsgi"},
]
DYNAMIC = "<a module loaded by name>"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    """(imported module, line) for every import of the file, relative imports resolved. `from a import b`
    yields both a and a.b (b may be a module)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("import_module", "__import__"):
                found.append((DYNAMIC, node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted((SRC / "tertial").rglob("*.py"))


def _component(module: str) -> str | None:
    """tertial.web.budget.services -> budget; tertial.web.pagecache -> pagecache; else None."""
    parts = module.split(".")
    return parts[2] if len(parts) >= 3 and parts[:2] == ["tertial", "web"] else None


def _layer_of() -> dict[str, int]:
    return {name: n for n, layer in enumerate(LAYERS) for name in layer}


def back_edges(files: dict[Path, str | None]) -> list[str]:
    """Every import in `files` (path → source, None: read it) that runs against LAYERS."""
    layer_of = _layer_of()
    bad: list[str] = []
    for path, text in files.items():
        source = _component(_module_name(path))
        if source is None:
            continue
        for target, line in _imports(path, text):
            dest = _component(target)
            if target == DYNAMIC:
                edge = f"{_module_name(path)}:{line} loads a module by name (import it normally)"
            elif dest is None or dest == source or dest not in layer_of:
                continue
            elif layer_of[dest] >= layer_of[source]:
                edge = f"{_module_name(path)}:{line} imports {source} -> {dest}"
            else:
                continue
            if edge not in bad:
                bad.append(edge)
    return bad


def test_every_web_component_has_a_layer():
    layer_of = _layer_of()
    components = {_component(_module_name(p)) for p in _modules()} - {None}
    assert sorted(c for c in components if c not in layer_of) == []


@pytest.mark.parametrize("layer", range(len(LAYERS)))
def test_no_component_sits_in_two_layers(layer):
    others = set().union(*(group for n, group in enumerate(LAYERS) if n != layer))
    assert LAYERS[layer] & others == set()


def test_core_importers_and_renderers_import_neither_web_nor_cli():
    bad = [
        f"{_module_name(p)}:{line} imports {target}"
        for p in _modules()
        if _module_name(p).startswith(PURE)
        for target, line in _imports(p)
        if target.startswith(FORBIDDEN_FROM_PURE)
    ]
    assert bad == []


def test_web_apps_import_only_down_the_dependency_order():
    assert back_edges(dict.fromkeys(_modules())) == []


def test_the_check_finds_a_back_edge_inside_a_function_and_a_module_loaded_by_name():
    probe = SRC / "tertial" / "web" / "budget" / "probe.py"
    source = (
        "from importlib import import_module\n"
        "def f():\n"
        "    from tertial.web.rounds.selectors import round_get\n"
        "    return import_module('tertial.web.reports')\n"
    )
    assert back_edges({probe: source}) == [
        "tertial.web.budget.probe:3 imports budget -> rounds",
        "tertial.web.budget.probe:4 loads a module by name (import it normally)",
    ]


def test_the_check_finds_an_import_of_web_in_core():
    probe = SRC / "tertial" / "core" / "probe.py"
    found = [t for t, _line in _imports(probe, "def f():\n    from tertial.web import pagecache\n")]
    assert any(t.startswith(FORBIDDEN_FROM_PURE) for t in found)
