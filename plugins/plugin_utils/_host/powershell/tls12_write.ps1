#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# tls12_write primitive: writes each DWORD value it is given, creating missing keys, the way
# Microsoft's TLS 1.2 enable script does [S1]: New-Item for a missing key, then
# New-ItemProperty -PropertyType DWord -Force, which also replaces a value of another type. Then it
# stamps the marker with the time of writing. Python decides which values to send.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][object[]]$Values,
    [Parameter(Mandatory)][string]$MarkerPath,
    [Parameter(Mandatory)][string]$MarkerName
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

foreach ($value in $Values) {
    if (-not (Test-Path -LiteralPath $value.path)) {
        New-Item -Path $value.path -Force | Out-Null
    }
    New-ItemProperty -LiteralPath $value.path -Name $value.name -Value ([int]$value.data) -PropertyType DWord -Force | Out-Null
}

if (-not (Test-Path -LiteralPath $MarkerPath)) {
    New-Item -Path $MarkerPath -Force | Out-Null
}
$now = [DateTime]::UtcNow.ToString('o')
New-ItemProperty -LiteralPath $MarkerPath -Name $MarkerName -Value $now -PropertyType String -Force | Out-Null

$Ansible.Changed = $true
$Ansible.Result = @{
    written = @($Values).Count
    now_utc = $now
}
