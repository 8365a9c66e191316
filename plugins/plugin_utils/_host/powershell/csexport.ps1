#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# csexport primitive: writes one connector's connector space objects to an XML file on the server with
# csexport.exe, as Microsoft documents for the staging verification [S7]:
#   csexport "<connector name>" <file> /f:x        (x: the objects with a pending export [S20])
# csexport does not overwrite an existing file [S20], so a file left at Path goes first. It decides nothing:
# Python names the connector, the file and the filter, and analyses the file it fetches. The answer must
# match schemas/csexport.json; a non-zero exit code or a missing file is an error naming the connector and
# the exit code (which codes csexport uses is not documented: INFERRED that 0 means success).

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$ConnectorName,
    [Parameter(Mandatory)][string]$Path,
    # d=<DN or anchor>, r=<RDN>, g=<GUID>, s, i, e, m or x [S20]; the lab twin checks the same pattern.
    [Parameter(Mandatory)][ValidatePattern('^(?:[simex]|[drg]=.+)$')][string]$Filter
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

# Runs csexport with each value as one argument (the call operator and an argument array, never a command
# string) and returns what it printed. A line csexport writes to stderr becomes an error record, which under
# 'Stop' would end the script before the exit code is read; in this function's scope it is output instead.
function Invoke-CsExport {
    param ([string]$Executable, [string[]]$Arguments)
    Set-Variable -Name ErrorActionPreference -Value 'Continue' -Scope Local
    & $Executable @Arguments 2>&1 | ForEach-Object { [string]$_ }
}

# The sync engine's folder, from the registry value snapshot.ps1 and settings_export.ps1 read [S23];
# csexport.exe is in its Bin folder, %ProgramFiles%\Microsoft Azure AD Sync\Bin by default [S7].
$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
$executable = Join-Path -Path $enginePath -ChildPath 'Bin\csexport.exe'
if (-not (Test-Path -LiteralPath $executable -PathType Leaf)) {
    throw "csexport.exe is not where the ADSync engine is installed: $executable does not exist"
}

$leftoverRemoved = $false
if (Test-Path -LiteralPath $Path -PathType Leaf) {
    Remove-Item -LiteralPath $Path -Force
    $leftoverRemoved = $true
}

$printed = @(Invoke-CsExport -Executable $executable -Arguments @($ConnectorName, $Path, "/f:$Filter"))
$exitCode = $LASTEXITCODE
$said = ($printed | Where-Object { $_ }) -join ' '
if ($exitCode -ne 0) {
    throw ("csexport exited with code {0} for connector '{1}': {2}" -f $exitCode, $ConnectorName, $said)
}
$file = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
if (-not $file) {
    throw ("csexport exited with code {0} for connector '{1}' but wrote no file at {2}: {3}" -f $exitCode, $ConnectorName, $Path, $said)
}

$Ansible.Changed = $true
$Ansible.Result = @{
    connector = $ConnectorName
    path = $Path
    filter = $Filter
    exit_code = $exitCode
    bytes = [int64]$file.Length
    sha256 = (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
    created = $file.LastWriteTimeUtc.ToString('o')
    leftover_removed = $leftoverRemoved
}
