"""`proposal-kit preview`: the whole proposal as one HTML page that follows the applicant's saves, each finding
of the check shown at the item it concerns; and the watch loop that `build --watch` shares.

`html` builds HTML as `render.wordml.Blocks` builds Word (the same headings and tables), `prose` turns Markdown
into it, `content` prints each outline item, `sections` says which item a finding belongs to, `page` puts
the page together (a pure function of a checked draft), `console` writes the terminal's lines, `watch`
notices saves, `server` serves the page and tells the browser when to reload.
"""
