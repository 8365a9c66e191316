#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# sync_start primitive: Start-ADSyncSyncCycle -PolicyType Delta|Initial [S9]. It returns at once;
# Python polls sync_status until SyncCycleInProgress is false [S8][S31]. started_utc, the host's
# clock just before the start, is what Python reads run results from.
#
# A cycle already running (the scheduler may start one between Python's status read and this start)
# makes Start-ADSyncSyncCycle write an InvalidOperationException, "Connector: <name> is busy." [BUSY];
# 'Sync is already running' is matched too, as public scripts match it (its exact text INFERRED).
# With $ErrorActionPreference = 'Stop' that error is terminating. Only that case is answered, as
# result 'busy' with the message: the engine refused the start and nothing changed. Any other error
# fails the script as before.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][ValidateSet('Delta', 'Initial')][string]$PolicyType
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

$busyPattern = '\bis busy\b|\balready running\b'
$busy = $null
$started = [DateTime]::UtcNow.ToString('o')
try {
    $start = Start-ADSyncSyncCycle -PolicyType $PolicyType
}
catch {
    # The error's first line: the cmdlet's text carries the engine's stack trace after it.
    $text = ("$_" -split '\r?\n')[0].Trim()
    if ($text -notmatch $busyPattern) {
        throw
    }
    $busy = $text
}

if ($null -ne $busy) {
    $Ansible.Changed = $false
    $Ansible.Result = @{
        result = 'busy'
        message = $busy
        started_utc = $started
    }
}
else {
    $Ansible.Changed = $true
    $Ansible.Result = @{
        result = [string]$start.Result
        message = $null
        started_utc = $started
    }
}
