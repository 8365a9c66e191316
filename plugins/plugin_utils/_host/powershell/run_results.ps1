#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# run_results primitive: the NumberRequested newest run profile results, with counters summed over
# their steps [S9][S25]: adds, updates and deletes staged by imports plus those
# exported; errors are the failures of staging, flow and export. The answer must match
# schemas/run_results.json.

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][int]$NumberRequested
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

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

function Get-StepSum {
    param ($Steps, [string[]]$Names)
    $sum = 0
    foreach ($step in $Steps) {
        foreach ($name in $Names) { $sum += [int]$step.$name }
    }
    $sum
}

$runs = @(
    Get-ADSyncRunProfileResult -NumberRequested $NumberRequested -RunStepDetails |
        ForEach-Object {
            $steps = @($_.RunStepResults)
            @{
                run_history_id = $_.RunHistoryId.ToString()
                connector_id = $_.ConnectorId.ToString()
                connector_name = $_.ConnectorName
                run_profile_name = $_.RunProfileName
                result = $_.Result
                is_run_complete = [bool]$_.IsRunComplete
                # In the round-trip format as they are ('Z' UTC, an offset local, no suffix unspecified): Python
                # turns them into UTC (_common/dates.py); relabelling a local date as UTC would shift it.
                start_date = if ($_.StartDate) { ([DateTime]$_.StartDate).ToString('o') } else { $null }
                end_date = if ($_.EndDate) { ([DateTime]$_.EndDate).ToString('o') } else { $null }
                adds = Get-StepSum -Steps $steps -Names 'StageAdd', 'ExportAdd'
                updates = Get-StepSum -Steps $steps -Names 'StageUpdate', 'StageRename', 'ExportUpdate', 'ExportRename'
                deletes = Get-StepSum -Steps $steps -Names 'StageDelete', 'ExportDelete'
                errors = Get-StepSum -Steps $steps -Names 'StageFailure', 'FlowFailure', 'ExportFailure'
            }
        }
)

$Ansible.Result = @{
    now_utc = [DateTime]::UtcNow.ToString('o')
    runs = $runs
}
