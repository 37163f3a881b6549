"""What massage-coach keeps for the user: profiles, config, history and checkpoints."""
