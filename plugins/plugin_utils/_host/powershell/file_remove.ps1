#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# file_remove primitive: deletes one file, for example an installer whose signature was refused.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string]$Path
)

$ErrorActionPreference = 'Stop'

$removed = $false
if (Test-Path -LiteralPath $Path -PathType Leaf) {
    Remove-Item -LiteralPath $Path -Force
    $removed = $true
}

$Ansible.Changed = $true
$Ansible.Result = @{
    path = $Path
    removed = $removed
}
