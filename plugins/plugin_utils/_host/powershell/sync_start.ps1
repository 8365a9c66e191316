#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# sync_start primitive: Start-ADSyncSyncCycle -PolicyType Delta|Initial [S9]. It returns at once;
# Python polls sync_status until SyncCycleInProgress is false [S8][S31]. started_utc, the host's
# clock just before the start, is what Python reads run results from.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][ValidateSet('Delta', 'Initial')][string]$PolicyType
)

$ErrorActionPreference = 'Stop'

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

$started = [DateTime]::UtcNow.ToString('o')
$start = Start-ADSyncSyncCycle -PolicyType $PolicyType

$Ansible.Changed = $true
$Ansible.Result = @{
    result = [string]$start.Result
    started_utc = $started
}
