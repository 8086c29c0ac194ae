"""Readable versions of the course's objects, one module per subject.

Every function here takes values and returns text (plain, Markdown, JSON or HTML); none
reads files or imports a widget library. The static site, the widgets, the command line
and the facilitator material all show things through these functions, so each thing is
written out in one place:

- ``scenario``: a whole scenario as text and HTML (the static page's readable version);
- ``scorecard``: a finished path's ending and score card, and the trust/energy meters;
- ``plan_report``: the plan check-up's report, its fields and its rules;
- ``profile``: the self-assessment's profile (text, tables, charts);
- ``links``: links from any of these to the chapter that teaches a problem statement.

Learner and author text is always escaped before it goes into HTML.
"""
