# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The configuration of a sync server, read from a Get-ADSyncServerConfiguration export or a sync-settings
JSON export, compared with another one's, and reported. Pure: no Host, nothing of Ansible."""
