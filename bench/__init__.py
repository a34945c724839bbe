"""`make bench`: Orienta's whole path measured against stock Rasa (see README, "Performance")."""
