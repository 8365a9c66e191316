# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pending exports of a connector, read from a ``csexport /f:x`` file in one streaming pass: counts,
samples, a CSV listing, a JSON summary and the limits judged on them. Pure: no Host, nothing of Ansible."""
