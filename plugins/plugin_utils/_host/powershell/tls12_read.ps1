#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# tls12_read primitive: the registry values Python names, the time the collection last wrote them, and
# the last boot time. It decides nothing; the answer must match schemas/tls12_read.json. The values are
# those of Microsoft's TLS 1.2 check script [S1] (numbers in docs/sources.md).

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][object[]]$Values,
    [Parameter(Mandatory)][string]$MarkerPath,
    [Parameter(Mandatory)][string]$MarkerName
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

function Get-RegistryValue {
    param ([string]$Path, [string]$Name)
    $key = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
    $kind = $null
    $data = $null
    if ($key -and ($key.GetValueNames() -contains $Name)) {
        $kind = $key.GetValueKind($Name).ToString()
        $data = $key.GetValue($Name, $null, 'DoNotExpandEnvironmentNames')
    }
    @{ path = $Path; name = $Name; key_exists = [bool]$key; type = $kind; data = $data }
}

$marker = Get-RegistryValue -Path $MarkerPath -Name $MarkerName
$os = Get-CimInstance -ClassName Win32_OperatingSystem

$Ansible.Result = @{
    values = @($Values | ForEach-Object { Get-RegistryValue -Path $_.path -Name $_.name })
    marker_written_utc = if ($marker.type -eq 'String') { $marker.data } else { $null }
    last_boot_utc = $os.LastBootUpTime.ToUniversalTime().ToString('o')
    now_utc = [DateTime]::UtcNow.ToString('o')
}
