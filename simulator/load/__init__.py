"""Load mode: many simulated mini-program users per transport, driven by Locust.

Importing `simulator.load.locustfile` or `simulator.load.runner` imports Locust, which
monkey-patches the standard library (gevent): do it only in a process meant for load.
"""
