import sys
from pathlib import Path

# powershell_ast.py sits beside the tests.
sys.path.insert(0, str(Path(__file__).parent))
