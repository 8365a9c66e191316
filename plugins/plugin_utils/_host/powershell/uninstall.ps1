#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# uninstall primitive: removes, quietly and in the order given, the Windows Installer products whose uninstall
# entry has one of the given DisplayNames (msiexec /x <ProductCode> /qn /norestart), and answers what it found
# before (every uninstall entry, so Python can name the related ones) and each msiexec exit code. The entries
# are read again before each name: removing one product may already have removed the next.
# Python has already decided the server may be removed (it is in staging and its successor is active), and
# which products, in which order (_rules/uninstall.py); it reads the server again afterwards.

[CmdletBinding()]
param (
    [Parameter(Mandatory)][string[]]$ProductDisplayNames
)

$ErrorActionPreference = 'Stop'

# 64-bit only: a 32-bit PowerShell cannot load the ADSync module, and it sees the 32-bit registry view.
if (-not [Environment]::Is64BitProcess) {
    throw 'This script needs a 64-bit PowerShell process; this one is 32-bit. Use the 64-bit endpoint.'
}

$uninstallKeys = @(
    'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
    'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
)

$found = @(
    Get-ChildItem -ErrorAction SilentlyContinue -Path $uninstallKeys |
        Where-Object { $_.GetValue('DisplayName') } |
        ForEach-Object {
            @{
                display_name = [string]$_.GetValue('DisplayName')
                display_version = $_.GetValue('DisplayVersion')
                product_code = $_.PSChildName
            }
        }
)

# -eq on strings ignores case, as Programs and Features does.
$removed = @(
    foreach ($name in $ProductDisplayNames) {
        $entries = @(
            Get-ChildItem -ErrorAction SilentlyContinue -Path $uninstallKeys |
                Where-Object { $_.GetValue('DisplayName') -eq $name }
        )
        foreach ($entry in $entries) {
            $arguments = @('/x', $entry.PSChildName, '/qn', '/norestart')
            $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $arguments -Wait -PassThru
            @{
                display_name = [string]$entry.GetValue('DisplayName')
                product_code = $entry.PSChildName
                exit_code = $process.ExitCode
            }
        }
    }
)

$Ansible.Changed = $true
$Ansible.Result = @{
    found = $found
    removed = $removed
}
