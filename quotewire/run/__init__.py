"""Scheduling one run: the ingest run, supervised analysis workers and the Dask cluster."""
