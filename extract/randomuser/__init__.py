"""Random users from the randomuser.me API (v1.4), loaded raw with dlt.

``api`` holds the API's facts and the credential-dropping rule, ``server`` an offline
stand-in that answers like the API (faults included), ``source`` the dlt source and
``load`` the run that ties them to a warehouse target and reports it.
"""

# Names the pipeline (randomuser_<destination>), the dataset (raw_randomuser) and the recorded runs.
SOURCE = "randomuser"
