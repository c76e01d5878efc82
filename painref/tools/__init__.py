"""Procedure-day tools: the blood-thinner planner, the local anesthetic dose calculator and
the lipid emulsion volumes for LAST. Qt-free services the window and the command line share;
each reads its data from the library and shows what it is based on."""
