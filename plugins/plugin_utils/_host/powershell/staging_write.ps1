#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# staging_write primitive: sets the staging global setting through Get/Set-ADSyncGlobalSettings, the
# route public scripts use [S28] (the wizard is Microsoft's documented route [S7]). Python has already
# decided that the change is wanted and that it can be made unattended (_rules/sign_in.py): with
# PauseScheduler the scheduler is paused around the change and set to SyncCycleEnabledAfter afterwards;
# without it (2.6.91.0 and later, where Set-ADSyncScheduler opens an interactive sign-in [S3]) the scheduler
# is not touched. Either way a cycle that started since Python's read is answered as busy, nothing changed.
# No credential is taken: no ADSync cmdlet this script calls has a credential parameter [S9].
# The restore of the scheduler has its own try/catch, so a failure there never hides the change's own
# error, and the answer says whether it was restored.
# MarkerPath/MarkerValues: when a server is made active, the collection records after which servers
# it did so, before the change, so a server that is active is never without its record; when the change
# fails, the values it wrote are put back, so no record outlives a change that did not happen.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$StagingSettingName,
    [Parameter(Mandatory)][bool]$StagingMode,
    [Parameter(Mandatory)][bool]$PauseScheduler,
    [bool]$SyncCycleEnabledAfter,
    [string]$MarkerPath,
    [hashtable]$MarkerValues
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

$busy = $false
$paused = $false
$restored = $null
$restoreError = $null
$previous = @{}
try {
    if ($PauseScheduler) {
        Set-ADSyncScheduler -SyncCycleEnabled $false
        $paused = $true
    }
    # A cycle the scheduler started since Python's read: staging mode is not changed in the middle of it.
    $busy = [bool](Get-ADSyncScheduler).SyncCycleInProgress
    if (-not $busy) {
        if ($MarkerPath) {
            if (-not (Test-Path -LiteralPath $MarkerPath)) {
                New-Item -Path $MarkerPath -Force | Out-Null
            }
            foreach ($name in $MarkerValues.Keys) {
                $previous[$name] = (Get-ItemProperty -LiteralPath $MarkerPath -Name $name -ErrorAction SilentlyContinue).$name
                New-ItemProperty -LiteralPath $MarkerPath -Name $name -Value ([string]$MarkerValues[$name]) -PropertyType String -Force | Out-Null
            }
        }
        $globalSettings = Get-ADSyncGlobalSettings
        ($globalSettings.Parameters | Where-Object { $_.Name -eq $StagingSettingName }).Value = $StagingMode
        Set-ADSyncGlobalSettings -GlobalSettings $globalSettings | Out-Null
    }
}
catch {
    # The change did not happen: the record of an activation must not outlive it.
    foreach ($name in $previous.Keys) {
        if ($null -eq $previous[$name]) {
            Remove-ItemProperty -LiteralPath $MarkerPath -Name $name -ErrorAction SilentlyContinue
        }
        else {
            New-ItemProperty -LiteralPath $MarkerPath -Name $name -Value $previous[$name] -PropertyType String -Force -ErrorAction SilentlyContinue | Out-Null
        }
    }
    throw
}
finally {
    if ($paused) {
        try {
            Set-ADSyncScheduler -SyncCycleEnabled $SyncCycleEnabledAfter
            $restored = $true
        }
        catch {
            $restored = $false
            $restoreError = $_.Exception.Message
        }
    }
}

$Ansible.Changed = $true
if ($busy) {
    $Ansible.Changed = $false
}
$Ansible.Result = @{
    now_utc = [DateTime]::UtcNow.ToString('o')
    busy = $busy
    scheduler_restored = $restored
    restore_error = $restoreError
}
