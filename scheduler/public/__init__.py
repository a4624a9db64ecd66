"""What visitors browse: the programme of every published event and festival timetables."""
