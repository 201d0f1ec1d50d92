"""python -m reference_portal --port 0 --mllp-port 0 --smtp-port 0 --test-mode"""

from reference_portal.cli import main

raise SystemExit(main())
