"""Page mode: the developer's own JS/TS page code in Node, against the emulated `wx` runtime.

Entry points: `host.PageHost` (one page process), `run.run_page` (headless runs),
`cli.page` (the `page` subcommand), `apis.API_TABLE` (what page code may call).
"""
