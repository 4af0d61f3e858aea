from accord.cli import run

raise SystemExit(run())
