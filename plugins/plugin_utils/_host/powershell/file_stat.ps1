#Requires -Version 5.1
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# file_stat primitive: whether a file exists, its size and SHA-256, and (when asked) its Authenticode
# signature as Get-AuthenticodeSignature reports it. It reads only; Python decides whether the
# signature is acceptable.

# SupportsShouldProcess lets win_powershell run this read-only script in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][string]$Path,
    [Parameter(Mandatory)][bool]$Authenticode
)

# In check mode win_powershell runs the script with -WhatIf; it only reads, so no cmdlet it calls may skip
# its work for WhatIf (Get-ADSyncRunProfileResult, for one, supports ShouldProcess [S9]).
$WhatIfPreference = $false
$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

$item = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue
$file = $null
if ($item -and -not $item.PSIsContainer) {
    $signature = $null
    if ($Authenticode) {
        $reading = Get-AuthenticodeSignature -LiteralPath $Path
        $signature = @{
            status = $reading.Status.ToString()
            status_message = $reading.StatusMessage
            signer_subject = if ($reading.SignerCertificate) { $reading.SignerCertificate.Subject } else { $null }
            signer_thumbprint = if ($reading.SignerCertificate) { $reading.SignerCertificate.Thumbprint } else { $null }
        }
    }
    $file = @{
        size = [long]$item.Length
        sha256 = (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
        last_write_utc = $item.LastWriteTimeUtc.ToString('o')
        signature = $signature
    }
}

$Ansible.Result = @{
    path = $Path
    file = $file
}
