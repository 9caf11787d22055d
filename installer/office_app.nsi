; NSIS script: the per-user setup of Community Office (社区防控办公室).
;
; Installs the PyInstaller bundle (dist\office-app\, from installer\office_app.spec) into
; %LOCALAPPDATA%\Programs\CommunityOffice without administrator rights, with Start-menu and
; desktop shortcuts and an uninstaller. The user's data (%APPDATA%\CommunityOffice: the
; database, backups, logs, preferences) is kept on uninstall unless the user asks otherwise.
;
;   makensis /DVERSION=0.1.0 /DFILE_VERSION=0.1.0.0 installer\office_app.nsi
;   optional: /DBUNDLE_DIR=<folder of the bundle>  /DOUTFILE=<setup .exe to write>
;
; FILE_VERSION is the four-part Windows version of VERSION, as installer\windows_version.py
; derives it for every version the project may carry (0.2.0rc1 -> 0.2.0.0, 1.0 -> 1.0.0.0,
; 0.1.0.post1 -> 0.1.0.1): `python installer\windows_version.py VERSION` prints it, and
; installer\build.ps1 passes it. The .exe files of the bundle carry the same numbers.
;
; The file is UTF-8 with a byte-order mark, so makensis reads the Chinese text correctly.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Pass the version: makensis /DVERSION=x.y.z installer\office_app.nsi (installer\build.ps1 does)"
!endif
!ifndef FILE_VERSION
  !error "Pass the four-part file version: /DFILE_VERSION=a.b.c.d (python installer\windows_version.py ${VERSION} prints it; installer\build.ps1 passes it)"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\dist\office-app"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\CommunityOffice-${VERSION}-setup.exe"
!endif

!define APP_NAME "社区防控办公室"
!define APP_ID "CommunityOffice"
!define APP_EXE "OfficeApp.exe"
!define PUBLISHER "Community Office"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; The data folder: QStandardPaths::AppDataLocation for organisation and application
; "CommunityOffice" is %APPDATA%\CommunityOffice\CommunityOffice; the preferences file
; (QSettings, INI) is %APPDATA%\CommunityOffice\office-app.ini. Both live under:
!define DATA_DIR "$APPDATA\${APP_ID}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装程序"
BrandingText "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${FILE_VERSION}"
VIFileVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "..\resources\icons\office_app.ico"
!define MUI_UNICON "..\resources\icons\office_app.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将为当前用户安装 ${APP_NAME} ${VERSION}，不需要管理员权限。$\r$\n$\r$\n数据保存在 %APPDATA%\${APP_ID}，卸载或升级程序时默认保留。$\r$\n$\r$\n点击“下一步”继续。"
; 立即运行 starts the program from Documents, as the shortcuts do (RunFromDocuments), not from
; the install folder that MUI_FINISHPAGE_RUN alone would use as the working folder.
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_NAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION RunFromDocuments
; The licence page: the program's (GPL-3.0-or-later) and the font's; the full texts are
; installed (LICENSE.txt, _internal\resources\fonts\LICENSE-*.txt).
!define MUI_LICENSEPAGE_TEXT_TOP "本程序和所附字体的许可证："
!define MUI_LICENSEPAGE_BUTTON "下一步(&N) >"
!define MUI_LICENSEPAGE_TEXT_BOTTOM "这些许可证允许你自由使用、复制和分发本程序；不需要接受任何条款即可安装。点击“下一步”继续。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "licence.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; The bundle is 64-bit Python with Qt 6, which needs 64-bit Windows 10 or later.
Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 64 位的 Windows 10 或更新版本。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Function RunFromDocuments
  SetOutPath "$DOCUMENTS"  ; Exec starts the program in the output folder
  Exec '"$INSTDIR\${APP_EXE}"'
FunctionEnd

; An earlier install in another folder (the HKCU entry names it) is uninstalled first, so no
; copy is left behind without an entry or a shortcut. Its uninstaller runs silently (the data
; folder stays) and in place (_?=), so it can be waited for; then it is removed as well.
Function RemoveEarlierCopy
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 == ""
  ${OrIf} $0 == $INSTDIR  ; (case-insensitive) the same folder: installed over below
    Return
  ${EndIf}
  ${IfNot} ${FileExists} "$0\uninstall.exe"
    Return
  ${EndIf}
  DetailPrint "卸载 $0 中的旧版本"
  ExecWait '"$0\uninstall.exe" /S _?=$0' $1
  ${If} $1 != 0
    MessageBox MB_OK|MB_ICONSTOP "无法卸载 $0 中的旧版本（错误 $1）。请先在“应用和功能”中卸载它，然后重新运行安装程序。" /SD IDOK
    Abort
  ${EndIf}
  Delete "$0\uninstall.exe"
  RMDir "$0"
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  Call RemoveEarlierCopy
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's files; leftovers of the old version would be loaded.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
  File "/oname=LICENSE.txt" "..\LICENSE"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts start in Documents ("Start in"), so the first file dialog opens there.
  SetOutPath "$DOCUMENTS"
  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  SetOutPath "$INSTDIR"

  ; "Apps & features" entry for this user only (HKCU: no administrator rights needed).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ; The program's own files only (what this section installs, in KiB, as makensis counted
  ; them), not whatever else the chosen folder holds.
  SectionGetSize ${SecMain} $0
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the setup put there: never RMDir /r "$INSTDIR", which may be a folder the
  ; user chose and shares with other files.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\office-app.exe"
  Delete "$INSTDIR\LICENSE.txt"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; The data stays unless the user says otherwise (default button: keep; silent: keep).
  ${If} ${FileExists} "${DATA_DIR}\*.*"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
      "是否同时删除数据文件夹？$\r$\n$\r$\n${DATA_DIR}$\r$\n$\r$\n其中有数据库、备份、日志和个人设置。删除后无法恢复。$\r$\n选择“否”将保留数据，重新安装后可继续使用。" \
      /SD IDNO IDNO keep_data
    RMDir /r "${DATA_DIR}"
    RMDir /r "$PROFILE\.qt_material\office-light"
    RMDir /r "$PROFILE\.qt_material\office-dark"
    keep_data:
  ${EndIf}
SectionEnd
