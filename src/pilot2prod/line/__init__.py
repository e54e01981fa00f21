"""Line mode: the plan as plain lines, for screen readers, slow links, logs and scripts.

``pilot2prod ask NAME`` (and home, ``new``, ``open`` and ``demo`` with ``--line``,
``ACCESSIBLE=1`` or ``TERM=dumb``) walks the plan one question at a time: each prompt printed
once, answers read one line at a time from any stream, so a screen reader reads every line once,
a log reads as a transcript and a file of answers can be piped in. Never Textual, never Rich,
never an escape sequence.

The modules, by concern: :mod:`output` (plain, wrapped, cleaned lines), :mod:`reading` (lines
in: continuation, escapes, commands), :mod:`kinds` (each question kind: its prompt and how its
lines are read), :mod:`walk` (steps, questions, conditions, commands, saving), :mod:`opening`
(the recovery offer, the lock, "follow or edit as well"), :mod:`home` (the list of plans) and
:mod:`vote` (a silent vote as lines).
"""
