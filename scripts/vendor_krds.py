"""Copy what the portal serves of KRDS (the `krds-uiux` npm package) into static/vendor/krds/.

Run by scripts/setup (and the Dockerfile) after `npm install`; the output is generated, not committed.
KRDS sizes everything in rem on a 10 px root (`html { font-size: 62.5% }`), Bootstrap on the browser's
16 px: the copied rules are rescaled (`1.6rem` becomes `1rem`), so both share one root size and a
reader's own font-size setting still scales every page. What is written:

- `fonts/PretendardGOV-{Regular,Bold}.subset.woff2` and, in `css/krds.css`, their @font-face (the
  package ships the faces but declares none), the design tokens and KRDS's root variables;
- then, in the same `css/krds.css`, only the components the portal uses (COMPONENTS), nothing of KRDS's
  reset, high-contrast or dark modes;
- `img/icon/*.svg`: the icons those rules point at (the package's CDN build points at www.krds.go.kr;
  the portal loads nothing from another host).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "krds-uiux" / "resources"
TARGET = ROOT / "static" / "vendor" / "krds"
# KRDS's tokens use two weights (regular and bold); the medium face the package also ships is left out.
FONTS = {400: "PretendardGOV-Regular.subset.woff2", 700: "PretendardGOV-Bold.subset.woff2"}
# The selectors of the KRDS components whose markup the portal's templates use (templates/portal/krds/,
# the step indicator, the file field). Tables and pagination keep Bootstrap's markup in KRDS's colours
# (static/css/krds-portal.css).
COMPONENTS = ("#krds-masthead", "#krds-header", ".krds-identifier", ".krds-step-wrap", ".krds-file-upload")
# Rules left out: KRDS hides the file input behind a label that its script drives; the portal keeps the
# browser's own input visible, which works with the keyboard and without scripts.
LEFT_OUT = (".file-upload [type=file]",)
ICON_URL = re.compile(r"url\((?:\.\./)+img/component/icon/([\w.-]+\.svg)\)")
REM = re.compile(r"(?<![\w.-])(-?\d*\.?\d+)rem\b")
KRDS_ROOT_PX, PORTAL_ROOT_PX = 10, 16


def blocks(text: str) -> list[tuple[str, str]]:
    """(prelude, body) of each top-level block of a stylesheet without comments; statements dropped."""
    found, i = [], 0
    while (start := text.find("{", i)) >= 0:
        prelude = text[i:start].rsplit(";", 1)[-1].strip()  # drops @charset/@import statements before it
        depth, end = 1, start + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        found.append((prelude, text[start + 1:end - 1]))
        i = end
    return found


def rescale(css: str) -> str:
    def one(match: re.Match) -> str:
        value = float(match.group(1)) * KRDS_ROOT_PX / PORTAL_ROOT_PX
        return f"{value:.4f}".rstrip("0").rstrip(".") + "rem"
    return REM.sub(one, css)


def minify(css: str) -> str:
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css).replace(": ", ":")
    return css.replace(";}", "}").strip()


def _wanted(selector: str) -> bool:
    # Rules of KRDS's optional modes are left out: the portal offers neither.
    return (any(name in selector for name in COMPONENTS) and "[data-krds-mode" not in selector
            and not any(name in selector for name in LEFT_OUT))


def select(css: str) -> str:
    """The rules of COMPONENTS, media queries kept around the rules they hold."""
    kept = []
    for prelude, body in blocks(css):
        if prelude.startswith("@media"):
            inner = [f"{s}{{{b}}}" for s, b in blocks(body) if _wanted(s)]
            if inner:
                kept.append(f"{prelude}{{{''.join(inner)}}}")
        elif not prelude.startswith("@") and _wanted(prelude):
            kept.append(f"{prelude}{{{body}}}")
    return "\n".join(kept)


def root_variables(css: str) -> str:
    return "\n".join(f"{p}{{{b}}}" for p, b in blocks(css) if p == ":root")


def font_faces() -> str:
    return "\n".join(
        f'@font-face{{font-family:"Pretendard GOV";font-style:normal;font-weight:{weight};font-display:swap;'
        f'src:url(../fonts/{name}) format("woff2")}}'
        for weight, name in FONTS.items()
    )


def build(package: Path = PACKAGE, target: Path = TARGET) -> list[Path]:
    if not package.is_dir():
        sys.exit(f"{package} is missing: run `npm install` first")
    strip = lambda path: re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)  # noqa: E731
    components = strip(package / "css" / "component" / "output.css")
    tokens = strip(package / "css" / "token" / "krds_tokens.css")
    if target.exists():
        shutil.rmtree(target)
    for folder in ("css", "fonts", "img/icon"):
        (target / folder).mkdir(parents=True)
    written = []
    for name in FONTS.values():
        written.append(Path(shutil.copy2(package / "fonts" / name, target / "fonts" / name)))
    selected = select(components)
    for icon in sorted(set(ICON_URL.findall(selected))):
        written.append(Path(shutil.copy2(package / "img" / "component" / "icon" / icon, target / "img/icon" / icon)))
    outputs = {"krds.css": "\n".join([
        font_faces(),
        minify(rescale(tokens + root_variables(components))),
        minify(rescale(ICON_URL.sub(r"url(../img/icon/\1)", selected))),
    ])}
    header = "/* KRDS (krds-uiux {version}), generated by scripts/vendor_krds.py: do not edit. */\n"
    version = re.search(r'"version":\s*"([^"]+)"', (package.parent / "package.json").read_text()).group(1)
    for name, css in outputs.items():
        path = target / "css" / name
        path.write_text(header.format(version=version) + css + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    files = build()
    print(f"KRDS: {len(files)} files in {TARGET.relative_to(ROOT)}")
