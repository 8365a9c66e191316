#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# uninstall primitive: removes the Windows Installer products with the given display names, quietly,
# with msiexec /x <ProductCode>. Microsoft documents uninstalling from Programs and Features; that
# the quiet MSI removal also removes the sync engine and its database is UNCONFIRMED (docs/windows.md).
# Python has already decided the server may be removed (it is in staging and its successor is active).

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string[]]$ProductDisplayNames
)

$ErrorActionPreference = 'Stop'

$entries = @(
    Get-ChildItem -ErrorAction SilentlyContinue -Path @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
    ) | Where-Object { $ProductDisplayNames -contains $_.GetValue('DisplayName') }
)

$removed = @(
    foreach ($entry in $entries) {
        $arguments = @('/x', $entry.PSChildName, '/qn', '/norestart')
        $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $arguments -Wait -PassThru
        @{
            display_name = [string]$entry.GetValue('DisplayName')
            product_code = $entry.PSChildName
            exit_code = $process.ExitCode
        }
    }
)

$Ansible.Changed = $true
$Ansible.Result = @{
    removed = $removed
}
