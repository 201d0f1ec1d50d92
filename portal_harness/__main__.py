from portal_harness.cli import main

raise SystemExit(main())
