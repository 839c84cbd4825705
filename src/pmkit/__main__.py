from pmkit.cli import main

raise SystemExit(main())
