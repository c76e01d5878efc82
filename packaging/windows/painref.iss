; Inno Setup script: a per-user install of the one-folder app, no administrator rights.
; Build on Windows after `python packaging\build.py` with:  iscc packaging\windows\painref.iss
; Silent install:    PainRef-Setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Silent uninstall:  "%LOCALAPPDATA%\Programs\PainRef\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
; User data (settings, bookmarks) lives in %LOCALAPPDATA%\PainRef and is never written to
; the install folder; uninstalling leaves it (delete that folder to remove it too).

#define AppVersion GetEnv("PAINREF_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1F0C3E-5A0B-4E5C-9B7E-2F6A9D3C1B10}
AppName=PainRef
AppVersion={#AppVersion}
AppPublisher=PainRef developers
DefaultDirName={localappdata}\Programs\PainRef
DefaultGroupName=PainRef
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
OutputDir=..\..\dist
OutputBaseFilename=PainRef-{#AppVersion}-Setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\painref.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\painref\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\PainRef"; Filename: "{app}\painref.exe"
Name: "{userdesktop}\PainRef"; Filename: "{app}\painref.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\painref.exe"; Description: "Start PainRef"; Flags: nowait postinstall skipifsilent
