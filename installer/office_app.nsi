; NSIS script: the per-user setup of Community Office (社区防控办公室).
;
; Installs the PyInstaller bundle (dist\office-app\, from installer\office_app.spec) into
; %LOCALAPPDATA%\Programs\CommunityOffice without administrator rights, with Start-menu and
; desktop shortcuts and an uninstaller. The user's data (%APPDATA%\CommunityOffice: the
; database, backups, logs, preferences) is kept on uninstall unless the user asks otherwise.
;
;   makensis /DVERSION=0.1.0 installer\office_app.nsi
;   optional: /DBUNDLE_DIR=<folder of the bundle>  /DOUTFILE=<setup .exe to write>
;
; The file is UTF-8 with a byte-order mark, so makensis reads the Chinese text correctly.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Pass the version: makensis /DVERSION=x.y.z installer\office_app.nsi (installer\build.ps1 does)"
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
!include "FileFunc.nsh"
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

VIProductVersion "${VERSION}.0"
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
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
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

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's files; leftovers of the old version would be loaded.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
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
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the setup put there: never RMDir /r "$INSTDIR", which may be a folder the
  ; user chose and shares with other files.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\office-app.exe"
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
