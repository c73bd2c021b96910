"""Learned decisions of the fact builder, and their honest measure.

Contract: ``model.py`` holds a linear model as plain JSON (``Model.load``, ``Model.scores``),
read at extraction with no scikit-learn; ``features.py`` turns a figure candidate of an analysed
sentence into general features (the parse, word classes of ``lang/``, place in the text);
``corpus.py`` reads gold folders, caches their analyses and splits them into story folds;
``training.py`` labels candidates by aligning gold facts and fits the model (scikit-learn);
``crossval.py`` scores K-fold cross-validation, each fold extracted with a model trained on the others.
"""
