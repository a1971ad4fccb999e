"""帮助: the user guide shipped with the program, and the list of keyboard shortcuts."""
