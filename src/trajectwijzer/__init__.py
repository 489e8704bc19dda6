"""Trajectwijzer: one platform for qualifying trajectories of working adults."""

__version__ = "0.1.0"
