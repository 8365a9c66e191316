#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# settings_read primitive: the settings exports in Folder that match FilePatterns, with size, time and
# SHA-256, and the configuration a settings export does not carry [S6]: the global settings Python
# names, each connector's run profiles and object/attribute selection, and every sync rule [S9][S25].
# The answer must match schemas/settings_read.json.

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][string]$Folder,
    [Parameter(Mandatory)][string[]]$FilePatterns,
    [Parameter(Mandatory)][string[]]$GlobalSettingNames
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

$expanded = [Environment]::ExpandEnvironmentVariables($Folder).TrimEnd('\')
$folderExists = Test-Path -LiteralPath $expanded -PathType Container
$files = @()
if ($folderExists) {
    $files = @(
        Get-ChildItem -LiteralPath $expanded -File |
            Where-Object { $name = $_.Name; @($FilePatterns | Where-Object { $name -like $_ }).Count -gt 0 } |
            ForEach-Object {
                @{
                    name = $_.Name
                    path = $_.FullName
                    size = [int64]$_.Length
                    last_write_utc = $_.LastWriteTimeUtc.ToString('o')
                    sha256 = (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
                }
            }
    )
}

$answer = @{
    computer_name = $env:COMPUTERNAME
    folder = $expanded
    folder_exists = $folderExists
    files = $files
    product_version = $null
    global_settings = @{}
    connectors = @()
    sync_rules = @()
}

$connectKey = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Azure AD Connect' -ErrorAction SilentlyContinue
if ($connectKey.WizardPath -and (Get-Service -Name ADSync -ErrorAction SilentlyContinue)) {
    $enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
    Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

    $answer.product_version = [Diagnostics.FileVersionInfo]::GetVersionInfo($connectKey.WizardPath).FileVersion
    $parameters = (Get-ADSyncGlobalSettings).Parameters
    foreach ($name in $GlobalSettingNames) {
        $value = ($parameters | Where-Object { $_.Name -eq $name }).Value
        $answer.global_settings[$name] = if ($null -eq $value) { $null } else { [string]$value }
    }
    $answer.connectors = @(
        Get-ADSyncConnector | ForEach-Object {
            @{
                identifier = $_.Identifier.ToString()
                name = $_.Name
                connector_type_name = $_.ConnectorTypeName
                run_profiles = @($_.RunProfiles | ForEach-Object { $_.Name })
                object_inclusion = @($_.ObjectInclusionList)
                attribute_inclusion = @($_.AttributeInclusionList)
            }
        }
    )
    $answer.sync_rules = @(
        Get-ADSyncRule | ForEach-Object {
            @{
                identifier = $_.Identifier.ToString()
                name = $_.Name
                connector = $_.Connector.ToString()
                direction = $_.Direction.ToString()
                precedence = [int]$_.Precedence
                disabled = [bool]$_.Disabled
                immutable_tag = $_.ImmutableTag
            }
        }
    )
}

$Ansible.Result = $answer
