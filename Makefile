# The checks CI runs (.ci/run), for a developer before committing. `pip install -e '.[test,dev]'` first.
.PHONY: check test

# Lint, format and types: configured in pyproject.toml, so the bare commands check the whole tree.
check:
	ruff check
	ruff format --check
	mypy

# The README's test command.
test:
	pytest
