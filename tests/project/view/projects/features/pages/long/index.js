Page({ data: { rows: [] } })
