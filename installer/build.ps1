<#
.SYNOPSIS
  Build Community Office (社区防控办公室) for Windows: the one-folder bundle and the setup .exe.

.DESCRIPTION
  Run from anywhere on a Windows PC with Python 3.11+ and NSIS 3 (makensis) installed:

      powershell -ExecutionPolicy Bypass -File installer\build.ps1

  Steps: (1) .venv with the program and PyInstaller (pip install -e ".[test]");
  (2) PyInstaller: dist\office-app\ (OfficeApp.exe for the window, office-app.exe for the
  command line); (3) the bundle's own --self-test, offscreen, from a folder with Chinese
  characters in its name; (4) makensis: dist\CommunityOffice-<version>-setup.exe;
  (5) with -TestSetup: a silent per-user install into a Chinese-named folder, the installed
  program's --self-test, a silent uninstall, and a check that the data folder stayed.

.PARAMETER Python
  The Python used to create .venv (default: "py -3.11" when the launcher exists, else "python").
.PARAMETER SkipSetup
  Build the bundle only (no makensis).
.PARAMETER TestSetup
  After building the setup, install, self-test and uninstall it (as CI does).
#>
param(
    [string]$Python = "",
    [switch]$SkipSetup,
    [switch]$TestSetup
)

$ErrorActionPreference = "Stop"
$Repo = Split-Path -Parent $PSScriptRoot
Set-Location $Repo

function Step([string]$Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

function Invoke-Checked([string]$What, [scriptblock]$Block) {
    # Tools log to stderr; Windows PowerShell 5.1 would turn that into a terminating error.
    $ErrorActionPreference = "Continue"
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

# This file is UTF-8 with a byte-order mark (Windows PowerShell 5.1 needs it for the Chinese).
# Text written by Python and makensis is UTF-8.
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$env:PYTHONUTF8 = "1"

# --- 1. the virtual environment -------------------------------------------------------------
Step "Python environment (.venv)"
$VenvPython = Join-Path $Repo ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    if ($Python -eq "") {
        if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py -3.11" } else { $Python = "python" }
    }
    $exe, $pyArgs = $Python -split " "
    Invoke-Checked "creating .venv" { & $exe @pyArgs -m venv (Join-Path $Repo ".venv") }
}
Invoke-Checked "pip upgrade" { & $VenvPython -m pip install --quiet --upgrade pip }
Invoke-Checked "pip install" { & $VenvPython -m pip install --quiet -e ".[test]" }
$Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()
Write-Host "version $Version"

# --- 2. the bundle --------------------------------------------------------------------------
Step "PyInstaller bundle (dist\office-app)"
$Dist = Join-Path $Repo "dist"
$Bundle = Join-Path $Dist "office-app"
$took = Measure-Command {
    Invoke-Checked "PyInstaller" {
        & $VenvPython -m PyInstaller --noconfirm --clean --distpath $Dist --workpath (Join-Path $Repo "build") installer\office_app.spec
    }
}
$bytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ("bundle: {0:N0} MB, {1} files, built in {2:N0} s" -f ($bytes / 1MB), (Get-ChildItem $Bundle -Recurse -File).Count, $took.TotalSeconds)

function Test-Program([string]$Exe, [string]$Label) {
    # --self-test offscreen, with the temporary folder and the home folder under Chinese names.
    $ErrorActionPreference = "Continue"  # a Qt message on stderr is not a failure by itself
    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) "社区 自检 $PID"
    New-Item -ItemType Directory -Force -Path $scratch | Out-Null
    $saved = @{ QT = $env:QT_QPA_PLATFORM; TEMP = $env:TEMP; TMP = $env:TMP; HOME = $env:USERPROFILE }
    try {
        $env:QT_QPA_PLATFORM = "offscreen"
        $env:TEMP = $scratch; $env:TMP = $scratch
        $env:USERPROFILE = $scratch  # Path.home(): qt-material's theme files go here
        $t = Measure-Command { $script:out = & $Exe --self-test 2>&1 | Out-String }
        Write-Host $script:out.Trim()
        if ($LASTEXITCODE -ne 0) { throw "$Label --self-test failed (exit code $LASTEXITCODE)" }
        if ($script:out -notmatch "self-test OK") { throw "$Label --self-test did not say OK" }
        Write-Host ("{0} --self-test: {1:N2} s" -f $Label, $t.TotalSeconds)
    } finally {
        $env:QT_QPA_PLATFORM = $saved.QT; $env:TEMP = $saved.TEMP; $env:TMP = $saved.TMP
        $env:USERPROFILE = $saved.HOME
        Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
    }
}

# --- 3. the bundle's self-test --------------------------------------------------------------
Step "bundle --self-test"
Test-Program (Join-Path $Bundle "office-app.exe") "bundle"

if ($SkipSetup) { return }

# --- 4. the setup ---------------------------------------------------------------------------
Step "NSIS setup"
$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) {
    foreach ($candidate in @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe")) {
        if (Test-Path $candidate) { $makensis = $candidate; break }
    }
}
if (-not $makensis) { throw "makensis not found: install NSIS 3 (https://nsis.sourceforge.io, or: choco install nsis)" }
$Setup = Join-Path $Dist "CommunityOffice-$Version-setup.exe"
$took = Measure-Command {
    Invoke-Checked "makensis" { & $makensis /V2 /WX "/DVERSION=$Version" "/DBUNDLE_DIR=$Bundle" "/DOUTFILE=$Setup" installer\office_app.nsi }
}
Write-Host ("setup: {0} ({1:N0} MB, {2:N0} s)" -f $Setup, ((Get-Item $Setup).Length / 1MB), $took.TotalSeconds)

if (-not $TestSetup) { return }

# --- 5. install, self-test, uninstall -------------------------------------------------------
Step "silent install, self-test, uninstall"
$Target = Join-Path $env:LOCALAPPDATA "Programs\社区防控办公室 测试"
# /D= must be the last argument and is never quoted.
$p = Start-Process -FilePath $Setup -ArgumentList "/S", "/D=$Target" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "setup /S failed (exit code $($p.ExitCode))" }
foreach ($file in @("OfficeApp.exe", "office-app.exe", "uninstall.exe", "_internal\resources\fonts\wqy-microhei-gbk.ttf")) {
    if (-not (Test-Path (Join-Path $Target $file))) { throw "not installed: $file" }
}
$startMenu = Join-Path ([Environment]::GetFolderPath("Programs")) "社区防控办公室\社区防控办公室.lnk"
$desktop = Join-Path ([Environment]::GetFolderPath("Desktop")) "社区防控办公室.lnk"
foreach ($link in @($startMenu, $desktop)) { if (-not (Test-Path $link)) { throw "no shortcut: $link" } }
$key = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\CommunityOffice"
if ((Get-ItemProperty $key).DisplayVersion -ne $Version) { throw "uninstall entry missing or wrong version" }
Test-Program (Join-Path $Target "office-app.exe") "installed"

# A data folder as a user's would be: the uninstaller must keep it (silent: no question).
$DataDir = Join-Path $env:APPDATA "CommunityOffice\CommunityOffice"
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
Set-Content -Path (Join-Path $DataDir "keep-me.txt") -Value "data"
# _?= runs the uninstaller in place and waits for it.
$p = Start-Process -FilePath (Join-Path $Target "uninstall.exe") -ArgumentList "/S", "_?=$Target" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "uninstall /S failed (exit code $($p.ExitCode))" }
if (Test-Path (Join-Path $Target "_internal")) { throw "uninstall left the program's files" }
foreach ($link in @($startMenu, $desktop)) { if (Test-Path $link) { throw "uninstall left a shortcut: $link" } }
if (Test-Path $key) { throw "uninstall left the Apps & features entry" }
if (-not (Test-Path (Join-Path $DataDir "keep-me.txt"))) { throw "uninstall removed the data folder" }
Remove-Item -Recurse -Force (Join-Path $env:APPDATA "CommunityOffice")
Remove-Item -Recurse -Force $Target -ErrorAction SilentlyContinue
Write-Host "setup test passed"
