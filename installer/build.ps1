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
  (5) with -TestSetup: a silent per-user install into the default folder, then into a
  Chinese-named one (the first copy must be uninstalled), EstimatedSize against the bundle's
  size, the installed program's --self-test, a silent uninstall in place (_?=), then a
  reinstall and the normal uninstall (the uninstaller's copy in %TEMP% removes the folder),
  each time checking folder, shortcuts and entry gone and the data folder kept.

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
# The four-part Windows version (0.2.0rc1 -> 0.2.0.0), as the .exe files carry it.
$FileVersion = (& $VenvPython installer\windows_version.py $Version).Trim()
if ($LASTEXITCODE -ne 0) { throw "installer\windows_version.py cannot derive a file version from $Version" }
$took = Measure-Command {
    Invoke-Checked "makensis" { & $makensis /V2 /WX "/DVERSION=$Version" "/DFILE_VERSION=$FileVersion" "/DBUNDLE_DIR=$Bundle" "/DOUTFILE=$Setup" installer\office_app.nsi }
}
Write-Host ("setup: {0} ({1:N0} MB, {2:N0} s)" -f $Setup, ((Get-Item $Setup).Length / 1MB), $took.TotalSeconds)

if (-not $TestSetup) { return }

# --- 5. install, self-test, uninstall -------------------------------------------------------
Step "silent install, self-test, uninstall"
$Default = Join-Path $env:LOCALAPPDATA "Programs\CommunityOffice"
$Target = Join-Path $env:LOCALAPPDATA "Programs\社区防控办公室 测试"
$key = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\CommunityOffice"
$startMenu = Join-Path ([Environment]::GetFolderPath("Programs")) "社区防控办公室\社区防控办公室.lnk"
$desktop = Join-Path ([Environment]::GetFolderPath("Desktop")) "社区防控办公室.lnk"

function Install-Setup([string]$Folder) {
    # /D= must be the last argument and is never quoted; without it: the default folder.
    $arguments = @("/S")
    if ($Folder -ne "") { $arguments += "/D=$Folder" }
    $p = Start-Process -FilePath $Setup -ArgumentList $arguments -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "setup $arguments failed (exit code $($p.ExitCode))" }
}

function Wait-CopiedUninstaller([string]$Folder) {
    # The uninstaller started from the install folder copies itself to %TEMP%\~nsu*.tmp\Un_*.exe,
    # starts the copy and exits at once; the copy removes the folder. Wait for the copy.
    $deadline = (Get-Date).AddSeconds(180)
    do {
        Start-Sleep -Milliseconds 500
        $running = @(Get-Process -ErrorAction SilentlyContinue | Where-Object { $_.Name -like "Un_*" -or $_.Name -like "Au_*" })
    } while (($running.Count -gt 0 -or (Test-Path (Join-Path $Folder "uninstall.exe"))) -and (Get-Date) -lt $deadline)
    if ($running.Count -gt 0) { throw "the copied uninstaller is still running after 180 s" }
}

# 5a. An install into the default folder, then one into another folder: the earlier copy
#     is uninstalled first (issue 24), so one copy and one entry remain.
Install-Setup ""
if (-not (Test-Path (Join-Path $Default "OfficeApp.exe"))) { throw "not installed into the default folder $Default" }
Install-Setup $Target
if (Test-Path (Join-Path $Default "_internal")) { throw "the earlier copy in $Default was left behind" }
if (Test-Path $Default) { throw "the earlier install folder $Default was not removed" }
if ((Get-ItemProperty $key).InstallLocation -ne $Target) { throw "the entry does not name $Target" }

foreach ($file in @("OfficeApp.exe", "office-app.exe", "uninstall.exe", "LICENSE.txt", "_internal\resources\fonts\wqy-microhei-gbk.ttf")) {
    if (-not (Test-Path (Join-Path $Target $file))) { throw "not installed: $file" }
}
foreach ($link in @($startMenu, $desktop)) { if (-not (Test-Path $link)) { throw "no shortcut: $link" } }
if ((Get-ItemProperty $key).DisplayVersion -ne $Version) { throw "uninstall entry missing or wrong version" }

# 5b. EstimatedSize counts the program's own files, not what else the folder holds.
$bundleKiB = [math]::Round($bytes / 1KB)
Set-Content -Path (Join-Path $Target "用户 自己的文件.bin") -Value ("x" * 20MB) -NoNewline
Install-Setup $Target  # the same version again, over it
$estimated = (Get-ItemProperty $key).EstimatedSize
Write-Host ("EstimatedSize {0:N0} KiB, bundle {1:N0} KiB" -f $estimated, $bundleKiB)
if ([math]::Abs($estimated - $bundleKiB) -gt [math]::Max(2048.0, $bundleKiB * 0.02)) {
    throw "EstimatedSize $estimated KiB is not the program's size ($bundleKiB KiB)"
}
Remove-Item (Join-Path $Target "用户 自己的文件.bin")

Test-Program (Join-Path $Target "office-app.exe") "installed"

# A data folder as a user's would be: the uninstaller must keep it (silent: no question).
$DataDir = Join-Path $env:APPDATA "CommunityOffice\CommunityOffice"
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
Set-Content -Path (Join-Path $DataDir "keep-me.txt") -Value "data"

function Assert-Uninstalled([string]$How) {
    foreach ($link in @($startMenu, $desktop)) { if (Test-Path $link) { throw "$How left a shortcut: $link" } }
    if (Test-Path $key) { throw "$How left the Apps & features entry" }
    if (-not (Test-Path (Join-Path $DataDir "keep-me.txt"))) { throw "$How removed the data folder" }
}

# 5c. In place (_?=): runs from the install folder and can be waited for; it cannot delete
#     itself, so uninstall.exe and the folder stay by design.
$p = Start-Process -FilePath (Join-Path $Target "uninstall.exe") -ArgumentList "/S", "_?=$Target" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "uninstall /S _?= failed (exit code $($p.ExitCode))" }
if (Test-Path (Join-Path $Target "_internal")) { throw "uninstall left the program's files" }
Assert-Uninstalled "uninstall (_?=)"
Remove-Item -Recurse -Force $Target -ErrorAction SilentlyContinue

# 5d. The normal path, as "Apps & features" runs it: the uninstaller copies itself to a
#     temporary folder and the copy removes the whole install folder.
Install-Setup $Target
$p = Start-Process -FilePath (Join-Path $Target "uninstall.exe") -ArgumentList "/S" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "uninstall /S failed (exit code $($p.ExitCode))" }
Wait-CopiedUninstaller $Target
if (Test-Path $Target) { throw "uninstall left the install folder: $((Get-ChildItem -Recurse $Target | Select-Object -First 10) -join ', ')" }
Assert-Uninstalled "uninstall"

Remove-Item -Recurse -Force (Join-Path $env:APPDATA "CommunityOffice")
Write-Host "setup test passed"
