#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# sync_status primitive: one short read of the sync engine, used for every poll. The scheduler
# [S8], the staging global setting [S25][S28], what is running (Get-ADSyncConnectorRunStatus is
# empty when the engine is idle [S8]) and the newest runs [S9][S31]. The answer must match
# schemas/sync_status.json.

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][string]$StagingSettingName,
    [Parameter(Mandatory)][int]$RunHistoryCount
)

# In check mode win_powershell runs the script with -WhatIf; it only reads, so no cmdlet it calls may skip
# its work for WhatIf (Get-ADSyncRunProfileResult, for one, supports ShouldProcess [S9]).
$WhatIfPreference = $false
$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}
$Ansible.Changed = $false

# Dates in the round-trip format as they are ('Z' UTC, an offset local, no suffix unspecified): Python turns
# them into UTC (_common/dates.py); relabelling a local date as UTC here would shift it by the offset.
function ConvertTo-StatusValue {
    param ($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [bool] -or $Value -is [int]) { return $Value }
    if ($Value -is [TimeSpan]) { return $Value.ToString('c') }
    if ($Value -is [DateTime]) { return $Value.ToString('o') }
    return $Value.ToString()
}

$answer = @{
    computer_name = $env:COMPUTERNAME
    now_utc = [DateTime]::UtcNow.ToString('o')
    installed = $false
    scheduler = $null
    staging_mode_setting = $null
    connectors = @()
    running_connectors = @()
    recent_runs = @()
}

if (Get-Service -Name ADSync -ErrorAction SilentlyContinue) {
    $enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
    Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

    $scheduler = @{}
    foreach ($property in (Get-ADSyncScheduler).PSObject.Properties) {
        $scheduler[$property.Name] = ConvertTo-StatusValue $property.Value
    }
    $answer.installed = $true
    $answer.scheduler = $scheduler
    $answer.staging_mode_setting = ConvertTo-StatusValue ((Get-ADSyncGlobalSettings).Parameters | Where-Object { $_.Name -eq $StagingSettingName }).Value
    $answer.connectors = @(Get-ADSyncConnector | ForEach-Object { $_.Name })
    # Get-ADSyncConnectorRunStatus names the running connector [S8]; the property's name is not
    # documented (UNCONFIRMED), so an object without ConnectorName is reported by its string form.
    $answer.running_connectors = @(
        Get-ADSyncConnectorRunStatus | ForEach-Object { if ($_.ConnectorName) { [string]$_.ConnectorName } else { [string]$_ } }
    )
    $answer.recent_runs = @(
        Get-ADSyncRunProfileResult -NumberRequested $RunHistoryCount | ForEach-Object {
            @{
                run_history_id = $_.RunHistoryId.ToString()
                connector_id = $_.ConnectorId.ToString()
                connector_name = $_.ConnectorName
                run_profile_name = $_.RunProfileName
                result = $_.Result
                is_run_complete = [bool]$_.IsRunComplete
                start_date = ConvertTo-StatusValue $_.StartDate
                end_date = ConvertTo-StatusValue $_.EndDate
            }
        }
    )
}

$Ansible.Result = $answer
