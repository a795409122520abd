"""Who may do what and how much: access checks, input limits, cost budgets."""
