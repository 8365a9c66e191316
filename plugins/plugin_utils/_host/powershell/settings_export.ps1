#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# settings_export primitive: a server-configuration export as Microsoft's MigrateSettings.ps1 makes it
# [S23]: Get-ADSyncServerConfiguration into Exported-ServerConfiguration-<guid> under Folder, a copy of
# PersistedState.xml, and MigratedPolicy.json with the policy and deployment metadata; then one zip
# archive of the folder for the controller to fetch. The answer must match schemas/settings_export.json.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$Folder
)

$ErrorActionPreference = 'Stop'

$expanded = [Environment]::ExpandEnvironmentVariables($Folder).TrimEnd('\')
$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')

$directory = Join-Path -Path $expanded -ChildPath "Exported-ServerConfiguration-$([guid]::NewGuid())"
New-Item -Path $directory -ItemType Directory -Force | Out-Null
Get-ADSyncServerConfiguration -Path $directory

$persistedState = Join-Path -Path $expanded -ChildPath 'PersistedState.xml'
if (Test-Path -LiteralPath $persistedState) {
    Copy-Item -LiteralPath $persistedState -Destination $directory
}

$engine = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters'
$service = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync'
$wizardPath = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Azure AD Connect').WizardPath
# serviceAccountType, which MigrateSettings.ps1 also writes, is left out: how it is derived is not
# known here (UNCONFIRMED), and a wrong value would mislead the wizard more than a missing one.
$policy = @{
    policyMetadata = @{
        type = 'migration'
        author = "$env:USERDOMAIN\$env:USERNAME"
        timeCreated = [DateTime]::UtcNow.ToString('u')
        azureADConnectVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($wizardPath).FileVersion
    }
    deploymentMetadata = @{
        hostName = [Net.Dns]::GetHostEntry('').HostName
        serviceAccount = $service.ObjectName
        databaseServer = $engine.Server
        databaseInstance = $engine.SQLInstance
        databaseName = $engine.DBName
        connectorIds = @(Get-ADSyncConnector | ForEach-Object { $_.Identifier.ToString() })
    }
}
$policy | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path -Path $directory -ChildPath 'MigratedPolicy.json') -Encoding UTF8

$archivePath = "$directory.zip"
Compress-Archive -Path (Join-Path -Path $directory -ChildPath '*') -DestinationPath $archivePath
$archive = Get-Item -LiteralPath $archivePath

$Ansible.Changed = $true
$Ansible.Result = @{
    directory = $directory
    archive = @{
        name = $archive.Name
        path = $archive.FullName
        size = [int64]$archive.Length
        last_write_utc = $archive.LastWriteTimeUtc.ToString('o')
        sha256 = (Get-FileHash -LiteralPath $archive.FullName -Algorithm SHA256).Hash
    }
}
