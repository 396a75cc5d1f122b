"""The quality benchmark: a labelled corpus made by real tools, questions with expected facts, scorers.

    python -m bench.quality            # the full corpus (~330 generated clips + capped real sets)
    python -m bench.quality --quick    # about 60 clips, a few minutes; fails only on a crash
"""
