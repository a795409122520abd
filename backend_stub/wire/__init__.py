"""Wire formats:
one framer per format, the scenario sink that writes frames and faults, golden frames.
"""
