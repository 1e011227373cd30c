"""Content packs: versioned course content that lti-qi installs, checks and renders.

A content pack is a folder holding `pack.yaml` (the manifest), Markdown pages under `pages/` and
figures under `figures/`. The manifest describes one pathway of modules, each of stages, each of
activities (reading, knowledge check, worksheet, evidence, reflection), every item with a stable
id that learners' work is keyed by, so a pack can be upgraded without losing anyone's progress.

The package is Flask-free:

- `schema` holds the pydantic models of the manifest and the rules about single items, `fields`
  its field types (ids, versions, CPD hours, paths);
- `rules` holds the rules that span the tree (unique ids, prerequisites that point backwards);
- `manifest_yaml` reads `pack.yaml` keeping the line of every key;
- `problems` turns every broken rule into a `Problem` naming file, line and fix;
- `files` checks and reads the pages and figures the manifest refers to;
- `loader` puts these together: `check_pack` lists every problem, `load_pack` returns a fully
  valid `LoadedPack` or raises `PackInvalid`, never a half-loaded pack;
- `render` turns Markdown into sanitised HTML, for pack pages and for everything learners type.

Course designers' documentation: docs/content-packs.md.
"""
