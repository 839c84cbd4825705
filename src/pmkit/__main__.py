from pmkit.launcher import run

raise SystemExit(run())
