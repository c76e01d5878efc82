"""Writes the WiX source of PainRef's per-machine MSI from the built one-folder app.

    python3 packaging/windows/make_wxs.py dist/painref 0.1.0 -o painref.wxs [--icon painref.ico]
    wixl -a x64 -o PainRef-0.1.0-x64.msi painref.wxs        # Debian: apt-get install wixl

What the MSI does (build_and_check.py installs, runs and removes it under Wine):
- installs every file of the folder to "C:\\Program Files\\PainRef" for all users
  (InstallScope perMachine, so ALLUSERS=1: it needs administrator rights, as SCCM and
  Intune give it);
- adds a "PainRef" shortcut to the all-users Start menu;
- has a fixed UpgradeCode and a MajorUpgrade rule: installing a newer version removes the
  older one; installing an older version over a newer one is refused;
- its ProductCode is derived from the UpgradeCode and the version, so each version has one
  ProductCode, the same in every build of that version: deployment tools detect it by
  ProductCode (or by painref.exe's file version);
- component GUIDs are derived from each file's path in the folder, so a file keeps its
  component from one version to the next (Windows Installer's component rules).

Standard library only: it runs with the builder's Python on Linux.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

# Fixed for the life of the product: it is how Windows Installer knows that two MSIs are
# versions of one product. Never change it (a new one would install side by side).
UPGRADE_CODE = "D6907FDF-FE4D-471E-A523-B620DEDF7EE1"
MANUFACTURER = "PainRef developers"
PRODUCT_NAME = "PainRef"
INSTALL_FOLDER = "PainRef"  # under ProgramFiles64Folder
START_MENU_NAME = "PainRef"
MAIN_PROGRAM = "painref.exe"
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"


def msi_version(version: str) -> str:
    """The MSI ProductVersion of a project version: major.minor.build, numbers only
    ("0.1.0" -> "0.1.0", "1.2" -> "1.2.0", "1.2.3rc1" -> "1.2.3"). Windows Installer
    compares only these three fields, major and minor at most 255, build at most 65535."""
    match = re.match(r"^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?", version)
    if not match:
        raise ValueError(f"version {version!r} does not start with a number")
    major, minor, build = (int(n) if n else 0 for n in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise ValueError(f"version {version!r}: an MSI version is at most 255.255.65535")
    return f"{major}.{minor}.{build}"


def product_code(version: str, upgrade_code: str = UPGRADE_CODE) -> str:
    """The ProductCode of one version: a name-based UUID of the UpgradeCode and the MSI
    version, so every build of a version has the same code and each version its own."""
    namespace = uuid.UUID(upgrade_code)
    return str(uuid.uuid5(namespace, f"{PRODUCT_NAME} {msi_version(version)} x64")).upper()


def component_guid(relative: str, upgrade_code: str = UPGRADE_CODE) -> str:
    """A file's component GUID, from its path in the install folder (case-insensitive,
    as Windows paths are): stable across versions while the path stays."""
    namespace = uuid.UUID(upgrade_code)
    key = "component:" + relative.replace("\\", "/").lower()
    return str(uuid.uuid5(namespace, key)).upper()


def wix_id(prefix: str, relative: str) -> str:
    """A WiX identifier (letters, digits, _ and ., at most 72 characters) for a path."""
    digest = hashlib.sha1(relative.replace("\\", "/").lower().encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:24]}"


def generate(
    folder: Path,
    version: str,
    *,
    icon: Path | None = None,
    upgrade_code: str = UPGRADE_CODE,
    source_root: str | None = None,
) -> str:
    """The .wxs text for the one-folder app in folder.

    Every file is its own component (its key path). wixl reads a File's Source relative
    to the .wxs file's folder and refuses absolute paths: source_root is the folder's
    path as the .wxs names it (default: folder as given), and icon likewise."""
    folder = Path(folder)
    if not (folder / MAIN_PROGRAM).is_file():
        raise ValueError(f"{folder} has no {MAIN_PROGRAM}: not a built PainRef folder")
    ET.register_namespace("", WIX_NS)

    def q(tag: str) -> str:
        return f"{{{WIX_NS}}}{tag}"

    wix = ET.Element(q("Wix"))
    product = ET.SubElement(
        wix,
        q("Product"),
        Id=product_code(version, upgrade_code),
        Name=PRODUCT_NAME,
        Language="1033",
        Codepage="1252",
        Version=msi_version(version),
        Manufacturer=MANUFACTURER,
        UpgradeCode=upgrade_code,
    )
    ET.SubElement(
        product,
        q("Package"),
        Id="*",
        Description=f"{PRODUCT_NAME} {version}: offline reference for interventional pain "
        "management (per-machine)",
        Comments="Educational reference; not a substitute for clinical judgment.",
        Manufacturer=MANUFACTURER,
        InstallerVersion="500",
        Languages="1033",
        Compressed="yes",
        InstallScope="perMachine",
        SummaryCodepage="1252",
    )
    ET.SubElement(
        product,
        q("MajorUpgrade"),
        DowngradeErrorMessage="A newer version of PainRef is already installed.",
    )
    ET.SubElement(product, q("Media"), Id="1", Cabinet="painref.cab", EmbedCab="yes")
    properties = {
        "ARPNOMODIFY": "1",  # nothing to modify: one feature
        "ARPNOREPAIR": "1",
        "ARPCOMMENTS": "Offline reference for interventional pain management",
    }
    if icon is not None:
        ET.SubElement(product, q("Icon"), Id="painref.ico", SourceFile=Path(icon).as_posix())
        properties["ARPPRODUCTICON"] = "painref.ico"
    for name, value in properties.items():
        ET.SubElement(product, q("Property"), Id=name, Value=value)

    target = ET.SubElement(product, q("Directory"), Id="TARGETDIR", Name="SourceDir")
    program_files = ET.SubElement(target, q("Directory"), Id="ProgramFiles64Folder")
    install = ET.SubElement(program_files, q("Directory"), Id="INSTALLDIR", Name=INSTALL_FOLDER)
    ET.SubElement(target, q("Directory"), Id="ProgramMenuFolder")

    components: list[str] = []
    source_root = (source_root or folder.as_posix()).rstrip("/")

    def source_of(relative: str) -> str:
        return f"{source_root}/{relative}"

    def add_folder(element: ET.Element, path: Path, relative: str) -> None:
        entries = sorted(path.iterdir(), key=lambda p: p.name.lower())
        files = [p for p in entries if p.is_file()]
        folders = [p for p in entries if p.is_dir()]
        if not files and not folders and relative:
            # An empty folder still exists after the install.
            cid = wix_id("c", relative + "/")
            component = ET.SubElement(
                element, q("Component"), Id=cid, Guid=component_guid(relative + "/"),
                Win64="yes",
            )  # fmt: skip
            ET.SubElement(component, q("CreateFolder"))
            components.append(cid)
        for file in files:
            rel = f"{relative}/{file.name}" if relative else file.name
            cid = wix_id("c", rel)
            component = ET.SubElement(
                element, q("Component"), Id=cid, Guid=component_guid(rel), Win64="yes"
            )
            ET.SubElement(
                component,
                q("File"),
                Id=wix_id("f", rel),
                Name=file.name,
                Source=source_of(rel),
                KeyPath="yes",
            )
            if rel == MAIN_PROGRAM:
                # A plain (not advertised) shortcut to the installed file: it works with
                # every deployment tool and without Windows Installer's repair on launch.
                ET.SubElement(
                    component,
                    q("Shortcut"),
                    Id="StartMenuShortcut",
                    Directory="ProgramMenuFolder",
                    Name=START_MENU_NAME,
                    Description="Offline reference for interventional pain management",
                    Target=f"[INSTALLDIR]{MAIN_PROGRAM}",
                    WorkingDirectory="INSTALLDIR",
                )
            components.append(cid)
        for sub in folders:
            rel = f"{relative}/{sub.name}" if relative else sub.name
            child = ET.SubElement(element, q("Directory"), Id=wix_id("d", rel), Name=sub.name)
            add_folder(child, sub, rel)

    add_folder(install, folder, "")
    feature = ET.SubElement(product, q("Feature"), Id="Complete", Title=PRODUCT_NAME, Level="1")
    for cid in components:
        ET.SubElement(feature, q("ComponentRef"), Id=cid)
    ET.indent(wix, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(wix, encoding="unicode") + "\n"


def write(folder: Path, version: str, output: Path, icon: Path | None = None) -> Path:
    """Writes the .wxs to output, naming the folder and icon relative to it (for wixl)."""
    base = output.resolve().parent
    relative = Path(os.path.relpath(folder.resolve(), base)).as_posix()
    icon_relative = Path(os.path.relpath(icon.resolve(), base)) if icon else None
    output.write_text(
        generate(folder, version, icon=icon_relative, source_root=relative), encoding="utf-8"
    )
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the built one-folder app (dist/painref)")
    parser.add_argument("version", help="the project version (painref.__version__)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .wxs to write")
    parser.add_argument("--icon", type=Path, default=None, help="an .ico for Add/Remove Programs")
    args = parser.parse_args(argv)
    write(args.folder, args.version, args.output, icon=args.icon)
    print(
        f"{args.output}: {PRODUCT_NAME} {msi_version(args.version)}, "
        f"ProductCode {{{product_code(args.version)}}}, UpgradeCode {{{UPGRADE_CODE}}}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
