"""The Windows packaging logic that runs on Linux: the spec's per-platform exclusions
(packaging/bundle_rules.py), the version resources, the MSI's .wxs generator
(packaging/windows/make_wxs.py) and the helpers of build_and_check.py. No Wine here:
build_and_check.py itself builds and runs the Windows programs."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from painref import __version__

from .conftest import ROOT

WINDOWS = ROOT / "packaging" / "windows"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


rules = _load("bundle_rules", ROOT / "packaging" / "bundle_rules.py")
make_wxs = _load("make_wxs", WINDOWS / "make_wxs.py")
checker = _load("painref_build_and_check", WINDOWS / "build_and_check.py")

W = "http://schemas.microsoft.com/wix/2006/wi"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ------------------------------------------------------------ the spec's exclusions


WINDOWS_DROPPED = [
    r"PySide6\opengl32sw.dll",
    r"PySide6\plugins\platforms\qdirect2d.dll",
    r"PySide6\plugins\imageformats\qgif.dll",
    r"PySide6\plugins\imageformats\qjpeg.dll",
    r"PySide6\plugins\imageformats\qtiff.dll",
    r"PySide6\plugins\imageformats\qwebp.dll",
    r"PySide6\plugins\imageformats\qico.dll",
    r"PySide6\plugins\imageformats\qicns.dll",
    r"PySide6\plugins\imageformats\qtga.dll",
    r"PySide6\plugins\imageformats\qwbmp.dll",
    r"PySide6\plugins\imageformats\qpdf.dll",
    r"PySide6\plugins\tls\qschannelbackend.dll",
    r"PySide6\plugins\generic\qtuiotouchplugin.dll",
    r"PySide6\plugins\networkinformation\qnetworklistmanager.dll",
    r"PySide6\plugins\platforminputcontexts\qtvirtualkeyboardplugin.dll",
    r"PySide6\Qt6Network.dll",
    r"PySide6\Qt6Qml.dll",
    r"PySide6\Qt6Quick.dll",
    r"PySide6\Qt6Pdf.dll",
    r"PySide6\Qt6OpenGL.dll",
    r"PySide6\translations\qtbase_de.qm",
    r"tzdata\zoneinfo\Europe\Paris",
]
WINDOWS_KEPT = [
    r"PySide6\plugins\platforms\qwindows.dll",
    r"PySide6\plugins\platforms\qoffscreen.dll",
    r"PySide6\plugins\platforms\qminimal.dll",
    r"PySide6\plugins\imageformats\qsvg.dll",
    r"PySide6\plugins\iconengines\qsvgicon.dll",
    r"PySide6\plugins\styles\qmodernwindowsstyle.dll",
    r"PySide6\Qt6Core.dll",
    r"PySide6\Qt6Gui.dll",
    r"PySide6\Qt6Widgets.dll",
    r"PySide6\Qt6Svg.dll",
    r"PySide6\Qt6PrintSupport.dll",
    r"PySide6\QtWidgets.pyd",
    r"PySide6\pyside6.abi3.dll",
    r"PySide6\msvcp140.dll",
    r"PySide6\vcruntime140.dll",
    r"shiboken6\shiboken6.abi3.dll",
    "python311.dll",
    "_sqlite3.pyd",
    "sqlite3.dll",
    r"painref\_bundle\painref.db",
    r"painref\_bundle\resources\icons\painref.svg",
    r"painref\render\templates\page.html",
]
LINUX_DROPPED = [
    "PySide6/Qt/plugins/imageformats/libqgif.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/wayland-decoration-client/libbradient.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6",
    "PySide6/Qt/translations/qtbase_de.qm",
    "libcups.so.2",
    "libgnutls.so.30",
]
LINUX_KEPT = [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqminimal.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "painref/_bundle/painref.db",
]


@pytest.mark.parametrize("name", WINDOWS_DROPPED)
def test_the_windows_folder_leaves_out(name: str) -> None:
    assert rules.unwanted(name, "win32")


@pytest.mark.parametrize("name", WINDOWS_KEPT)
def test_the_windows_folder_keeps(name: str) -> None:
    assert not rules.unwanted(name, "win32")


@pytest.mark.parametrize("name", LINUX_DROPPED)
def test_the_linux_folder_leaves_out(name: str) -> None:
    assert rules.unwanted(name, "linux")


@pytest.mark.parametrize("name", LINUX_KEPT)
def test_the_linux_folder_keeps(name: str) -> None:
    assert not rules.unwanted(name, "linux")


def test_the_rules_are_per_platform_not_per_spelling() -> None:
    """The old list used Linux file names only, so on Windows it dropped no plugin."""
    assert not rules.unwanted("PySide6/Qt/plugins/imageformats/libqgif.so", "win32")
    assert not rules.unwanted(r"PySide6\plugins\imageformats\qgif.dll", "linux")
    # Either slash and any case: PyInstaller gives Windows names with backslashes.
    assert rules.unwanted("PySide6/plugins/imageformats/QGIF.DLL", "win32")
    assert rules.platform_key("win32") == "win32"
    assert rules.platform_key("linux") == rules.platform_key("freebsd14") == "linux"
    assert rules.platform_key("darwin") == "darwin"


def test_the_spec_uses_the_rules_for_its_platform_and_drops_tzdata() -> None:
    spec = (ROOT / "packaging" / "painref.spec").read_text(encoding="utf-8")
    assert "bundle_rules.unwanted(name, sys.platform)" in spec
    assert '"tzdata"' in spec  # not even analysed: PyInstaller's zoneinfo hook adds it
    assert "UNWANTED = (" not in spec  # one list, in bundle_rules.py


def test_every_kept_windows_image_format_is_svg() -> None:
    formats = ["gif", "icns", "ico", "jpeg", "pdf", "svg", "tga", "tiff", "wbmp", "webp"]
    kept = [f for f in formats if not rules.unwanted(rf"x\imageformats\q{f}.dll", "win32")]
    assert kept == ["svg"]
    assert {"qsvg.dll"} == checker.KEPT_IMAGE_FORMATS


# ---------------------------------------------------------- the version resources


class _Recorder:
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, *args: object, **kwargs: object) -> dict[str, object]:
        return {"kind": self.kind, "args": args, "kwargs": kwargs}


def _version_info(program: str, version: str = "0.1.0") -> dict[str, object]:
    template = (WINDOWS / "version_info.txt").read_text(encoding="utf-8")
    text = rules.version_info_text(template, version, program)
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct"]  # fmt: skip
    # PyInstaller eval()s the file with these names; a recorder stands in for each.
    result = eval(text, {"__builtins__": {}}, {n: _Recorder(n) for n in names})
    assert isinstance(result, dict)
    return result


def _strings(info: dict[str, object]) -> dict[str, str]:
    kids = info["kwargs"]["kids"]  # type: ignore[index]
    table = kids[0]["args"][0][0]  # StringFileInfo([StringTable(...)])
    return {s["args"][0]: s["args"][1] for s in table["args"][1]}


@pytest.mark.parametrize("program", ["painref", "painref-cli"])
def test_each_program_gets_its_own_version_resource(program: str) -> None:
    info = _version_info(program, "1.2.3")
    ffi = info["kwargs"]["ffi"]  # type: ignore[index]
    assert ffi["kwargs"]["filevers"] == (1, 2, 3, 0)  # type: ignore[index]
    assert ffi["kwargs"]["prodvers"] == (1, 2, 3, 0)  # type: ignore[index]
    strings = _strings(info)
    assert strings["FileVersion"] == strings["ProductVersion"] == "1.2.3"
    assert strings["OriginalFilename"] == f"{program}.exe"
    assert strings["InternalName"] == program
    assert strings["ProductName"] == "PainRef"
    assert strings["FileDescription"] == rules.WINDOWS_PROGRAMS[program]


def test_version_numbers_for_windows() -> None:
    assert rules.version_tuple(__version__)[:3] == tuple(int(n) for n in __version__.split(".")[:3])
    assert rules.version_tuple("2") == (2, 0, 0, 0)
    assert rules.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert rules.version_tuple("1.2.3.4.5") == (1, 2, 3, 4)
    with pytest.raises(ValueError, match="start with a number"):
        rules.version_tuple("dev")
    with pytest.raises(ValueError, match="65535"):
        rules.version_tuple("70000.0")


def test_version_infos_are_written_per_program(tmp_path: Path) -> None:
    written = rules.write_version_infos(WINDOWS / "version_info.txt", "0.1.0", tmp_path)
    assert set(written) == {"painref", "painref-cli"}
    assert "'painref-cli.exe'" in written["painref-cli"].read_text(encoding="utf-8")


def test_the_spec_gives_both_programs_an_icon_and_a_version() -> None:
    spec = (ROOT / "packaging" / "painref.spec").read_text(encoding="utf-8")
    cli = spec[spec.index('name="painref-cli"') :]
    cli = cli[: cli.index(")")]
    assert "icon=icon" in cli and 'version_infos["painref-cli"]' in cli


# ------------------------------------------------------------------ the .wxs generator


def _fake_folder(root: Path) -> tuple[Path, list[str]]:
    app = root / "painref"
    files = [
        "painref.exe",
        "painref-cli.exe",
        "_internal/python311.dll",
        "_internal/PySide6/plugins/platforms/qwindows.dll",
        "_internal/PySide6/plugins/imageformats/qsvg.dll",
        "_internal/painref/_bundle/painref.db",
        "_internal/painref/_bundle/resources/icons/painref.svg",
        "_internal/na\u00efve \u2013 name.txt",
        "_internal/Same.txt",
    ]
    for name in files:
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_bytes(name.encode())
    (app / "_internal" / "empty").mkdir()
    return app, files


@pytest.fixture
def wxs(tmp_path: Path) -> tuple[ET.Element, list[str], Path]:
    app, files = _fake_folder(tmp_path)
    text = make_wxs.generate(app, "0.1.0")
    return ET.fromstring(text), files, app


def test_the_wxs_is_wix_xml_with_a_fixed_upgrade_code(
    wxs: tuple[ET.Element, list[str], Path],
) -> None:
    root, _, _ = wxs
    assert root.tag == q("Wix")
    product = root.find(q("Product"))
    assert product is not None
    # Never change it: an MSI with another UpgradeCode installs beside the old version.
    assert make_wxs.UPGRADE_CODE == "D6907FDF-FE4D-471E-A523-B620DEDF7EE1"
    assert product.get("UpgradeCode") == make_wxs.UPGRADE_CODE
    assert product.get("Version") == "0.1.0"
    assert product.get("Manufacturer") == "PainRef developers"
    assert root.find(f"{q('Product')}/{q('MajorUpgrade')}") is not None


def test_the_msi_is_per_machine_in_program_files(wxs: tuple[ET.Element, list[str], Path]) -> None:
    root, _, _ = wxs
    package = root.find(f"{q('Product')}/{q('Package')}")
    assert package is not None and package.get("InstallScope") == "perMachine"
    install = root.find(f".//{q('Directory')}[@Id='ProgramFiles64Folder']/{q('Directory')}")
    assert install is not None
    assert (install.get("Id"), install.get("Name")) == ("INSTALLDIR", "PainRef")
    assert {c.get("Win64") for c in root.iter(q("Component"))} == {"yes"}


def test_every_file_is_installed_once_from_where_it_is(
    wxs: tuple[ET.Element, list[str], Path],
) -> None:
    root, files, app = wxs
    install = root.find(f".//{q('Directory')}[@Id='INSTALLDIR']")
    assert install is not None

    def listed(element: ET.Element, prefix: str) -> list[str]:
        found = [
            prefix + f.get("Name", "") for f in element.findall(f"{q('Component')}/{q('File')}")
        ]
        for sub in element.findall(q("Directory")):
            found += listed(sub, prefix + sub.get("Name", "") + "/")
        return found

    assert sorted(listed(install, "")) == sorted(files)
    sources = {f.get("Source") for f in root.iter(q("File"))}
    assert sources == {f"{app.as_posix()}/{name}" for name in files}
    for file in root.iter(q("File")):
        assert file.get("KeyPath") == "yes"


def test_an_empty_folder_is_created(wxs: tuple[ET.Element, list[str], Path]) -> None:
    root, _, _ = wxs
    empty = root.find(f".//{q('Directory')}[@Name='empty']")
    assert empty is not None
    assert empty.find(f"{q('Component')}/{q('CreateFolder')}") is not None


def test_every_component_is_in_the_feature_and_ids_are_valid(
    wxs: tuple[ET.Element, list[str], Path],
) -> None:
    root, files, _ = wxs
    components = [c.get("Id") for c in root.iter(q("Component"))]
    referenced = [r.get("Id") for r in root.iter(q("ComponentRef"))]
    assert sorted(components) == sorted(referenced)  # type: ignore[type-var]
    assert len(components) == len(files) + 1  # and the empty folder
    ids = [
        e.get("Id")
        for e in root.iter()
        if e.tag in (q("Component"), q("File"), q("Directory"), q("Shortcut"))
    ]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]{0,71}", i or "") for i in ids), ids
    guids = [c.get("Guid") for c in root.iter(q("Component"))]
    assert len(set(guids)) == len(guids)


def test_the_start_menu_shortcut_opens_painref(wxs: tuple[ET.Element, list[str], Path]) -> None:
    root, _, _ = wxs
    (shortcut,) = root.iter(q("Shortcut"))
    assert shortcut.get("Directory") == "ProgramMenuFolder"
    assert shortcut.get("Name") == "PainRef"
    assert shortcut.get("Target") == "[INSTALLDIR]painref.exe"
    assert root.find(f".//{q('Directory')}[@Id='ProgramMenuFolder']") is not None


def test_codes_are_stable_per_version_and_path() -> None:
    code = make_wxs.product_code("0.1.0")
    assert code == make_wxs.product_code("0.1.0") == make_wxs.product_code("0.1.0rc2")
    assert code != make_wxs.product_code("0.1.1")
    assert uuid.UUID(code).version == 5
    # A file keeps its component GUID from version to version; case does not matter.
    assert make_wxs.component_guid("_internal/Qt6Core.dll") == make_wxs.component_guid(
        "_internal\\qt6core.DLL"
    )
    assert make_wxs.component_guid("a.dll") != make_wxs.component_guid("b.dll")


def test_msi_versions() -> None:
    assert make_wxs.msi_version("0.1.0") == "0.1.0"
    assert make_wxs.msi_version("1.2") == "1.2.0"
    assert make_wxs.msi_version("1.2.3rc1") == "1.2.3"
    assert make_wxs.msi_version("1.2.3.4") == "1.2.3"
    with pytest.raises(ValueError, match="255"):
        make_wxs.msi_version("256.0.0")
    with pytest.raises(ValueError, match="start with a number"):
        make_wxs.msi_version("v1")


def test_a_folder_without_painref_exe_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"painref\.exe"):
        make_wxs.generate(tmp_path, "0.1.0")


def test_written_wxs_names_files_relative_to_itself(tmp_path: Path) -> None:
    """wixl refuses absolute Source paths: they are relative to the .wxs file."""
    app, _ = _fake_folder(tmp_path / "dist")
    icon = tmp_path / "build" / "painref.ico"
    icon.parent.mkdir()
    icon.write_bytes(b"\0\0\1\0\0\0")
    out = tmp_path / "msi" / "painref.wxs"
    out.parent.mkdir()
    make_wxs.write(app, "0.1.0", out, icon=icon)
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    for file in root.iter(q("File")):
        source = file.get("Source", "")
        assert source.startswith("../dist/painref/"), source
        assert (out.parent / source).is_file()
    icon_element = root.find(f"{q('Product')}/{q('Icon')}")
    assert icon_element is not None and icon_element.get("SourceFile") == "../build/painref.ico"


@pytest.mark.skipif(shutil.which("wixl") is None or shutil.which("msiinfo") is None,
                    reason="wixl and msiinfo (Debian packages wixl, msitools)")  # fmt: skip
def test_wixl_builds_a_per_machine_msi_with_the_codes(tmp_path: Path) -> None:
    app, files = _fake_folder(tmp_path)
    wxs_file = make_wxs.write(app, "0.1.0", tmp_path / "painref.wxs")
    msi = tmp_path / "PainRef.msi"
    subprocess.run(["wixl", "-a", "x64", "-o", str(msi), str(wxs_file)], check=True,
                   capture_output=True)  # fmt: skip

    def table(name: str) -> list[list[str]]:
        out = subprocess.run(["msiinfo", "export", str(msi), name], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        return [line.split("\t") for line in out.splitlines()[3:]]

    props = {row[0]: row[1] for row in table("Property")}
    assert props["ALLUSERS"] == "1"
    assert props["ProductCode"] == "{" + make_wxs.product_code("0.1.0") + "}"
    assert props["UpgradeCode"] == "{" + make_wxs.UPGRADE_CODE + "}"
    assert props["ProductVersion"] == "0.1.0"
    assert sorted(row[2] for row in table("File")) == sorted(Path(f).name for f in files)
    assert [row[1] for row in table("Shortcut")] == ["ProgramMenuFolder"]
    upgrade = table("Upgrade")
    assert {row[0] for row in upgrade} == {"{" + make_wxs.UPGRADE_CODE + "}"}


# ------------------------------------------------------------- build_and_check helpers


OSSLSIGNCODE_SAMPLE = """Current PE checksum   : 0001B7F3
Calculated PE checksum: 0001B7F3

Message digest algorithm  : SHA256
Current message digest    : 03A6DEA94B64BA8F1C
Calculated message digest : 03A6DEA94B64BA8F1C

Signature verification: failed

Number of signers: 1
\tSigner #0:
\t\tSubject: /C=US/ST=Oregon/L=Beaverton/O=Python Software Foundation/CN=Python Software Foundation
"""


def test_osslsigncode_output_gives_signer_and_both_digests() -> None:
    subjects, current, calculated = checker.parse_osslsigncode(OSSLSIGNCODE_SAMPLE)
    assert checker.PSF_SIGNER in subjects
    assert current == calculated == "03A6DEA94B64BA8F1C"
    tampered = OSSLSIGNCODE_SAMPLE.replace(
        "Calculated message digest : 03", "Calculated message digest : 04"
    )
    _, current, calculated = checker.parse_osslsigncode(tampered)
    assert current != calculated
    assert checker.parse_osslsigncode("no signature") == ("", "", "")


def test_the_python_and_its_files_are_pinned() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", checker.PYTHON_EMBED_SHA256)
    assert set(checker.PYTHON_PE_SHA256) == {"python.exe", "python311.dll"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in checker.PYTHON_PE_SHA256.values())


def test_tree_digest_sees_every_change(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.txt").write_text("one")
    (tmp_path / "g.txt").write_text("two")
    before = checker.tree_digest(tmp_path)
    assert checker.tree_changes(before, checker.tree_digest(tmp_path)) == []
    (tmp_path / "a" / "b" / "f.txt").write_text("One")
    (tmp_path / "g.txt").unlink()
    (tmp_path / "a" / "new").mkdir()
    assert checker.tree_changes(before, checker.tree_digest(tmp_path)) == [
        "added a/new",
        "removed g.txt",
        "changed a/b/f.txt",
    ]


def test_windows_paths_and_versions() -> None:
    assert (
        checker.windows_path(Path("/var/tmp/painref-win/x.msi")) == r"Z:\var\tmp\painref-win\x.msi"
    )
    assert checker.older_version("0.1.0") == "0.0.0"
    assert checker.older_version("1.0.0") == "0.0.0"
    assert checker.older_version("1.2.3") == "1.2.2"
    assert checker.older_version("2.3.0") == "2.2.0"
    assert checker.wheel_name_version("pyside6_essentials-6.11.3-cp310-abi3-win_amd64.whl") == (
        "pyside6-essentials",
        "6.11.3",
    )


def test_redirected_output_must_be_utf8() -> None:
    sample = "40 \u00b0C \u2013 \u00e4"
    assert checker.decode_utf8("show", sample.encode()) == sample
    with pytest.raises(checker.CheckFailed, match=r"not UTF-8.*cp1252.*painref/cli\.py"):
        checker.decode_utf8("show", sample.encode("cp1252"))


def test_ico_images_are_read(tmp_path: Path) -> None:
    images = [b"\x89PNG-one", b"BMP-two-longer"]
    header = b"\0\0\1\0" + len(images).to_bytes(2, "little")
    offset = 6 + 16 * len(images)
    entries, data = b"", b""
    for image in images:
        entries += (
            bytes(8) + len(image).to_bytes(4, "little") + (offset + len(data)).to_bytes(4, "little")
        )
        data += image
    ico = tmp_path / "x.ico"
    ico.write_bytes(header + entries + data)
    assert checker.ico_images(ico) == images


def test_the_windows_lock_pins_every_package_with_a_digest() -> None:
    from packaging.requirements import Requirement

    lines = checker.read_requirements()
    pinned = {}
    for line in lines:
        match = re.fullmatch(r"([a-z0-9-]+)==(\S+) --hash=sha256:[0-9a-f]{64}", line)
        assert match, line
        pinned[match.group(1)] = match.group(2)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["package"]]
    for text in wanted + checker.WINDOWS_EXTRA:
        requirement = Requirement(text)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{name} is not in requirements-windows.txt (--lock)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} is outside pyproject.toml's {requirement.specifier}"
        )


def test_the_cli_checks_look_for_characters_the_content_has(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The script checks that these characters arrive as UTF-8 through a pipe: each must
    be in what the command prints today (cp1252 has them, so a cp1252 pipe would show)."""
    from painref.cli import main

    for name, args, status, markers in checker.CLI_CHECKS:
        assert main(list(args)) == status, name
        out, err = capsys.readouterr()
        for marker in markers:
            assert marker in out + err, (name, marker)


def test_the_windows_icon_has_every_size_drawn(tmp_path: Path, qapp: object) -> None:
    """build.py's .ico: one PNG per size Windows shows (16 px lists to 256 px tiles), so
    painref.exe and painref-cli.exe carry them all (build_and_check.py compares).

    qapp: the tests' QApplication exists first, so build.py draws with it instead of making
    a QGuiApplication that would outlive this test and break every later test that needs
    widgets (the export commands in tests/test_cli.py, when they run after this)."""
    build = _load("painref_build_for_ico", ROOT / "packaging" / "build.py")
    ico = tmp_path / "painref.ico"
    build.write_ico(build.ICON_SVG, ico, sizes=(16, 32, 256))
    images = checker.ico_images(ico)
    assert [int.from_bytes(image[16:20], "big") for image in images] == [16, 32, 256]
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    header = ico.read_bytes()
    assert header[:6] == b"\0\0\1\0\3\0"
    assert header[6 + 32] == 0  # 256 is written as 0 in its directory entry
