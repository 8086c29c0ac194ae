"""``python -m pe_course.cli``: the same as the ``pe-course`` command."""

import sys

from pe_course.cli import main

sys.exit(main())
