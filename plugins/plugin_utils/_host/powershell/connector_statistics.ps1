#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# connector_statistics primitive: per connector, how many objects its connector space holds, read on the
# server itself. It reads only and decides nothing; the answer must match
# _contract/schemas/connector_statistics.json. Sources (numbers in docs/sources.md):
# - Get-ADSyncConnector [S9], its properties [S25];
# - Get-ADSyncCSObject -ConnectorIdentifier -StartIndex -MaxResultCount, the documented way to page through a
#   connector space [S9]; transient objects are left out (no -Transient);
# - connector (joined), disconnector (disjoined) and placeholder as Microsoft defines them [S36];
# - Get-ADSyncConnectorStatistics, in the ADSync module but missing from its reference [S35].

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][int]$PageSize,
    [Parameter(Mandatory)][bool]$CountConnectorSpace
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

# Get-ADSyncConnectorStatistics is not in Microsoft's ADSync reference [S35]: used only where the module has it.
$statisticsCommand = Get-Command -Name Get-ADSyncConnectorStatistics -ErrorAction SilentlyContinue

# Every object of one connector space, counted page by page; nothing of the objects leaves the server.
function Get-ConnectorSpaceCount {
    param ([Guid]$ConnectorIdentifier, [int]$PageSize)
    $counted = @{ total_objects = 0; total_connectors = 0; placeholders = 0; flags = $true }
    $start = 0
    do {
        $page = @(Get-ADSyncCSObject -ConnectorIdentifier $ConnectorIdentifier -StartIndex $start -MaxResultCount $PageSize)
        foreach ($object in $page) {
            $counted.total_objects += 1
            # IsConnector and IsPlaceHolder: INFERRED names (getters of the CsObject type), not in the reference.
            if ($null -eq $object.IsConnector -or $null -eq $object.IsPlaceHolder) {
                $counted.flags = $false
            }
            elseif ($object.IsPlaceHolder) {
                $counted.placeholders += 1
            }
            elseif ($object.IsConnector) {
                $counted.total_connectors += 1
            }
        }
        $start += $page.Count
    } while ($page.Count -eq $PageSize -and $page.Count -gt 0)
    $counted
}

$connectors = @(
    Get-ADSyncConnector | ForEach-Object {
        # Named, because inside a catch block $_ is the error.
        $connector = $_
        $entry = @{
            identifier = $connector.Identifier.ToString()
            name = $connector.Name
            connector_type_name = $connector.ConnectorTypeName
            subtype = $connector.Subtype
            total_objects = $null
            total_connectors = $null
            total_disconnectors = $null
            placeholders = $null
            reported_total_connectors = $null
            error = $null
        }
        $problems = @()
        if ($CountConnectorSpace) {
            try {
                $counted = Get-ConnectorSpaceCount -ConnectorIdentifier $connector.Identifier -PageSize $PageSize
                $entry.total_objects = $counted.total_objects
                if ($counted.flags) {
                    $entry.total_connectors = $counted.total_connectors
                    $entry.placeholders = $counted.placeholders
                    $entry.total_disconnectors = $counted.total_objects - $counted.total_connectors - $counted.placeholders
                }
                else {
                    $problems += 'the connector space objects carry no IsConnector/IsPlaceHolder flags'
                }
            }
            catch {
                $problems += "Get-ADSyncCSObject: $($_.Exception.Message)"
            }
        }
        if ($statisticsCommand) {
            try {
                # TotalConnectors: INFERRED name (third-party model of the cmdlet's output type) [S35].
                $statistics = Get-ADSyncConnectorStatistics -ConnectorName $connector.Name
                if ($null -ne $statistics.TotalConnectors) {
                    $entry.reported_total_connectors = [int]$statistics.TotalConnectors
                }
            }
            catch {
                $problems += "Get-ADSyncConnectorStatistics: $($_.Exception.Message)"
            }
        }
        if ($problems.Count -gt 0) {
            $entry.error = $problems -join '; '
        }
        $entry
    }
)

$Ansible.Result = @{
    now_utc = [DateTime]::UtcNow.ToString('o')
    connectors = $connectors
}
