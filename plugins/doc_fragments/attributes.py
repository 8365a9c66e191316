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

    # Modules that change a server: check mode predicts the change without making it.
    CHANGES = r"""
attributes:
  check_mode:
    support: full
    details: In check mode the module reads the server and reports what it would change, and changes nothing.
  diff_mode:
    support: full
  platform:
    platforms: windows
  action:
    support: full
  async:
    support: none
    details: The module waits for the server itself; an async task is refused with a message.
  bypass_host_loop:
    support: none
"""

    # Modules that run on the controller only (reports, comparisons, the lab folder): check mode is each module's own.
    CONTROLLER = r"""
attributes:
  diff_mode:
    support: none
  platform:
    platforms: posix
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
"""
