"""The timed terminal quiz: prompt (one question with its countdown), session (the whole
paper: order, revisits, marking, saving each answer), screens (the end screen)."""
