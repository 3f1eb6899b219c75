"""Training the detector's decisions from labelled mail, and measuring them honestly.

``python -m bot.learn train`` fits the decision model (``bot/detect/decision.json``) on every labelled
corpus; ``python -m bot.learn lolo`` scores it leave-one-list-out: for each list, a model trained on
all the other lists reads that list's mail, and the corpus's scorer reports the figures per list and
overall ("expected quality on lists it has not seen"). Training is reproducible: sorted inputs, a
fixed seed, plain Python floats.
"""
