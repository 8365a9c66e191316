#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# snapshot primitive: everything the collection needs to know about an Entra Connect server, read in one
# round trip. It reads only and decides nothing: what to read comes in the parameters (sent by
# plugin_utils/_host/primitives.py), and the answer must match _contract/schemas/snapshot.json.
# Anything absent is $null, never an error. Sources (numbers in docs/sources.md): registry and wizard version [S23],
# Get-ADSyncScheduler fields [S8], connectors and run results [S9][S17][S25].

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][string[]]$ProductDisplayNames,
    [Parameter(Mandatory)][string[]]$GlobalSettingNames,
    [Parameter(Mandatory)][int]$RunHistoryCount,
    [Parameter(Mandatory)][string]$MarkerPath
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

# TimeSpans as d.hh:mm:ss, enums as their names, dates in the round-trip format as they are: 'Z' for a UTC
# date, the offset for a local one, no suffix for an unspecified one. Python turns them into UTC
# (_common/dates.py); relabelling a local date as UTC here would shift it by the offset.
function ConvertTo-SnapshotValue {
    param ($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [bool] -or $Value -is [int]) { return $Value }
    if ($Value -is [TimeSpan]) { return $Value.ToString('c') }
    if ($Value -is [DateTime]) { return $Value.ToString('o') }
    return $Value.ToString()
}

$os = Get-CimInstance -ClassName Win32_OperatingSystem
$windowsVersion = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
$dotnet = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ErrorAction SilentlyContinue

$uninstallEntries = @(
    Get-ItemProperty -ErrorAction SilentlyContinue -Path @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
    ) |
        Where-Object { $ProductDisplayNames -contains $_.DisplayName } |
        ForEach-Object { @{ display_name = $_.DisplayName; display_version = $_.DisplayVersion; publisher = $_.Publisher } }
)

# MigrateSettings.ps1 reads the product version from the wizard binary named by WizardPath.
$wizard = $null
$connectKey = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Azure AD Connect' -ErrorAction SilentlyContinue
if ($connectKey.WizardPath) {
    $fileVersion = $null
    if (Test-Path -LiteralPath $connectKey.WizardPath) {
        $fileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($connectKey.WizardPath).FileVersion
    }
    $wizard = @{ path = [string]$connectKey.WizardPath; file_version = $fileVersion }
}

# The values this collection records on the server (when it made the server active, and after whom).
$markers = @{}
$markerKey = Get-Item -LiteralPath $MarkerPath -ErrorAction SilentlyContinue
if ($markerKey) {
    foreach ($name in $markerKey.GetValueNames()) {
        $markers[$name] = [string]$markerKey.GetValue($name)
    }
}

$service = Get-Service -Name ADSync -ErrorAction SilentlyContinue
$adsyncService = $null
$adsync = $null
if ($service) {
    $adsyncService = @{ status = $service.Status.ToString(); start_type = $service.StartType.ToString() }
    $adsync = @{ error = $null; global_settings = $null; scheduler = $null; connectors = $null; run_history = $null }
    try {
        $enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
        Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

        $parameters = (Get-ADSyncGlobalSettings).Parameters
        $settings = @{}
        foreach ($name in $GlobalSettingNames) {
            $settings[$name] = ConvertTo-SnapshotValue ($parameters | Where-Object { $_.Name -eq $name }).Value
        }
        $adsync.global_settings = $settings

        $scheduler = @{}
        foreach ($property in (Get-ADSyncScheduler).PSObject.Properties) {
            $scheduler[$property.Name] = ConvertTo-SnapshotValue $property.Value
        }
        $adsync.scheduler = $scheduler

        $adsync.connectors = @(
            Get-ADSyncConnector | ForEach-Object {
                @{
                    identifier = $_.Identifier.ToString()
                    name = $_.Name
                    connector_type_name = $_.ConnectorTypeName
                    type = ConvertTo-SnapshotValue $_.Type
                    subtype = $_.Subtype
                    # Password writeback (SSPR) of the Entra connector: AADPasswordResetConfiguration.Enabled
                    # (a property of the connector object [S25]; INFERRED: its Enabled flag is the setting).
                    password_writeback = if ($_.AADPasswordResetConfiguration) { [bool]$_.AADPasswordResetConfiguration.Enabled } else { $null }
                }
            }
        )

        $adsync.run_history = @(
            Get-ADSyncRunProfileResult -NumberRequested $RunHistoryCount | ForEach-Object {
                @{
                    run_history_id = $_.RunHistoryId.ToString()
                    connector_id = $_.ConnectorId.ToString()
                    connector_name = $_.ConnectorName
                    run_profile_name = $_.RunProfileName
                    result = $_.Result
                    is_run_complete = [bool]$_.IsRunComplete
                    start_date = ConvertTo-SnapshotValue $_.StartDate
                    end_date = ConvertTo-SnapshotValue $_.EndDate
                }
            }
        )
    }
    catch {
        # A stopped service or a broken module must not hide the rest of the snapshot.
        $adsync.error = $_.Exception.Message
    }
}

$Ansible.Result = @{
    computer_name = $env:COMPUTERNAME
    # The server's clock, so a time the server stamped (the activation record) is measured on the same clock.
    now_utc = [DateTime]::UtcNow.ToString('o')
    os = @{
        caption = $os.Caption
        version = $os.Version
        build_number = [int]$os.BuildNumber
        installation_type = $windowsVersion.InstallationType
    }
    dotnet_release = if ($dotnet.Release) { [int]$dotnet.Release } else { $null }
    uninstall_entries = $uninstallEntries
    wizard = $wizard
    adsync_service = $adsyncService
    adsync = $adsync
    markers = $markers
}
