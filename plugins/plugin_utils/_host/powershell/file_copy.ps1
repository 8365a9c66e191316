#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# file_copy primitive: copies one file the server can reach (a local path or a share) to a path on
# the server, creating the destination folder. Python has already decided the copy is needed.
# Reading a share from a remote session needs credentials that reach the share (see docs/windows.md).

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$Source,
    [Parameter(Mandatory)][string]$Destination
)

$ErrorActionPreference = 'Stop'

$folder = Split-Path -Path $Destination -Parent
if (-not (Test-Path -LiteralPath $folder)) {
    New-Item -Path $folder -ItemType Directory -Force | Out-Null
}
Copy-Item -LiteralPath $Source -Destination $Destination -Force
$item = Get-Item -LiteralPath $Destination

$Ansible.Changed = $true
$Ansible.Result = @{
    path = $Destination
    size = [long]$item.Length
    sha256 = (Get-FileHash -LiteralPath $Destination -Algorithm SHA256).Hash
}
