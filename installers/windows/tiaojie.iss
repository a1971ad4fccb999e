; Inno Setup 6 script for Tiaojie 调解台 (Windows x64 installer).
;
; Input : the PyInstaller one-folder build, dist\tiaojie\ (tiaojie.exe,
;         tiaojie-gui.exe, _internal\), made by installers\tiaojie.spec.
; Output: dist\installer\tiaojie-<version>-setup-x64.exe
;
; Compile from the repository root (Inno Setup 6.3 or newer):
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\tiaojie.iss
; Override the build folder with /DDistDir=C:\path\to\dist\tiaojie if needed.
;
; Languages: 简体中文 (ChineseSimplified.isl in this folder: our own partial
; translation layered over Default.isl, see its header) and English.
;
; Per-user data - the SQLite database, settings.json and backups - lives in
; %LOCALAPPDATA%\tiaojie (platformdirs, see app/config.py).  It is NOT part of
; the installation and is deliberately NOT removed by the uninstaller: a
; mediation committee's case files must survive an uninstall or a reinstall.
;
; This file is UTF-8 with a byte-order mark; keep the BOM (Inno Setup needs it
; for the Chinese text below).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\tiaojie"
#endif
#define AppName "调解台 Tiaojie"
#define AppExeName "tiaojie-gui.exe"

[Setup]
; Keep AppId stable forever: it is how upgrades find the previous installation.
AppId={{E8F23FED-F226-40F9-B23F-2A40C0BBD576}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Tiaojie project
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} Setup
; Per-user install by default (no UAC prompt: village offices rarely have an
; administrator at hand) into %LOCALAPPDATA%\Programs\Tiaojie; the dialog
; (or /ALLUSERS on the command line) still allows a machine-wide install
; into Program Files.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\Tiaojie
DefaultGroupName={#AppName}
DisableProgramGroupPage=auto
; Qt 6 needs 64-bit Windows 10 or newer.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\tiaojie.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=auto
OutputDir=..\..\dist\installer
OutputBaseFilename=tiaojie-{#AppVersion}-setup-x64
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes

[Languages]
; The first entry is the default when Windows' UI language matches neither.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.ShortcutName=调解台
english.ShortcutName=Tiaojie
chinesesimplified.ShortcutComment=人民调解案件管理
english.ShortcutComment=Case management for people's mediation committees
chinesesimplified.DataKept=卸载程序没有删除您的数据（案件数据库、设置和备份），它们仍保存在：%n%n%1%n%n重新安装后可以继续使用。如确需彻底清除，请先备份，再手动删除该文件夹。
english.DataKept=Your data (case database, settings and backups) was NOT removed; it is still in:%n%n%1%n%nA reinstall will pick it up again. To erase it for good, back it up first, then delete that folder by hand.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundled runtime, so no stale DLL or module of
; the previous version is left behind to be picked up by the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"
Name: "{group}\{cm:UninstallProgram,{cm:ShortcutName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{cm:ShortcutName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program may have written inside its own folder at run time
; (e.g. Python byte-code caches).  %LOCALAPPDATA%\tiaojie is never listed here.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    DataDir := ExpandConstant('{localappdata}\tiaojie');
    if DirExists(DataDir) then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
