from psgraph.cli import main

raise SystemExit(main())
