#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# directory_create primitive: makes sure a folder exists, so a file can be copied into it from the
# controller.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$Path
)

$ErrorActionPreference = 'Stop'

$created = $false
if (-not (Test-Path -LiteralPath $Path)) {
    New-Item -Path $Path -ItemType Directory -Force | Out-Null
    $created = $true
}

$Ansible.Changed = $true
$Ansible.Result = @{
    path = $Path
    created = $created
}
