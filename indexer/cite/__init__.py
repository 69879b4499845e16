"""The parts of citation extraction, in the order they run (``indexer.citations`` runs them):

1. ``grammar`` — the shapes of Vietnamese document numbers and the words that introduce them;
2. ``find`` — numbered citations as written (``Quyết định số 12/QĐ-UBND ngày …``), and the
   surface types every finder returns (``Found``, ``NamedFound``);
3. ``titled`` — programmes, projects and plans cited by title, with the named reject rules;
4. ``named`` — laws, codes, congress and plenum resolutions cited by name (titled ones through 3);
5. ``context`` — where a mention stands (preamble, title, body, tasks) and its sentence;
6. ``relations`` — what one instrument does to another (amends, replaces, guides), as stated.

A module imports only from those above it (``tests/test_layers.py``).
"""
