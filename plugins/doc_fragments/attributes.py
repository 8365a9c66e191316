# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Modules that only read a server: the same attributes for every one of them.
    READ_ONLY = r"""
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: windows
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
"""
