#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# staging_write primitive: sets the staging global setting through Get/Set-ADSyncGlobalSettings, the
# route public scripts use [S28] (the wizard is Microsoft's documented route [S7]), with the scheduler
# paused around the change and set to SyncCycleEnabledAfter afterwards, also when the change fails.
# Python has already decided that the change is wanted and allowed.
# AdminCredential: from 2.5.3.0 a PowerShell staging change needs administrator credentials when
# SSPR is enabled [S3]. Which cmdlet parameter takes them is not documented (UNCONFIRMED); the script
# offers the credential to every ADSync cmdlet that has an -AADCredential parameter, the name ADSync
# cmdlets use for Entra credentials [S9].
# MarkerPath/MarkerValues: when a server is made active, the collection records after which servers
# it did so, before the change, so a server that is active is never without its record.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$StagingSettingName,
    [Parameter(Mandatory)][bool]$StagingMode,
    [Parameter(Mandatory)][bool]$SyncCycleEnabledAfter,
    [string]$MarkerPath,
    [hashtable]$MarkerValues,
    [PSCredential]$AdminCredential
)

$ErrorActionPreference = 'Stop'

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

if ($MarkerPath) {
    if (-not (Test-Path -LiteralPath $MarkerPath)) {
        New-Item -Path $MarkerPath -Force | Out-Null
    }
    foreach ($name in $MarkerValues.Keys) {
        New-ItemProperty -LiteralPath $MarkerPath -Name $name -Value ([string]$MarkerValues[$name]) -PropertyType String -Force | Out-Null
    }
}

if ($AdminCredential) {
    $PSDefaultParameterValues['*-ADSync*:AADCredential'] = $AdminCredential
}

Set-ADSyncScheduler -SyncCycleEnabled $false
try {
    $globalSettings = Get-ADSyncGlobalSettings
    ($globalSettings.Parameters | Where-Object { $_.Name -eq $StagingSettingName }).Value = $StagingMode
    Set-ADSyncGlobalSettings -GlobalSettings $globalSettings | Out-Null
}
finally {
    Set-ADSyncScheduler -SyncCycleEnabled $SyncCycleEnabledAfter
}

$Ansible.Changed = $true
$Ansible.Result = @{
    now_utc = [DateTime]::UtcNow.ToString('o')
}
