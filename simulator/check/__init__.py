"""`check`: the developer's page against every phone it will meet (platform profiles, seeded
deliveries, network profiles and the platform's traps), each cell judged against the
backend's own text. Qt-free: the CLI and the window both drive `run_matrix`."""
