#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# settings_export primitive: a server-configuration export as Microsoft's MigrateSettings.ps1 makes it
# [S23]: Get-ADSyncServerConfiguration into Exported-ServerConfiguration-<guid> under Folder, a copy of
# %ProgramData%\AADConnect\PersistedState.xml (from there whatever Folder is, as MigrateSettings.ps1 copies
# it), and MigratedPolicy.json with the policy and deployment metadata; then one zip archive of the folder
# for the controller to fetch. The archive is written with System.IO.Compression and entry names relative
# to the folder with '/', as config_export.ps1 writes them: Compress-Archive of Windows PowerShell 5.1 writes
# '\' names (PowerShell/Microsoft.PowerShell.Archive issue 48). The answer must match
# schemas/settings_export.json.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$Folder
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

$expanded = [Environment]::ExpandEnvironmentVariables($Folder).TrimEnd('\')
$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')
Add-Type -AssemblyName 'System.IO.Compression'
Add-Type -AssemblyName 'System.IO.Compression.FileSystem'

$directory = (New-Item -Path (Join-Path -Path $expanded -ChildPath "Exported-ServerConfiguration-$([guid]::NewGuid())") -ItemType Directory -Force).FullName.TrimEnd('\')
Get-ADSyncServerConfiguration -Path $directory

# MigrateSettings.ps1 copies "$programData\\PersistedState.xml" with $programData = %ProgramData%\AADConnect.
# A missing file stops it nothing (Copy-Item reports a non-terminating error and the export goes on), so
# here too the export goes on without it; the controller warns of that.
$persistedState = Join-Path -Path (Join-Path -Path $env:ProgramData -ChildPath 'AADConnect') -ChildPath 'PersistedState.xml'
if (Test-Path -LiteralPath $persistedState -PathType Leaf) {
    Copy-Item -LiteralPath $persistedState -Destination $directory
}

$engine = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters'
$service = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync'
$wizardPath = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Azure AD Connect').WizardPath
# serviceAccountType as MigrateSettings.ps1 writes it [S23]: "Unknown" unless HKLM:\SOFTWARE\Microsoft\
# MSOLCoExistence has a ServiceAccountType value; then it assigns $adSync.ServiceAccountType, and $adSync is
# a variable that script never sets, so what it writes is null. The same two outcomes here, so the new
# server's wizard imports what it would import from Microsoft's script.
$serviceAccountType = 'Unknown'
$coexistence = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\MSOLCoExistence' -ErrorAction SilentlyContinue
if ($coexistence.ServiceAccountType) {
    $serviceAccountType = $null
}
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
        serviceAccountType = $serviceAccountType
        databaseServer = $engine.Server
        databaseInstance = $engine.SQLInstance
        databaseName = $engine.DBName
        connectorIds = @(Get-ADSyncConnector | ForEach-Object { $_.Identifier.ToString() })
    }
}
$policy | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path -Path $directory -ChildPath 'MigratedPolicy.json') -Encoding UTF8

$archivePath = "$directory.zip"
try {
    $files = @(Get-ChildItem -LiteralPath $directory -Recurse -File)
    $stream = [IO.File]::Open($archivePath, [IO.FileMode]::CreateNew)
    try {
        $zip = New-Object -TypeName 'System.IO.Compression.ZipArchive' -ArgumentList @($stream, [IO.Compression.ZipArchiveMode]::Create)
        try {
            foreach ($file in $files) {
                # Relative to the export folder, with '/' between the parts, as the zip format names entries.
                $entryName = $file.FullName.Substring($directory.Length + 1).Replace('\', '/')
                [void][IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $entryName, [IO.Compression.CompressionLevel]::Optimal)
            }
        }
        finally {
            $zip.Dispose()
        }
    }
    finally {
        $stream.Dispose()
    }
}
catch {
    # A half-written archive is no export: it goes, and the error is reported.
    if (Test-Path -LiteralPath $archivePath -PathType Leaf) {
        Remove-Item -LiteralPath $archivePath -Force
    }
    throw
}
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
