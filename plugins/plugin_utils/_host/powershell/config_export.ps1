#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# config_export primitive: the server's configuration as Get-ADSyncServerConfiguration writes it [S9][S24]
# (Connectors\, GlobalSettings\MV.xml, SynchronizationRules\), into a fresh folder EntraConnectConfig-<guid>
# under Folder, packed into <that folder>.zip for the controller to fetch. The archive is written with
# System.IO.Compression and entry names relative to the folder with '/': Compress-Archive of Windows
# PowerShell 5.1 writes '\' names (PowerShell/Microsoft.PowerShell.Archive issue 48), which other tools read
# as file names with backslashes. The unpacked folder is removed; only the folder this script made ever is.
# It decides nothing: Python names the parent folder and reads the archive it fetches. The answer must match
# schemas/config_export.json.

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
# The ADSync module, where the sync engine is installed, as settings_export.ps1 imports it [S23].
$enginePath = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\ADSync\Parameters').Path
Import-Module -Name (Join-Path -Path $enginePath -ChildPath 'Bin\ADSync\ADSync.psd1')
Add-Type -AssemblyName 'System.IO.Compression'
Add-Type -AssemblyName 'System.IO.Compression.FileSystem'

# New-Item without -Force fails on a folder that exists: the folder is this run's own, never a leftover.
$directory = (New-Item -Path (Join-Path -Path $expanded -ChildPath "EntraConnectConfig-$([guid]::NewGuid())") -ItemType Directory).FullName.TrimEnd('\')
$archivePath = "$directory.zip"
$xmlFiles = 0
try {
    Get-ADSyncServerConfiguration -Path $directory

    $files = @(Get-ChildItem -LiteralPath $directory -Recurse -File)
    $stream = [IO.File]::Open($archivePath, [IO.FileMode]::CreateNew)
    try {
        $zip = New-Object -TypeName 'System.IO.Compression.ZipArchive' -ArgumentList @($stream, [IO.Compression.ZipArchiveMode]::Create)
        try {
            foreach ($file in $files) {
                # Relative to the export folder, with '/' between the parts, as the zip format names entries.
                $entryName = $file.FullName.Substring($directory.Length + 1).Replace('\', '/')
                [void][IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $entryName, [IO.Compression.CompressionLevel]::Optimal)
                if ($file.Extension -eq '.xml') {
                    $xmlFiles++
                }
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
    # A half-written archive of this run is no export: it goes, and the error is reported.
    if (Test-Path -LiteralPath $archivePath -PathType Leaf) {
        Remove-Item -LiteralPath $archivePath -Force
    }
    throw
}
finally {
    if (Test-Path -LiteralPath $directory -PathType Container) {
        Remove-Item -LiteralPath $directory -Recurse -Force
    }
}

$archive = Get-Item -LiteralPath $archivePath

$Ansible.Changed = $true
$Ansible.Result = @{
    computer_name = $env:COMPUTERNAME
    archive = @{
        name = $archive.Name
        path = $archive.FullName
        size = [int64]$archive.Length
        last_write_utc = $archive.LastWriteTimeUtc.ToString('o')
        sha256 = (Get-FileHash -LiteralPath $archive.FullName -Algorithm SHA256).Hash
    }
    files = $xmlFiles
}
