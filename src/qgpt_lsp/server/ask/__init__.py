"""The path of one answer: :class:`~.run.AnswerRun` owns it from request to last delta.

``plan`` says what to ask; ``run`` streams it, relays it (``relay``, and the
Markdown file: ``document``) and keeps the result; ``in_flight`` is the one place
that knows which answers are streaming (and stops them); ``citations`` and
``hints_and_persons`` turn what the backend found into cited locations, hints
and people.
"""
