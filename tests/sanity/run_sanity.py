"""Run `ansible-test sanity` on this checkout from a machine that cannot reach ansible-test's pip host.

ansible-test needs the collection under ansible_collections/<namespace>/<name>/, so the tracked and
new (not ignored) files are copied into a temporary tree. ansible-test bootstraps pip in each sanity
virtual environment with a get-pip script downloaded from a host these machines cannot reach; it first
looks in its cache, so a stand-in is put there that uses the interpreter's own ensurepip (in a
subprocess, keeping this machine's pip configuration) and then pip itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"

GET_PIP_STAND_IN = '''"""Stand-in for get-pip.py: bootstrap pip from ensurepip, then install what was asked."""
import subprocess
import sys

subprocess.run([sys.executable, "-m", "ensurepip", "--upgrade"], check=True)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
if args:
    subprocess.run([sys.executable, "-m", "pip", "install", *args], check=True)
'''

# Sanity tests that need what these machines cannot have; each is skipped with its reason.
SKIPPED = {
    # PSScriptAnalyzer needs pwsh, which is neither in Debian nor installable offline; the PowerShell
    # scripts are parsed by tree-sitter-powershell in tests/contract instead.
    "pslint": "needs pwsh (PowerShell), not installable on these machines",
}


def _pip_version() -> str:
    """The pip version ansible-test pins for its sanity environments (get_venv_packages' default)."""
    import ansible_test  # type: ignore[import-not-found]

    source = Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
    match = re.search(r"default_packages = dict\(\s*pip='([0-9.]+)'", source.read_text())
    if match is None:
        raise SystemExit(f"sanity: cannot find the pip version ansible-test pins in {source}")
    return match.group(1)


def install_get_pip_stand_in() -> None:
    cache = Path.home() / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"get_pip_{_pip_version().replace('.', '_')}.py").write_text(GET_PIP_STAND_IN)


def copy_collection(dest: Path) -> Path:
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    target = dest / "ansible_collections" / "hybrid_identity" / "entra_connect"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def main() -> int:
    install_get_pip_stand_in()
    with tempfile.TemporaryDirectory(prefix="entra-sanity-") as tmp:
        target = copy_collection(Path(tmp))
        for test, reason in SKIPPED.items():
            print(f"sanity: skipping {test}: {reason}")
        command = [
            "ansible-test",
            "sanity",
            "--requirements",
            "--python",
            PYTHON_VERSION,
            "--color",
            "no",
            *[arg for test in SKIPPED for arg in ("--skip-test", test)],
            *sys.argv[1:],
        ]
        print("sanity:", " ".join(command))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=tmp)
        return subprocess.run(command, cwd=target, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
