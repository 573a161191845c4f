"""The trained clause model: a second reader for what the rules miss (docs/model.md).

* doclint.model.features — hashed char n-grams and reading one-hots (numpy only)
* doclint.model.files — reading and checking the .npz + .json model files (no numpy)
* doclint.model.scorer — scoring at check time, in plain Python
* doclint.model.store — the model as numpy arrays, its scoring and writing (training)
* doclint.model.check — model findings at check time
* doclint.model.train — training, grouped cross-validation, thresholds (scikit-learn)
* doclint.model.labels — rule id, message and legal basis per category

Nothing here is imported by a run with ``--no-model``; ``check`` never imports numpy.
"""
