"""Pure-Python domain logic: no Flask, no database, no third-party imports.

Three wings, each used from outside through its package only (its ``__init__`` is the API):

- `charts`: read a measure's data, analyse it as any chart kind, draw it as SVG;
- `worksheets`: the QI worksheets, one registration record per kind (spec, checks, diagram);
- `course`: the pathway, progress and sign-off, roles, CPD and score passback documents.

Shared helpers sit beside them: `values` (reading and writing numbers, dates and lists of
words), `svg` (the accessible SVG shell of the diagrams and bar charts) and `spreadsheet`
(CSV that never runs as formulas).
"""
