"""What old migrations need of the application, copied as it was when they were frozen (issue 19):
a migration imports nothing of the live package, so it means the same forever. When the live code
changes what a migration derived (the lexicon, the fingerprints), a new migration brings the data
up to date; these copies never change."""
