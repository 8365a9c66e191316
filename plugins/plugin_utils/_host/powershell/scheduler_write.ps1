#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# scheduler_write primitive: Set-ADSyncScheduler with exactly the settings Python sends [S8][S9].
# SchedulerSuspended is never among them: only Entra Connect should change it [S8]. An empty
# CustomizedSyncCycleInterval stands for $null, "the lowest allowed interval".

[CmdletBinding()]
param (
    [bool]$SyncCycleEnabled,
    [ValidateSet('Delta', 'Initial')][string]$NextSyncCyclePolicyType,
    [AllowEmptyString()][string]$CustomizedSyncCycleInterval
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

$arguments = @{}
foreach ($name in @($PSBoundParameters.Keys)) {
    $arguments[$name] = $PSBoundParameters[$name]
}
if ($arguments.ContainsKey('CustomizedSyncCycleInterval')) {
    $arguments.CustomizedSyncCycleInterval = if ($CustomizedSyncCycleInterval) { [TimeSpan]::Parse($CustomizedSyncCycleInterval) } else { $null }
}
Set-ADSyncScheduler @arguments

$Ansible.Changed = $true
$Ansible.Result = @{
    now_utc = [DateTime]::UtcNow.ToString('o')
}
